import { z } from 'zod';
import { evaluate, type LabelledQuery } from '../evaluation';
import type { KnowledgeBase } from '../knowledgeBase';
import { entryIdSchema, languageSchema, LANGUAGES, type Category, type FaqEntry, type Language } from '../schema';
import type { SearchResponse } from '../search/types';
import type { KnowledgeChanges } from './changes';
import { canonicalEntry, checkReferences, invalid, KnowledgeEditError, parseDraft, type DraftEntry } from './draft';
import { liveData, type LiveKnowledge } from './liveKnowledge';
import type {
  ChangeKind,
  ChangeRecord,
  EntryWrite,
  EvaluationDelta,
  EvaluationFigures,
  KnowledgeRepository,
  KnowledgeSnapshot,
  StoredEntry,
} from './repository';

/** How many times a change is recomputed when another instance committed in between. */
const MAX_ATTEMPTS = 5;
const MAX_PREVIEW_DRAFTS = 20;
const MAX_PREVIEW_QUERY_LENGTH = 500;

export interface KnowledgeEditorOptions {
  repository: KnowledgeRepository;
  live: LiveKnowledge;
  /** Told of every change to the live index, so other instances reload. */
  changes?: KnowledgeChanges;
  /** Labelled queries re-run after each change to the live index (none: no figures recorded). */
  evaluationSet?: readonly LabelledQuery[];
  now?: () => Date;
}

/** An entry in the staff list. */
export interface EntrySummary {
  readonly id: string;
  readonly category: string;
  readonly published: boolean;
  /** The entry's question in each language it has. */
  readonly question: Partial<Record<Language, string>>;
  readonly phrasings: Partial<Record<Language, number>>;
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What a committed change did. */
export interface ChangeResult {
  /** The knowledge version it made (unchanged when there was nothing to do). */
  readonly version: number;
  /** The entries as they are now. */
  readonly entries: readonly StoredEntry[];
  /** Whether the live index changed. */
  readonly live: boolean;
  readonly evaluation: EvaluationDelta | null;
}

/** A search result as the preview shows it. */
export interface PreviewHit {
  readonly id: string;
  readonly score: number;
  readonly question: string;
}

export interface PreviewAnswer {
  readonly lang: Language;
  readonly confident: boolean;
  readonly ambiguous: boolean;
  readonly hits: readonly PreviewHit[];
}

/** What a query returns now and what it would return with the drafts applied. */
export interface PreviewResult {
  readonly query: string;
  readonly live: PreviewAnswer;
  readonly preview: PreviewAnswer;
  /** The evaluation set on the live index (before) and with the drafts (after); null without a set. */
  readonly evaluation: EvaluationDelta | null;
}

const phrasingsBodySchema = z.strictObject({
  lang: languageSchema,
  phrasings: z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must hold at least one phrasing').max(200),
});

const previewBodySchema = z.strictObject({
  query: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_PREVIEW_QUERY_LENGTH, `must be at most ${MAX_PREVIEW_QUERY_LENGTH} characters`),
  drafts: z.array(z.unknown()).max(MAX_PREVIEW_DRAFTS).default([]),
  /** Stored entries (published or not) to include as they are saved. */
  include: z.array(entryIdSchema).max(MAX_PREVIEW_DRAFTS).default([]),
  /** Live entries to leave out, as if unpublished. */
  exclude: z.array(entryIdSchema).max(MAX_PREVIEW_DRAFTS).default([]),
  lang: languageSchema.optional(),
  top: z.number().int().min(1).max(20).default(5),
  /** Also run the evaluation set with the drafts applied (about half a second). */
  evaluate: z.boolean().default(false),
});

interface PlannedChange {
  readonly content: DraftEntry;
  readonly published: boolean;
  readonly kind: ChangeKind;
}

function parseBody<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw invalid(parsed.error, raw);
  return parsed.data;
}

function notFound(id: string): KnowledgeEditError {
  return new KnowledgeEditError('not_found', `entry "${id}" does not exist`);
}

