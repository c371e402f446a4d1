import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { KnowledgeBase } from '../../knowledge';
import { LANGUAGES } from '../../knowledge/schema';
import { badRequest, notFound, sendError } from '../http/errors';
import { pathParam } from '../http/pathParam';
import { MAX_QUERY_LENGTH } from '../faq/routes';
import type { SuggestionRecorder } from './types';

const INVISIBLE_CONTROLS = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const acceptanceBodySchema = z.object({
  q: z
    .string({ error: 'q must be a string' })
    .refine((q) => q.trim().length > 0, 'q must not be empty')
    .refine((q) => q.length <= MAX_QUERY_LENGTH, `q must be at most ${MAX_QUERY_LENGTH} characters`)
    // Approved, q becomes a phrasing: invisible control or direction characters would go live with
    // it, and a right-to-left override would show staff reversed text.
    .refine((q) => !INVISIBLE_CONTROLS.test(q), 'q must not hold control or text-direction characters'),
  lang: z.enum(LANGUAGES, { error: 'lang must be "fr" or "en"' }),
});

/** Whether the search offers `entryId` for `q` now: a suggestion, or one of two entries too close to choose. */
function wasOffered(knowledge: KnowledgeBase, q: string, entryId: string): boolean {
  const response = knowledge.search(q);
  const offered = response.ambiguous ? response.hits.slice(0, 2) : response.suggestions;
  return offered.some((hit) => hit.entry.id === entryId);
}

/**
 * `POST /api/faq/:id/suggestion {"q", "lang"}` → 204: the widget's supplier opened entry `:id`
 * from "Possible matches" for question `q`. Anyone may call it, so only what the search really
 * offers for `q` is recorded (409 otherwise): a client cannot make any text a candidate phrasing
 * of any entry. Rate-limited per client like the feedback (rateLimits/publicLimits.ts).
 */
export function registerSuggestionAcceptanceRoute(server: Server, knowledge: () => KnowledgeBase, recorder: SuggestionRecorder): void {
  server.post('/api/faq/:id/suggestion', async (req: Request, res: Response) => {
    if (!req.is('json')) return sendError(res, 415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return badRequest(res, 'body', 'the body must be a JSON object');
    const parsed = acceptanceBodySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return badRequest(res, String(issue.path[0]), issue.message);
    }
    const id = pathParam(req, 'id');
    const kb = knowledge();
    if (!kb.get(id)) return notFound(res, `no FAQ entry with id ${JSON.stringify(id.slice(0, 100))}`);
    if (!wasOffered(kb, parsed.data.q, id)) {
      return sendError(res, 409, 'not_suggested', `entry ${JSON.stringify(id)} is not a suggestion for this question`, 'q');
    }
    // The candidate becomes a phrasing in this language: the text's own, the widget's when it can't be told.
    const lang = kb.detectLanguage(parsed.data.q, parsed.data.lang);
    await recorder.recordAcceptance({ text: parsed.data.q, lang, entryId: id, surface: 'widget' });
    res.send(204);
  });
}
