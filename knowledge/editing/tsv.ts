/**
 * The knowledge base in Azure question answering's TSV layout, both ways.
 *
 * One QnA (one QnaId) per entry and language; its first row carries the entry's question and
 * each further row one phrasing; every row of a QnA repeats its Answer, Metadata and Prompts.
 * Metadata (`key:value|key:value`) carries what Azure has no column for: `id`, `category`,
 * `lang`, `journey` and the named references (`ref1`, `ref2`, … in the row's language), with
 * `%`, `:`, `|`, tabs and line breaks percent-encoded. Prompts list the related entries' QnAs
 * in the same language. Quoting is csv-stringify's / csv-parse's (a field holding a tab, a
 * quote or a line break is quoted, quotes doubled).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { entryIdSchema, entrySchema, JOURNEYS, LANGUAGES, type FaqEntry, type Language } from '../schema';
import { canonicalEntry } from './draft';

export const TSV_COLUMNS = [
  'Question',
  'Answer',
  'Source',
  'Metadata',
  'SuggestedQuestions',
  'IsContextOnly',
  'Prompts',
  'QnaId',
  'SourceDisplayName',
] as const;
type Column = (typeof TSV_COLUMNS)[number];

/** What Source and SourceDisplayName say for QnAs written here (Azure's name for hand-written ones). */
const TSV_SOURCE = 'Editorial';

const promptsSchema = z.array(
  z.object({
    displayOrder: z.number().int(),
    qnaId: z.number().int(),
    displayText: z.string(),
  }),
);

/** A row that cannot be imported: its line in the file (1 is the header) and why. */
export interface TsvIssue {
  readonly line: number;
  readonly message: string;
}

/** A TSV file that cannot be imported; `issues` lists every bad row. Nothing was imported. */
export class TsvImportError extends Error {
  constructor(readonly issues: readonly TsvIssue[]) {
    super(`knowledge: TSV import refused, nothing imported:\n${issues.map((issue) => `  line ${issue.line}: ${issue.message}`).join('\n')}`);
    this.name = 'TsvImportError';
  }
}

