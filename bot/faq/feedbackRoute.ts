import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { KnowledgeBase, Language } from '../../knowledge';
import { LANGUAGES } from '../../knowledge/schema';
import type { AnalyticsRecorder } from '../analytics/recorder';
import { badRequest, notFound, sendError } from '../http/errors';
import { pathParam } from '../http/pathParam';

/** One "was this helpful?" answer about an FAQ entry, given in the widget. */
export interface FaqFeedback {
  entryId: string;
  lang: Language;
  helpful: boolean;
  surface: 'widget';
  /** The recorded question the answer was opened for (from `/api/faq/search?record=true`), if any. */
  questionId?: string;
}

/** Where feedback goes (the staff analytics and its `feedback` table in production, an array in tests). */
export interface FeedbackRecorder {
  record(feedback: FaqFeedback): Promise<void>;
}

const feedbackBodySchema = z.object({
  helpful: z.boolean({ error: 'helpful must be true or false' }),
  lang: z.enum(LANGUAGES, { error: 'lang must be "fr" or "en"' }),
  questionId: z
    .string({ error: 'questionId must be a string' })
    .min(1, 'questionId must not be empty')
    .max(100, 'questionId must be at most 100 characters')
    .optional(),
});

/** `POST /api/faq/:id/feedback {"helpful": true|false, "lang": "fr"|"en", "questionId"?}` → 204. */
export function registerFaqFeedbackRoutes(
  server: Server,
  knowledge: () => KnowledgeBase,
  recorder: FeedbackRecorder,
): void {
  server.post('/api/faq/:id/feedback', async (req: Request, res: Response) => {
    if (!req.is('json')) {
      return sendError(res, 415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
    }
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return badRequest(res, 'body', 'the body must be a JSON object');
    }
    const parsed = feedbackBodySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return badRequest(res, String(issue.path[0]), issue.message);
    }
    const id = pathParam(req, 'id');
    if (!knowledge().get(id)) return notFound(res, `no FAQ entry with id ${JSON.stringify(id.slice(0, 100))}`);
    const { helpful, lang, questionId } = parsed.data;
    await recorder.record({ entryId: id, lang, helpful, surface: 'widget', ...(questionId ? { questionId } : {}) });
    res.send(204);
  });
}

/**
 * Widget feedback into the staff analytics, which writes it to the `feedback` table, tied to
 * the recorded question when the widget knows it.
 */
export function analyticsFeedbackRecorder(analytics: AnalyticsRecorder): FeedbackRecorder {
  return {
    async record({ entryId, lang, helpful, surface, questionId }) {
      await analytics.recordFeedback(questionId ? { questionId, entryId } : { entryId, lang, surface }, helpful);
    },
  };
}