/** The phrasing as compared for duplicates: case, spacing and accents don't make it new. */
function phrasingKey(phrasing: string): string {
  return phrasing.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * What staff do to the knowledge base: create and edit entries, add phrasings, publish and
 * unpublish, import, preview. Each change is validated against the whole knowledge base it
 * would make, committed with its history line, swapped into the live index and announced to
 * other instances; a refused change (KnowledgeEditError) leaves everything as it was.
 * An edit to a published entry is live as soon as it is saved.
 */
export class KnowledgeEditor {
  private readonly repository: KnowledgeRepository;
  private readonly live: LiveKnowledge;
  private readonly changes?: KnowledgeChanges;
  private readonly evaluationSet: readonly LabelledQuery[];
  private readonly now: () => Date;
  private readonly figures = new WeakMap<KnowledgeBase, EvaluationFigures>();

  constructor(options: KnowledgeEditorOptions) {
    // A constructor checks its arguments (docs/style): the types already demand both, so this
    // catches only a JavaScript caller or a cast, and names what is missing instead of failing later.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (!options.repository || !options.live) throw new TypeError('KnowledgeEditor: repository and live are required');
    this.repository = options.repository;
    this.live = options.live;
    this.changes = options.changes;
    this.evaluationSet = options.evaluationSet ?? [];
    this.now = options.now ?? (() => new Date());
  }

  /** The categories an entry may name (from the knowledge files). */
  get categories(): readonly Category[] {
    return this.live.files.categories;
  }

  /** Every stored entry, published or not, by id. */
  async list(): Promise<EntrySummary[]> {
    const snapshot = await this.repository.snapshot();
    return [...snapshot.entries]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((entry) => {
        const question: Partial<Record<Language, string>> = {};
        const phrasings: Partial<Record<Language, number>> = {};
        for (const lang of LANGUAGES) {
          const text = entry.content[lang];
          if (text) {
            question[lang] = text.question;
            phrasings[lang] = text.phrasings.length;
          }
        }
        return {
          id: entry.id,
          category: entry.content.category,
          published: entry.published,
          question,
          phrasings,
          revision: entry.revision,
          updatedAt: entry.updatedAt,
          updatedBy: entry.updatedBy,
        };
      });
  }

  /** One entry and its history, oldest change first. */
  async get(id: string): Promise<{ entry: StoredEntry; history: ChangeRecord[] }> {
    const entry = await this.repository.entry(id);
    if (!entry) throw notFound(id);
    return { entry, history: await this.repository.history(id) };
  }

  /** Saves a new, unpublished entry (one language is enough to start). */
  async create(raw: unknown, author: string): Promise<ChangeResult> {
    const draft = parseDraft(raw);
    return this.commit(author, (snapshot) => {
      if (snapshot.entries.some((entry) => entry.id === draft.id)) {
        throw new KnowledgeEditError('exists', `entry "${draft.id}": field "id" names an entry that already exists`, 'id');
      }
      return new Map([[draft.id, { content: draft, published: false, kind: 'create' }]]);
    });
  }

  /** Replaces an entry's content; a published entry must stay publishable, and the change is live at once. */
  async update(id: string, raw: unknown, author: string): Promise<ChangeResult> {
    const body = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : raw;
    if (body && typeof body === 'object' && 'id' in body && body.id !== id) {
      throw new KnowledgeEditError('invalid', `entry "${id}": field "id" cannot be changed (got ${JSON.stringify(body.id)})`, 'id');
    }
    const draft = parseDraft(body && typeof body === 'object' ? { ...body, id } : body);
    return this.commit(author, (snapshot) => {
      const current = findEntry(snapshot, id);
      return new Map([[id, { content: draft, published: current.published, kind: 'edit' }]]);
    });
  }

  /** Adds questions (say, a group of unanswered ones) as phrasings of an entry; ones it already has are skipped. */
  async addPhrasings(id: string, raw: unknown, author: string): Promise<ChangeResult & { added: readonly string[] }> {
    const body = parseBody(phrasingsBodySchema, raw);
    let added: string[] = [];
    const result = await this.commit(author, (snapshot) => {
      const current = findEntry(snapshot, id);
      const text = current.content[body.lang];
      if (!text) {
        throw new KnowledgeEditError('invalid', `entry "${id}": field "lang" names a language the entry has no text in yet`, 'lang');
      }
      const known = new Set([text.question, ...text.phrasings].map(phrasingKey));
      added = [];
      for (const phrasing of body.phrasings) {
        const key = phrasingKey(phrasing);
        if (known.has(key)) continue;
        known.add(key);
        added.push(phrasing);
      }
      if (added.length === 0) return new Map();
      const content: DraftEntry = { ...current.content, [body.lang]: { ...text, phrasings: [...text.phrasings, ...added] } };
      return new Map([[id, { content, published: current.published, kind: 'add-phrasings' }]]);
    });
    return { ...result, added };
  }

  /** Makes an entry live; it needs both languages and passes the full entry schema. */
  async publish(id: string, author: string): Promise<ChangeResult> {
    return this.commit(author, (snapshot) => {
      const current = findEntry(snapshot, id);
      if (current.published) return new Map();
      return new Map([[id, { content: current.content, published: true, kind: 'publish' }]]);
    });
  }

  /** Takes an entry out of the live index (refused while a live entry lists it as related). */
  async unpublish(id: string, author: string): Promise<ChangeResult> {
    return this.commit(author, (snapshot) => {
      const current = findEntry(snapshot, id);
      if (!current.published) return new Map();
      return new Map([[id, { content: current.content, published: false, kind: 'unpublish' }]]);
    });
  }

  /**
   * Creates or replaces the given entries, all published, in one change (the TSV import).
   * With `replace`, live entries absent from `entries` are unpublished, so the live index
   * becomes exactly `entries`. Entries already live with the same content are left alone.
   */
  async importEntries(entries: readonly FaqEntry[], author: string, options: { replace?: boolean } = {}): Promise<ChangeResult> {
    const drafts = entries.map((entry, i) => parseDraft(canonicalEntry(entry), `entries.${i}`));
    return this.commit(author, (snapshot) => {
      const planned = new Map<string, PlannedChange>();
      const current = new Map(snapshot.entries.map((entry) => [entry.id, entry]));
      for (const draft of drafts) {
        if (planned.has(draft.id)) {
          throw new KnowledgeEditError('exists', `entry "${draft.id}": field "id" appears twice in the import`, 'id');
        }
        const stored = current.get(draft.id);
        if (stored?.published && JSON.stringify(stored.content) === JSON.stringify(draft)) continue;
        planned.set(draft.id, { content: draft, published: true, kind: 'import' });
      }
      if (options.replace) {
        const imported = new Set(drafts.map((draft) => draft.id));
        for (const stored of snapshot.entries) {
          if (stored.published && !imported.has(stored.id)) {
            planned.set(stored.id, { content: stored.content, published: false, kind: 'unpublish' });
          }
        }
      }
      return planned;
    });
  }

  /** What a query returns now, and what it would return with the drafts applied, without saving anything. */
  async preview(raw: unknown): Promise<PreviewResult> {
    const body = parseBody(previewBodySchema, raw);
    const drafts = body.drafts.map((draft, i) => parseDraft(draft, `drafts.${i}`));
    const included: DraftEntry[] = [];
    for (const id of body.include) {
      const stored = await this.repository.entry(id);
      if (!stored) throw notFound(id);
      included.push(stored.content);
    }
    const current = this.live.current();
    const byId = new Map<string, FaqEntry>(current.entries.map((entry) => [entry.id, entry]));
    for (const id of body.exclude) byId.delete(id);
    for (const [i, draft] of [...included, ...drafts].entries()) byId.set(draft.id, searchable(draft, i));
    const candidate = this.live.build({ ...this.live.files, entries: [...byId.values()] });
    const options = { lang: body.lang, top: body.top };
    return {
      query: body.query,
      live: previewAnswer(current.search(body.query, options)),
      preview: previewAnswer(candidate.search(body.query, options)),
      evaluation:
        body.evaluate && this.evaluationSet.length > 0
          ? { before: this.evaluationOf(current), after: this.evaluationOf(candidate) }
          : null,
    };
  }

  /** Top-1 and rejection of the evaluation set on `knowledgeBase`, computed once per index. */
  evaluationOf(knowledgeBase: KnowledgeBase): EvaluationFigures {
    let figures = this.figures.get(knowledgeBase);
    if (!figures) {
      const report = evaluate(knowledgeBase, this.evaluationSet, 'hybrid');
      figures = { top1: round(report.top1), rejection: round(report.rejection) };
      this.figures.set(knowledgeBase, figures);
    }
    return figures;
  }

  /**
   * Computes a change from the latest snapshot, validates the knowledge base it makes, commits
   * it if nobody committed meanwhile (else starts over), then swaps the live index and tells
   * the other instances.
   */
  private async commit(
    author: string,
    plan: (snapshot: KnowledgeSnapshot) => Map<string, PlannedChange>,
  ): Promise<ChangeResult> {
    if (!author.trim()) throw new TypeError('KnowledgeEditor: a change needs an author');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const snapshot = await this.repository.snapshot();
      const planned = plan(snapshot);
      const current = new Map(snapshot.entries.map((entry) => [entry.id, entry]));
      if (planned.size === 0) {
        return { version: snapshot.version, entries: [], live: false, evaluation: null };
      }
      const at = this.now().toISOString();
      const next: StoredEntry[] = [...planned].map(([id, change]) => {
        const previous = current.get(id);
        return {
          id,
          content: change.content,
          published: change.published,
          revision: (previous?.revision ?? 0) + 1,
          createdAt: previous?.createdAt ?? at,
          createdBy: previous?.createdBy ?? author,
          updatedAt: at,
          updatedBy: author,
        };
      });
      const merged = new Map(current);
      for (const entry of next) merged.set(entry.id, entry);
      const ids = new Set(merged.keys());
      const categories = this.live.files.categories.map((category) => category.id);
      for (const entry of next) {
        if (!entry.published) checkReferences(entry.content, categories, ids);
      }
      const liveChanged = next.some((entry) => entry.published || current.get(entry.id)?.published);
      let knowledgeBase: KnowledgeBase | undefined;
      let evaluation: EvaluationDelta | null = null;
      if (liveChanged) {
        const data = liveData(this.live.files, [...merged.values()]);
        if (this.live.version !== snapshot.version) {
          // Our index is behind the snapshot: catch up so "before" is measured on the right one.
          await this.live.reload();
          if (this.live.version !== snapshot.version) continue;
        }
        knowledgeBase = this.live.build(data);
        if (this.evaluationSet.length > 0) {
          evaluation = { before: this.evaluationOf(this.live.current()), after: this.evaluationOf(knowledgeBase) };
        }
      }
      const writes: EntryWrite[] = next.map((entry) => ({ entry, kind: planned.get(entry.id)!.kind, evaluation }));
      const version = await this.repository.commit(snapshot.version, writes, at);
      if (version === undefined) continue;
      if (knowledgeBase) {
        this.live.install(knowledgeBase, version);
        await this.changes?.publish(version);
      } else if (this.live.version === snapshot.version) {
        this.live.install(this.live.current(), version);
      } else {
        await this.live.reload();
      }
      return { version, entries: next, live: liveChanged, evaluation };
    }
    throw new KnowledgeEditError('conflict', 'the knowledge base kept changing while this change was saved; try again');
  }
}

function findEntry(snapshot: KnowledgeSnapshot, id: string): StoredEntry {
  const entry = snapshot.entries.find((candidate) => candidate.id === id);
  if (!entry) throw notFound(id);
  return entry;
}

/**
 * A draft as the search can index it. A language not written yet borrows the other one's
 * text, so a half-written entry can be previewed (queries in that language then match it
 * only through shared words).
 */
function searchable(draft: DraftEntry, index: number): FaqEntry {
  const fr = draft.fr ?? draft.en;
  const en = draft.en ?? draft.fr;
  if (!fr || !en) {
    throw new KnowledgeEditError('invalid', `entry "${draft.id}": field "drafts.${index}.fr" or "en" is needed to preview it`, `drafts.${index}.fr`);
  }
  return { ...draft, fr, en };
}

function previewAnswer(response: SearchResponse): PreviewAnswer {
  return {
    lang: response.lang,
    confident: response.confident,
    ambiguous: response.ambiguous,
    hits: response.hits.map((hit) => ({ id: hit.entry.id, score: hit.score, question: hit.entry[response.lang].question })),
  };
}

function round(share: number): number {
  return Math.round(share * 10000) / 10000;
}
