import { evaluate, type LabelledQuery } from '../evaluation';
import type { KnowledgeBase } from '../knowledgeBase';
import type { Category, FaqEntry } from '../schema';
import type { KnowledgeChanges } from './changes';
import { commitChange, type ChangePlan, type ChangeResult, type CommitTarget, type PlannedChange } from './commit';
import { canonicalEntry, entryNotFound, KnowledgeEditError, parseDraft, type DraftEntry } from './draft';
import { summarize, type EntrySummary } from './entrySummary';
import type { LiveKnowledge } from './liveKnowledge';
import { newPhrasings, type PhrasingsToAdd } from './phrasings';
import { previewChanges, type PreviewRequest, type PreviewResult } from './preview';
import type { ChangeRecord, EvaluationFigures, KnowledgeRepository, KnowledgeSnapshot, StoredEntry } from './repository';

export interface KnowledgeEditorOptions {
  repository: KnowledgeRepository;
  live: LiveKnowledge;
  /** Told of every change to the live index, so other instances reload. */
  changes?: KnowledgeChanges;
  /** Labelled queries re-run after each change to the live index (none: no figures recorded). */
  evaluationSet?: readonly LabelledQuery[];
  now?: () => Date;
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
  private readonly evaluationSet: readonly LabelledQuery[];
  private readonly figures = new WeakMap<KnowledgeBase, EvaluationFigures>();
  private readonly target: CommitTarget;

  constructor(options: KnowledgeEditorOptions) {
    // A constructor checks its arguments (docs/style): the types already demand both, so this
    // catches only a JavaScript caller or a cast, and names what is missing instead of failing later.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (!options.repository || !options.live) throw new TypeError('KnowledgeEditor: repository and live are required');
    this.repository = options.repository;
    this.live = options.live;
    this.evaluationSet = options.evaluationSet ?? [];
    this.target = {
      repository: options.repository,
      live: options.live,
      changes: options.changes,
      now: options.now ?? (() => new Date()),
      evaluationOf: this.evaluationSet.length > 0 ? (knowledgeBase) => this.evaluationOf(knowledgeBase) : null,
    };
  }

  /** The categories an entry may name (from the knowledge files). */
  get categories(): readonly Category[] {
    return this.live.files.categories;
  }

  /** Every stored entry, published or not, by id. */
  async list(): Promise<EntrySummary[]> {
    const snapshot = await this.repository.snapshot();
    return [...snapshot.entries].sort((a, b) => a.id.localeCompare(b.id)).map(summarize);
  }

  /** One entry and its history, oldest change first. */
  async get(id: string): Promise<{ entry: StoredEntry; history: ChangeRecord[] }> {
    const entry = await this.repository.entry(id);
    if (!entry) throw entryNotFound(id);
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
  async addPhrasings(id: string, request: PhrasingsToAdd, author: string): Promise<ChangeResult & { added: readonly string[] }> {
    let added: string[] = [];
    const result = await this.commit(author, (snapshot) => {
      const current = findEntry(snapshot, id);
      added = newPhrasings(id, current.content, request);
      if (added.length === 0) return new Map();
      const text = current.content[request.lang]!;
      const content: DraftEntry = { ...current.content, [request.lang]: { ...text, phrasings: [...text.phrasings, ...added] } };
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
  preview(request: PreviewRequest): Promise<PreviewResult> {
    return previewChanges({ repository: this.repository, live: this.live, evaluationOf: this.target.evaluationOf }, request);
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

  private commit(author: string, plan: ChangePlan): Promise<ChangeResult> {
    return commitChange(this.target, author, plan);
  }
}

function findEntry(snapshot: KnowledgeSnapshot, id: string): StoredEntry {
  const entry = snapshot.entries.find((candidate) => candidate.id === id);
  if (!entry) throw entryNotFound(id);
  return entry;
}

function round(share: number): number {
  return Math.round(share * 10000) / 10000;
}
