import type { FaqEntry } from '../schema';
import { canonicalEntry, parseDraft } from './draft';
import type { EntryWrite, KnowledgeRepository } from './repository';

/** The author of the changes that load the seed files. */
export const SEED_AUTHOR = 'seed';

/**
 * Loads the seed entries (all published) into an empty repository: the first start. Resolves
 * true when it seeded, false when the repository already had a knowledge base (or another
 * instance seeded it first).
 */
export async function seedKnowledge(repository: KnowledgeRepository, entries: readonly FaqEntry[], now = new Date()): Promise<boolean> {
  if ((await repository.version()) !== 0) return false;
  const at = now.toISOString();
  const writes: EntryWrite[] = entries.map((entry) => ({
    entry: {
      id: entry.id,
      content: parseDraft(canonicalEntry(entry)),
      published: true,
      revision: 1,
      createdAt: at,
      createdBy: SEED_AUTHOR,
      updatedAt: at,
      updatedBy: SEED_AUTHOR,
    },
    kind: 'seed',
    evaluation: null,
  }));
  return (await repository.commit(0, writes, at)) !== undefined;
}