function encodeMetadataValue(value: string): string {
  return value.replace(/[%:|\t\r\n]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function decodeMetadataValue(value: string): string {
  return value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function metadataOf(entry: FaqEntry, lang: Language): string {
  const pairs: [string, string][] = [
    ['id', entry.id],
    ['category', entry.category],
    ['lang', lang],
  ];
  if (entry.journey) pairs.push(['journey', entry.journey]);
  entry.references.forEach((reference, i) => pairs.push([`ref${i + 1}`, reference[lang]]));
  return pairs.map(([key, value]) => `${key}:${encodeMetadataValue(value)}`).join('|');
}

/** The entries as Azure question answering TSV, entries by id, French QnA then English. */
export function toTsv(entries: readonly FaqEntry[]): string {
  const sorted = [...entries].map(canonicalEntry).sort((a, b) => a.id.localeCompare(b.id));
  const position = new Map(sorted.map((entry, i) => [entry.id, i]));
  const qnaId = (id: string, lang: Language) => position.get(id)! * LANGUAGES.length + LANGUAGES.indexOf(lang) + 1;
  const byId = new Map(sorted.map((entry) => [entry.id, entry]));
  const rows: string[][] = [[...TSV_COLUMNS]];
  for (const entry of sorted) {
    for (const lang of LANGUAGES) {
      const text = entry[lang];
      const prompts = entry.related
        .filter((id) => byId.has(id))
        .map((id, i) => ({ displayOrder: i, qnaId: qnaId(id, lang), displayText: byId.get(id)![lang].question }));
      const shared = {
        Answer: text.answer,
        Source: TSV_SOURCE,
        Metadata: metadataOf(entry, lang),
        SuggestedQuestions: '[]',
        IsContextOnly: 'false',
        Prompts: JSON.stringify(prompts),
        QnaId: String(qnaId(entry.id, lang)),
        SourceDisplayName: TSV_SOURCE,
      };
      for (const question of [text.question, ...text.phrasings]) {
        const row: Record<Column, string> = { Question: question, ...shared };
        rows.push(TSV_COLUMNS.map((column) => row[column]));
      }
    }
  }
  return stringify(rows, { delimiter: '\t', record_delimiter: '\n' });
}

interface ParsedRow {
  readonly line: number;
  readonly fields: Record<Column, string>;
}

/** One QnA read back: the rows of one QnaId. */
interface QnaGroup {
  readonly qnaId: number;
  readonly line: number;
  readonly id: string;
  readonly lang: Language;
  readonly category: string;
  readonly journey: string | null;
  readonly references: string[];
  readonly answer: string;
  readonly questions: string[];
  readonly prompts: z.infer<typeof promptsSchema>;
  readonly signature: string;
}

function readRows(text: string, issues: TsvIssue[]): ParsedRow[] {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, {
      delimiter: '\t',
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = Number((error as { lines?: number }).lines ?? 1);
    issues.push({ line, message: `the file cannot be read as TSV (${(error as Error).message})` });
    return [];
  }
  if (records.length === 0) {
    issues.push({ line: 1, message: 'the file is empty: expected a header row' });
    return [];
  }
  let previousEnd = 0;
  let previousEmpty = 0;
  const withLines = records.map(({ record, info }) => {
    const line = previousEnd + (info.empty_lines - previousEmpty) + 1;
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, record };
  });
  const header = withLines[0]!.record.map((name) => name.trim());
  const missing = TSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    issues.push({ line: withLines[0]!.line, message: `header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
    return [];
  }
  const index = new Map(TSV_COLUMNS.map((column) => [column, header.indexOf(column)]));
  const rows: ParsedRow[] = [];
  for (const { line, record } of withLines.slice(1)) {
    if (record.length !== header.length) {
      issues.push({ line, message: `has ${record.length} columns, the header ${header.length}` });
      continue;
    }
    const fields = Object.fromEntries(TSV_COLUMNS.map((column) => [column, record[index.get(column)!]!])) as Record<Column, string>;
    rows.push({ line, fields });
  }
  return rows;
}

function parseMetadata(text: string): Map<string, string> | string {
  const pairs = new Map<string, string>();
  for (const part of text.split('|')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon <= 0) return `Metadata "${part}" is not key:value`;
    const key = part.slice(0, colon).trim().toLowerCase();
    if (pairs.has(key)) return `Metadata names "${key}" twice`;
    pairs.set(key, decodeMetadataValue(part.slice(colon + 1).trim()));
  }
  return pairs;
}

/** Reads one row's QnA-level fields, or says what is wrong with them. */
function readGroupFields(row: ParsedRow): Omit<QnaGroup, 'questions' | 'line'> | string {
  const { fields } = row;
  if (fields.Question.trim() === '') return 'Question is empty';
  if (fields.Answer.trim() === '') return 'Answer is empty';
  if (!/^\d+$/.test(fields.QnaId.trim())) return `QnaId "${fields.QnaId}" is not a whole number`;
  const contextOnly = fields.IsContextOnly.trim().toLowerCase();
  if (contextOnly === 'true') return 'IsContextOnly is true: context-only QnAs have no place in this knowledge base';
  if (contextOnly !== 'false' && contextOnly !== '') return `IsContextOnly "${fields.IsContextOnly}" is not true or false`;
  const metadata = parseMetadata(fields.Metadata);
  if (typeof metadata === 'string') return metadata;
  const id = metadata.get('id');
  if (!id) return 'Metadata lacks id:ENTRY-ID';
  if (!entryIdSchema.safeParse(id).success) return `Metadata id "${id}" must be lowercase words joined by hyphens`;
  const lang = metadata.get('lang');
  if (lang !== 'fr' && lang !== 'en') return `Metadata lang must be fr or en (got ${lang === undefined ? 'nothing' : `"${lang}"`})`;
  const category = metadata.get('category');
  if (!category) return 'Metadata lacks category:CATEGORY-ID';
  const journey = metadata.get('journey') ?? null;
  if (journey !== null && !(JOURNEYS as readonly string[]).includes(journey)) {
    return `Metadata journey "${journey}" is not one of ${JOURNEYS.join(', ')}`;
  }
  const references: string[] = [];
  for (let i = 1; metadata.has(`ref${i}`); i++) references.push(metadata.get(`ref${i}`)!);
  const known = new Set(['id', 'lang', 'category', 'journey', ...references.map((_, i) => `ref${i + 1}`)]);
  const unknown = [...metadata.keys()].filter((key) => !known.has(key));
  if (unknown.length > 0) return `Metadata key "${unknown[0]}" is not one this knowledge base knows`;
  let prompts: z.infer<typeof promptsSchema>;
  try {
    const parsed = promptsSchema.safeParse(fields.Prompts.trim() === '' ? [] : JSON.parse(fields.Prompts));
    if (!parsed.success) return `Prompts must be a JSON list of { displayOrder, qnaId, displayText } (${parsed.error.issues[0]!.message})`;
    prompts = parsed.data;
  } catch {
    return 'Prompts is not valid JSON';
  }
  if (fields.SuggestedQuestions.trim() !== '' && fields.SuggestedQuestions.trim() !== '[]') {
    try {
      JSON.parse(fields.SuggestedQuestions);
    } catch {
      return 'SuggestedQuestions is not valid JSON';
    }
  }
  return {
    qnaId: Number(fields.QnaId.trim()),
    id,
    lang,
    category,
    journey,
    references,
    answer: fields.Answer,
    prompts: [...prompts].sort((a, b) => a.displayOrder - b.displayOrder),
    signature: JSON.stringify([fields.Answer, fields.Metadata, fields.Prompts.trim() || '[]']),
  };
}

/** Which file line a field of an entry comes from: its language's QnA, else the entry's first. */
function lineOfField(groups: Partial<Record<Language, QnaGroup>>, path: readonly PropertyKey[]): number {
  const lang = path[0];
  if (lang === 'fr' || lang === 'en') return groups[lang]!.line;
  return Math.min(...Object.values(groups).map((group) => group.line));
}

/**
 * Reads an Azure question answering TSV back into entries, checking every row; throws a
 * TsvImportError listing each bad row's line when any is wrong. `categories`, when given,
 * are the category ids an entry may name.
 */
export function fromTsv(text: string, categories?: readonly string[]): FaqEntry[] {
  const issues: TsvIssue[] = [];
  const rows = readRows(text, issues);
  const groups = new Map<number, QnaGroup>();
  for (const row of rows) {
    const fields = readGroupFields(row);
    if (typeof fields === 'string') {
      issues.push({ line: row.line, message: fields });
      continue;
    }
    const group = groups.get(fields.qnaId);
    if (!group) {
      groups.set(fields.qnaId, { ...fields, line: row.line, questions: [row.fields.Question.trim()] });
    } else if (group.signature !== fields.signature) {
      issues.push({ line: row.line, message: `Answer, Metadata or Prompts differ from QnaId ${fields.qnaId}'s first row (line ${group.line})` });
    } else {
      group.questions.push(row.fields.Question.trim());
    }
  }
  const byEntry = new Map<string, Partial<Record<Language, QnaGroup>>>();
  for (const group of groups.values()) {
    const languages = byEntry.get(group.id) ?? {};
    const twin = languages[group.lang];
    if (twin) {
      issues.push({ line: group.line, message: `entry "${group.id}" has a second ${group.lang} QnA (the first is at line ${twin.line})` });
      continue;
    }
    languages[group.lang] = group;
    byEntry.set(group.id, languages);
  }
  const entries: FaqEntry[] = [];
  for (const [id, languages] of byEntry) {
    const present = LANGUAGES.filter((lang) => languages[lang]);
    const first = languages[present[0]!]!;
    const missingLang = LANGUAGES.find((lang) => !languages[lang]);
    if (missingLang) {
      issues.push({ line: first.line, message: `entry "${id}" has no ${missingLang} QnA: every entry needs both languages` });
      continue;
    }
    const fr = languages.fr!;
    const en = languages.en!;
    const disagreement =
      fr.category !== en.category
        ? 'category'
        : fr.journey !== en.journey
          ? 'journey'
          : fr.references.length !== en.references.length
            ? 'the number of references'
            : undefined;
    if (disagreement) {
      issues.push({ line: en.line, message: `entry "${id}": ${disagreement} differs between its fr QnA (line ${fr.line}) and this en one` });
      continue;
    }
    if (categories && !categories.includes(fr.category)) {
      issues.push({ line: fr.line, message: `entry "${id}": field "category" names unknown category "${fr.category}"` });
      continue;
    }
    const related: Partial<Record<Language, string[]>> = {};
    let promptError = false;
    for (const lang of LANGUAGES) {
      const group = languages[lang]!;
      const ids: string[] = [];
      for (const prompt of group.prompts) {
        const target = groups.get(prompt.qnaId);
        if (target?.lang !== lang) {
          issues.push({ line: group.line, message: `Prompts name QnaId ${prompt.qnaId}, which is no ${lang} QnA of this file` });
          promptError = true;
        } else {
          ids.push(target.id);
        }
      }
      related[lang] = ids;
    }
    if (promptError) continue;
    if (JSON.stringify(related.fr) !== JSON.stringify(related.en)) {
      issues.push({ line: en.line, message: `entry "${id}": Prompts name other entries than its fr QnA's (line ${fr.line})` });
      continue;
    }
    const candidate = {
      id,
      category: fr.category,
      fr: { question: fr.questions[0], answer: fr.answer, phrasings: fr.questions.slice(1) },
      en: { question: en.questions[0], answer: en.answer, phrasings: en.questions.slice(1) },
      related: related.fr,
      references: fr.references.map((text, i) => ({ fr: text, en: en.references[i]! })),
      journey: fr.journey,
    };
    const parsed = entrySchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ line: lineOfField(languages, issue.path), message: `entry "${id}": field "${issue.path.join('.')}" ${issue.message}` });
      }
      continue;
    }
    entries.push(canonicalEntry(parsed.data));
  }
  if (issues.length > 0) throw new TsvImportError([...issues].sort((a, b) => a.line - b.line));
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}
