import { z } from 'zod';

/** The two languages every user-facing text exists in. */
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

/** Stable entry ids: they appear in URLs, analytics and tests. */
export const entryIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens');

export const JOURNEYS = ['connect-customer', 'two-factor', 'missing-tab', 'role-access'] as const;
export type JourneyId = (typeof JOURNEYS)[number];

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** The text of one entry in one language. */
const localizedEntrySchema = z.object({
  question: nonEmpty,
  answer: nonEmpty,
  /** Other ways suppliers ask the same question; they feed the search. */
  phrasings: z.array(nonEmpty).min(6, 'needs at least 6 phrasings'),
});

/** A cross-reference the seed names ("voir Fournisseurs") without giving an address. */
export const referenceSchema = z.object({ fr: nonEmpty, en: nonEmpty });

export const entrySchema = z.object({
  id: entryIdSchema,
  category: nonEmpty,
  fr: localizedEntrySchema,
  en: localizedEntrySchema,
  related: z.array(entryIdSchema).default([]),
  references: z.array(referenceSchema).default([]),
  /** The guided troubleshooting journey this entry can start, if any. */
  journey: z.enum(JOURNEYS).nullable().default(null),
});

const categorySchema = z.object({ id: entryIdSchema, fr: nonEmpty, en: nonEmpty });
export const categoriesSchema = z.array(categorySchema).min(1);

/** A group of terms that mean the same thing, across both languages. Terms are accent-free. */
const synonymGroupSchema = z.object({
  concept: entryIdSchema,
  terms: z.array(nonEmpty).min(2),
});
export const synonymsSchema = z.array(synonymGroupSchema);

/** Words that carry no topic in a supplier's question ("toujours", "please"), per language. */
export const fillerWordsSchema = z.object({ fr: z.array(nonEmpty), en: z.array(nonEmpty) });

/** A chat or SMS spelling, typed as one word: letters and digits only, lower case, no accents. */
const shortFormSchema = z.string().regex(/^[a-z0-9]+$/, 'must be one lower-case word without accents');
/** What a short form stands for, as written out in full (words separated by spaces). */
const expansionSchema = z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, 'must be lower-case words without accents');

/**
 * Chat and SMS spellings of each language and what they stand for ("pk" → "pourquoi", "thru" →
 * "through", "cant" → "can t"). Queries mix languages, so a short form used by both must mean the same.
 */
export const abbreviationsSchema = z
  .object({ fr: z.record(shortFormSchema, expansionSchema), en: z.record(shortFormSchema, expansionSchema) })
  .superRefine((abbreviations, context) => {
    for (const [short, expansion] of Object.entries(abbreviations.fr)) {
      const english = abbreviations.en[short];
      if (english !== undefined && english !== expansion) {
        context.addIssue({
          code: 'custom',
          path: ['en', short],
          message: `means "${english}" in English but "${expansion}" in French; a query may be either`,
        });
      }
    }
  });

export type LocalizedEntry = z.infer<typeof localizedEntrySchema>;
export type FaqEntry = z.infer<typeof entrySchema>;
export type Category = z.infer<typeof categorySchema>;
export type SynonymGroup = z.infer<typeof synonymGroupSchema>;
export type FillerWords = z.infer<typeof fillerWordsSchema>;
export type Abbreviations = z.infer<typeof abbreviationsSchema>;

/** Everything the knowledge base is built from. */
export interface KnowledgeData {
  entries: FaqEntry[];
  categories: Category[];
  synonyms: SynonymGroup[];
  fillers: FillerWords;
  /** Chat and SMS spellings read in queries (none when absent). */
  abbreviations?: Abbreviations;
}
