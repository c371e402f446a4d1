import type { DraftEntry } from './draft';

/** What a change did to an entry. `seed` and `import` come from files; the rest from staff. */
export const CHANGE_KINDS = ['seed', 'create', 'edit', 'add-phrasings', 'publish', 'unpublish', 'import'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The evaluation set's figures for one version of the live knowledge base. */
export interface EvaluationFigures {
  readonly top1: number;
  readonly rejection: number;
}

/** Whether a change moved the evaluation set's figures. */
export interface EvaluationDelta {
  readonly before: EvaluationFigures;
  readonly after: EvaluationFigures;
}

/** An entry as the database holds it: its current content, and whether it is live. */
export interface StoredEntry {
  readonly id: string;
  readonly content: DraftEntry;
  readonly published: boolean;
  /** How many changes the entry has seen (1 after its creation). */
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** One line of an entry's history: who changed it, when, how, and what it was afterwards. */
export interface ChangeRecord {
  readonly seq: number;
  readonly entryId: string;
  readonly revision: number;
  readonly kind: ChangeKind;
  readonly author: string;
  readonly at: string;
  readonly content: DraftEntry;
  readonly published: boolean;
  /** The knowledge version this change made. */
  readonly version: number;
  /** Set when the change altered the live index. */
  readonly evaluation: EvaluationDelta | null;
}

/** Every entry at one knowledge version. */
export interface KnowledgeSnapshot {
  readonly version: number;
  readonly entries: readonly StoredEntry[];
}

/** One entry's new state and the history line that explains it. */
export interface EntryWrite {
  readonly entry: StoredEntry;
  readonly kind: ChangeKind;
  readonly evaluation: EvaluationDelta | null;
}

/**
 * Where edited knowledge lives (one implementation per engine family: `SqlKnowledgeRepository`).
 * Writes are optimistic: `commit` succeeds only if nobody committed since the snapshot it was
 * computed from, so two instances editing at once never lose a change.
 */
export interface KnowledgeRepository {
  /** The version of the last committed change; 0 before the seed. */
  version(): Promise<number>;
  snapshot(): Promise<KnowledgeSnapshot>;
  entry(id: string): Promise<StoredEntry | undefined>;
  /** An entry's changes, oldest first. */
  history(id: string): Promise<ChangeRecord[]>;
  /**
   * Writes the entries and their history lines as version `expectedVersion + 1`, all or nothing.
   * Returns that version, or undefined (having written nothing) when the version has moved on.
   */
  commit(expectedVersion: number, writes: readonly EntryWrite[], at: string): Promise<number | undefined>;
}
