import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { loadKnowledgeData } from '../../../knowledge';
import { fromTsv, toTsv, TSV_COLUMNS, TsvImportError } from '../../../knowledge/editing';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import type { FaqEntry } from '../../../knowledge/schema';

const seed = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const categories = seed.categories.map((category) => category.id);

function rowsOf(tsv: string): string[][] {
  return parse(tsv, { delimiter: '\t' });
}

function importErrors(tsv: string): TsvImportError {
  try {
    fromTsv(tsv, categories);
  } catch (error) {
    if (error instanceof TsvImportError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

/** Replaces one field of the data row at `index` (0 is the first row after the header), quoting as an export does. */
function withField(tsv: string, index: number, column: (typeof TSV_COLUMNS)[number], value: string): string {
  const rows = rowsOf(tsv);
  rows[index + 1]![TSV_COLUMNS.indexOf(column)] = value;
  return stringify(rows, { delimiter: '\t', record_delimiter: '\n' });
}

/** The file line a row starts on, found by its question at the start of a line. */
function lineOf(tsv: string, question: string): number {
  const index = tsv.split('\n').findIndex((line) => line.startsWith(`${question}\t`));
  if (index < 0) throw new Error(`no line starts with ${question}`);
  return index + 1;
}

const tricky: FaqEntry = {
  ...seed.entries[0]!,
  fr: { ...seed.entries[0]!.fr, answer: 'Ligne 1\n\nLigne 2 avec "guillemets"\tet une tabulation | et : deux-points' },
  references: [{ fr: 'Voir : A | B 100%', en: 'See: A | B 100%' }],
};

describe('Azure question answering TSV', () => {
  describe('toTsv', () => {
    it('writes the nine Azure columns in order', () => {
      expect(rowsOf(toTsv(seed.entries))[0]).toEqual([...TSV_COLUMNS]);
    });

    it('writes one row per question or phrasing, grouped by one QnaId per entry and language', () => {
      const rows = rowsOf(toTsv(seed.entries)).slice(1);
      const expected = seed.entries.reduce((sum, e) => sum + 2 + e.fr.phrasings.length + e.en.phrasings.length, 0);
      expect(rows).toHaveLength(expected);
      const qnaIds = new Set(rows.map((row) => row[7]));
      expect(qnaIds.size).toBe(seed.entries.length * 2);
    });

    it('carries the entry id, category and language in Metadata', () => {
      const entry = seed.entries.find((e) => e.id === '2fa-disable')!;
      const row = rowsOf(toTsv(seed.entries)).find((cells) => cells[0] === entry.en.question)!;
      expect(row[3]).toBe('id:2fa-disable|category:two-factor|lang:en|journey:two-factor');
    });

    it('lists the related entries as Prompts in the same language', () => {
      const rows = rowsOf(toTsv(seed.entries));
      const row = rows.find((cells) => cells[0] === seed.entries.find((e) => e.id === '2fa-disable')!.fr.question)!;
      const prompts = JSON.parse(row[6]!) as { displayOrder: number; qnaId: number; displayText: string }[];
      const target = rows.find((cells) => cells[7] === String(prompts[0]!.qnaId))!;
      expect(prompts[0]).toMatchObject({ displayOrder: 0, displayText: seed.entries.find((e) => e.id === '2fa-enable')!.fr.question });
      expect(target[3]).toContain('id:2fa-enable|');
      expect(target[3]).toContain('lang:fr');
    });
  });

  describe('fromTsv', () => {
    it('reads back exactly the entries it was given (round trip)', () => {
      expect(fromTsv(toTsv(seed.entries), categories)).toEqual(seed.entries);
    });

    it('keeps line breaks, quotes, tabs, pipes and colons in answers and references', () => {
      const entry = { ...tricky, related: [] };
      expect(fromTsv(toTsv([entry]), categories)).toEqual([entry]);
    });

    it('reports each bad row with its line number', () => {
      const tsv = toTsv(seed.entries);
      const rows = rowsOf(tsv);
      let broken = withField(tsv, 0, 'QnaId', 'x');
      broken = withField(broken, 4, 'Metadata', 'category:two-factor|lang:fr');
      const error = importErrors(broken);
      expect(error.issues).toEqual([
        { line: 2, message: 'QnaId "x" is not a whole number' },
        { line: lineOf(broken, rows[5]![0]!), message: 'Metadata lacks id:ENTRY-ID' },
      ]);
      expect(error.message).toContain('line 2: QnaId "x" is not a whole number');
    });

    it('counts the lines of quoted answers that span several lines', () => {
      const tsv = toTsv([{ ...tricky, related: [] }]);
      const question = tricky.en.phrasings[2]!;
      const line = lineOf(tsv, question);
      expect(line).toBeGreaterThan(rowsOf(tsv).findIndex((cells) => cells[0] === question) + 1);
      const rows = rowsOf(tsv);
      const broken = withField(tsv, rows.findIndex((cells) => cells[0] === question) - 1, 'IsContextOnly', 'maybe');
      expect(importErrors(broken).issues).toEqual([{ line, message: 'IsContextOnly "maybe" is not true or false' }]);
    });

    it('names the field of an entry that breaks the schema, at its language group', () => {
      const entry = { ...seed.entries[0]!, related: [], en: { ...seed.entries[0]!.en, phrasings: seed.entries[0]!.en.phrasings.slice(0, 2) } };
      const tsv = toTsv([entry]);
      expect(importErrors(tsv).issues).toEqual([
        { line: lineOf(tsv, entry.en.question), message: `entry "${entry.id}": field "en.phrasings" needs at least 6 phrasings` },
      ]);
    });

    it('refuses an entry given in one language only', () => {
      const rows = rowsOf(toTsv([{ ...seed.entries[0]!, related: [] }]));
      const frenchOnly = stringify(
        rows.filter((cells) => !cells[3]!.includes('lang:en')),
        { delimiter: '\t' },
      );
      expect(importErrors(frenchOnly).issues).toEqual([
        { line: 2, message: `entry "${seed.entries[0]!.id}" has no en QnA: every entry needs both languages` },
      ]);
    });

    it('refuses an unknown category', () => {
      const tsv = toTsv([{ ...seed.entries[0]!, related: [] }]).replace(/category:two-factor/g, 'category:nowhere');
      expect(importErrors(tsv).issues).toEqual([
        { line: 2, message: `entry "${seed.entries[0]!.id}": field "category" names unknown category "nowhere"` },
      ]);
    });

    it('refuses rows of one QnA whose answers differ', () => {
      const tsv = withField(toTsv([{ ...seed.entries[0]!, related: [] }]), 1, 'Answer', 'Another answer');
      expect(importErrors(tsv).issues).toEqual([
        { line: lineOf(tsv, seed.entries[0]!.fr.phrasings[0]!), message: "Answer, Metadata or Prompts differ from QnaId 1's first row (line 2)" },
      ]);
    });

    it('refuses a header without the Azure columns', () => {
      expect(importErrors('Question\tAnswer\nq\ta\n').issues).toEqual([
        { line: 1, message: 'header lacks columns Source, Metadata, SuggestedQuestions, IsContextOnly, Prompts, QnaId, SourceDisplayName' },
      ]);
    });
  });
});
