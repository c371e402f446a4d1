import type { KnowledgeBase } from '../knowledgeBase';
import type { KnowledgeChanges } from './changes';
import { checkReferences, KnowledgeEditError, type DraftEntry } from './draft';
import { liveData, type LiveKnowledge } from './liveKnowledge';
import type { ChangeKind, EntryWrite, EvaluationDelta, EvaluationFigures, KnowledgeRepository, KnowledgeSnapshot, StoredEntry } from './repository';

/** How many times a change is recomputed when another instance committed in between. */
const MAX_ATTEMPTS = 5;

/** What a change does to one entry. */
export interface PlannedChange {
  readonly content: DraftEntry;
  readonly published: boolean;
  readonly kind: ChangeKind;
}

/** Works out a change from the latest snapshot: the entries to write, by id (none: nothing to do). */
export type ChangePlan = (snapshot: KnowledgeSnapshot) => Map<string, PlannedChange>;

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

/** Where a change is committed and announced. */
export interface CommitTarget {
  readonly repository: KnowledgeRepository;
  readonly live: LiveKnowledge;
  readonly changes?: KnowledgeChanges;
  readonly now: () => Date;
  /** The evaluation figures of an index, or null when there is no evaluation set. */
  readonly evaluationOf: ((knowledgeBase: KnowledgeBase) => EvaluationFigures) | null;
}

/**
 * Computes a change from the latest snapshot, validates the knowledge base it makes, commits
 * it if nobody committed meanwhile (else starts over), then swaps the live index and tells
 * the other instances.
 */
export async function commitChange(target: CommitTarget, author: string, plan: ChangePlan): Promise<ChangeResult> {
  if (!author.trim()) throw new TypeError('KnowledgeEditor: a change needs an author');
  const { repository, live } = target;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const snapshot = await repository.snapshot();
    const planned = plan(snapshot);
    const current = new Map(snapshot.entries.map((entry) => [entry.id, entry]));
    if (planned.size === 0) {
      return { version: snapshot.version, entries: [], live: false, evaluation: null };
    }
    const at = target.now().toISOString();
    const next = nextEntries(planned, current, author, at);
    const merged = new Map(current);
    for (const entry of next) merged.set(entry.id, entry);
    const ids = new Set(merged.keys());
    const categories = live.files.categories.map((category) => category.id);
    for (const entry of next) {
      if (!entry.published) checkReferences(entry.content, categories, ids);
    }
    const liveChanged = next.some((entry) => entry.published || current.get(entry.id)?.published);
    let knowledgeBase: KnowledgeBase | undefined;
    let evaluation: EvaluationDelta | null = null;
    if (liveChanged) {
      const data = liveData(live.files, [...merged.values()]);
      if (live.version !== snapshot.version) {
        // Our index is behind the snapshot: catch up so "before" is measured on the right one.
        await live.reload();
        if (live.version !== snapshot.version) continue;
      }
      knowledgeBase = live.build(data);
      if (target.evaluationOf) {
        evaluation = { before: target.evaluationOf(live.current()), after: target.evaluationOf(knowledgeBase) };
      }
    }
    const writes: EntryWrite[] = next.map((entry) => ({ entry, kind: planned.get(entry.id)!.kind, evaluation }));
    const version = await repository.commit(snapshot.version, writes, at);
    if (version === undefined) continue;
    await installVersion(target, snapshot.version, version, knowledgeBase);
    return { version, entries: next, live: liveChanged, evaluation };
  }
  throw new KnowledgeEditError('conflict', 'the knowledge base kept changing while this change was saved; try again');
}

/** The stored entries the plan makes: one revision on from the current ones, stamped with `author` and `at`. */
function nextEntries(planned: Map<string, PlannedChange>, current: Map<string, StoredEntry>, author: string, at: string): StoredEntry[] {
  return [...planned].map(([id, change]) => {
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
}

/** After a commit: the new index goes live and is announced, or the live version moves on (reloading if another instance got in between). */
async function installVersion(target: CommitTarget, snapshotVersion: number, version: number, knowledgeBase: KnowledgeBase | undefined): Promise<void> {
  const { live } = target;
  if (knowledgeBase) {
    live.install(knowledgeBase, version);
    await target.changes?.publish(version);
  } else if (live.version === snapshotVersion) {
    live.install(live.current(), version);
  } else {
    await live.reload();
  }
}
