import { z } from 'zod';
import {
  entryIdSchema,
  entrySchema,
  JOURNEYS,
  LANGUAGES,
  referenceSchema,
  type FaqEntry,
  type KnowledgeData,
  type Language,
} from '../schema';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** One language of an entry being written: phrasings can come later (the search needs them to be published). */
const localizedDraftSchema = z.strictObject({
  question: nonEmpty,
  answer: nonEmpty,
  phrasings: z.array(nonEmpty).default([]),
});

/**
 * An entry as staff save it: it may lack a language or phrasings while unpublished.
 * Publishing requires the full `entrySchema` (both languages, at least 6 phrasings each).
 */
export const draftEntrySchema = z.strictObject({
  id: entryIdSchema,
  category: nonEmpty,
  fr: localizedDraftSchema.optional(),
  en: localizedDraftSchema.optional(),
  related: z.array(entryIdSchema).default([]),
  references: z.array(referenceSchema).default([]),
  journey: z.enum(JOURNEYS).nullable().default(null),
});
export type DraftEntry = z.infer<typeof draftEntrySchema>;

/** Why a change to the knowledge base was refused. */
export type KnowledgeEditErrorKind = 'invalid' | 'not_found' | 'exists' | 'conflict';

/** A refused change; the message names the entry and the field, and the live index is untouched. */
export class KnowledgeEditError extends Error {
  constructor(
    readonly kind: KnowledgeEditErrorKind,
    message: string,
    /** The field at fault, as a dotted path ("en.phrasings.2"), when there is one. */
    readonly field?: string,
  ) {
    super(`knowledge: ${message}`);
    this.name = 'KnowledgeEditError';
  }
}

/** The refusal for an id no stored entry has. */
export function entryNotFound(id: string): KnowledgeEditError {
  return new KnowledgeEditError('not_found', `entry "${id}" does not exist`);
}

function labelOf(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `entry "${id}"` : 'entry';
}

/** Turns the first zod issue into a KnowledgeEditError naming the field (prefixed with `prefix`). */
export function invalid(error: z.ZodError, raw: unknown, prefix = ''): KnowledgeEditError {
  const issue = error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...(keys.length === 1 ? keys : [])].map(String);
  const field = [prefix, ...path].filter(Boolean).join('.') || '(root)';
  const message = issue.code === 'unrecognized_keys' ? `is not a known field` : issue.message;
  return new KnowledgeEditError('invalid', `${labelOf(raw)}: field "${field}" ${message}`, field);
}

/** Parses what staff sent as an entry, or throws naming the field. */
export function parseDraft(raw: unknown, prefix = ''): DraftEntry {
  const parsed = draftEntrySchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error, raw, prefix);
  return parsed.data;
}

/** A stored draft as the live entry it would publish, or throws naming what is missing. */
export function toPublishable(draft: DraftEntry): FaqEntry {
  for (const lang of LANGUAGES) {
    if (!draft[lang]) {
      throw new KnowledgeEditError(
        'invalid',
        `entry "${draft.id}": field "${lang}" is missing: an entry needs both languages before it can be published`,
        lang,
      );
    }
  }
  const parsed = entrySchema.safeParse(draft);
  if (!parsed.success) throw invalid(parsed.error, draft);
  return canonicalEntry(parsed.data);
}

/** The entry with its fields in the seed files' order, so exports and comparisons are stable. */
export function canonicalEntry(entry: FaqEntry): FaqEntry {
  const localized = (lang: Language) => ({
    question: entry[lang].question,
    answer: entry[lang].answer,
    phrasings: [...entry[lang].phrasings],
  });
  return {
    id: entry.id,
    category: entry.category,
    fr: localized('fr'),
    en: localized('en'),
    related: [...entry.related],
    references: entry.references.map((reference) => ({ fr: reference.fr, en: reference.en })),
    journey: entry.journey,
  };
}

/**
 * What a schema cannot see alone, for the entries that would be live: unique ids, known
 * categories, related ids that are live too. Throws naming the entry and the field.
 */
export function checkLiveConsistency(data: KnowledgeData): void {
  const ids = new Set<string>();
  for (const entry of data.entries) {
    if (ids.has(entry.id)) throw new KnowledgeEditError('exists', `entry "${entry.id}": field "id" duplicates another entry`, 'id');
    ids.add(entry.id);
  }
  for (const entry of data.entries) {
    checkReferences(entry, data.categories.map((c) => c.id), ids, 'live entry');
  }
}

/**
 * Checks a draft against the knowledge base it would join: its category exists and its related
 * ids name entries that exist (`what` says which: "entry", or "live entry" when publishing).
 */
export function checkReferences(
  entry: Pick<DraftEntry, 'id' | 'category' | 'related'>,
  categories: readonly string[],
  ids: ReadonlySet<string>,
  what = 'entry',
): void {
  if (!categories.includes(entry.category)) {
    throw new KnowledgeEditError(
      'invalid',
      `entry "${entry.id}": field "category" names unknown category "${entry.category}"`,
      'category',
    );
  }
  entry.related.forEach((related, i) => {
    if (!ids.has(related) || related === entry.id) {
      throw new KnowledgeEditError(
        'invalid',
        `entry "${entry.id}": field "related.${i}" names unknown ${what} "${related}"`,
        `related.${i}`,
      );
    }
  });
}
