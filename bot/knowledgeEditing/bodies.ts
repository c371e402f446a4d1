import { z } from 'zod';
import { invalid, type PhrasingsToAdd, type PreviewRequest } from '../../knowledge/editing';
import { entryIdSchema, languageSchema } from '../../knowledge/schema';

/** The most drafts, included and excluded entries one preview request may name. */
const MAX_PREVIEW_DRAFTS = 20;
const MAX_PREVIEW_QUERY_LENGTH = 500;

/** POST /api/knowledge/entries/:id/phrasings */
export const phrasingsBodySchema = z.strictObject({
  lang: languageSchema,
  phrasings: z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must hold at least one phrasing').max(200),
}) satisfies z.ZodType<PhrasingsToAdd>;

/** POST /api/knowledge/preview; what is left out takes the editor's defaults. */
export const previewBodySchema = z.strictObject({
  query: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_PREVIEW_QUERY_LENGTH, `must be at most ${MAX_PREVIEW_QUERY_LENGTH} characters`),
  /** Parsed by the editor, which names the field at fault (`drafts.<i>.<field>`). */
  drafts: z.array(z.unknown()).max(MAX_PREVIEW_DRAFTS).optional(),
  include: z.array(entryIdSchema).max(MAX_PREVIEW_DRAFTS).optional(),
  exclude: z.array(entryIdSchema).max(MAX_PREVIEW_DRAFTS).optional(),
  lang: languageSchema.optional(),
  top: z.number().int().min(1).max(20).optional(),
  evaluate: z.boolean().optional(),
}) satisfies z.ZodType<PreviewRequest>;

/** The body as `schema` types it, or a KnowledgeEditError naming the field at fault (answered as a 400). */
export function parseBody<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw invalid(parsed.error, raw);
  return parsed.data;
}
