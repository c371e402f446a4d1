import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { KnowledgeBase, SearchMode } from '../../knowledge';
import { languageSchema } from '../../knowledge/schema';
import type { AnalyticsRecorder } from '../analytics/recorder';
import { badRequest, notFound } from '../http/errors';
import { pathParam } from '../http/pathParam';
import { searchResponseBody } from './searchBody';

export const MAX_QUERY_LENGTH = 500;
export const MAX_TOP = 20;

const searchQuerySchema = z.object({
  q: z
    .string({ error: 'q is required' })
    .refine((q) => q.trim().length > 0, 'q must not be empty')
    .refine((q) => q.length <= MAX_QUERY_LENGTH, `q must be at most ${MAX_QUERY_LENGTH} characters`),
  top: z.coerce
    .number({ error: `top must be a whole number from 1 to ${MAX_TOP}` })
    .int(`top must be a whole number from 1 to ${MAX_TOP}`)
    .min(1, `top must be a whole number from 1 to ${MAX_TOP}`)
    .max(MAX_TOP, `top must be a whole number from 1 to ${MAX_TOP}`)
    .default(5),
});

/** `top` as most clients send it: absent, or a whole number of one or two digits. */
const PLAIN_TOP = /^[0-9]{1,2}$/;

/**
 * The search parameters: the common case (a non-empty query within the limit, `top` absent or
 * plainly written in range) is read directly; anything else goes through the zod schema, which
 * accepts the same values and words the errors. Found by profiling recorded searches: the
 * schema's parse was a visible part of what a search costs besides the search itself.
 */
function parseSearchQuery(q: string | undefined, top: string | undefined): { success: true; data: z.output<typeof searchQuerySchema> } | { success: false; error: z.ZodError } {
  if (q !== undefined && q.length <= MAX_QUERY_LENGTH && q.trim().length > 0) {
    if (top === undefined) return { success: true, data: { q, top: 5 } };
    if (PLAIN_TOP.test(top)) {
      const value = Number(top);
      if (value >= 1 && value <= MAX_TOP) return { success: true, data: { q, top: value } };
    }
  }
  return searchQuerySchema.safeParse({ q, top });
}

/** A query parameter given twice arrives as an array: that is a client error, not a value. */
function single(query: Record<string, unknown>, name: string): string | undefined | Error {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return new Error(`${name} must be given once`);
  return value;
}

function readParams(req: Request, names: string[]): Record<string, string | undefined> | { field: string; message: string } {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = single(query, name);
    if (value instanceof Error) return { field: name, message: value.message };
    out[name] = value;
  }
  return out;
}

function parseLang(value: string | undefined): { lang?: 'fr' | 'en'; error?: string } {
  if (value === undefined || value === '') return {};
  const parsed = languageSchema.safeParse(value.toLowerCase());
  return parsed.success ? { lang: parsed.data } : { error: 'lang must be "fr" or "en"' };
}

/** `mode=prefix` for as-you-type lookups (the last word may be unfinished), else a finished query. */
function parseMode(value: string | undefined): { mode?: SearchMode; error?: string } {
  if (value === undefined || value === '' || value === 'full') return { mode: 'full' };
  if (value === 'prefix') return { mode: 'prefix' };
  return { error: 'mode must be "full" or "prefix"' };
}

/** An empty parameter (`?surface=`) means the default, as an absent one does. */
function withDefault(value: string | undefined, fallback: string): string {
  return value === undefined || value === '' ? fallback : value;
}

type Recording = { surface: 'widget' | 'api'; record: boolean } | { field: string; message: string };

/** `surface=widget` from the widget, else an integration; `record=false` for type-ahead lookups. */
function parseRecording(params: Record<string, string | undefined>): Recording {
  const surface = withDefault(params.surface, 'api');
  if (surface !== 'widget' && surface !== 'api') return { field: 'surface', message: 'surface must be "widget" or "api"' };
  const record = withDefault(params.record, 'true');
  if (record !== 'true' && record !== 'false') return { field: 'record', message: 'record must be "true" or "false"' };
  return { surface, record: record === 'true' };
}

/**
 * The FAQ search service: what the widget, integrations and the staff console call.
 * Each search is recorded for the staff analytics when a recorder is given.
 */
export function registerFaqRoutes(server: Server, knowledge: () => KnowledgeBase, analytics?: AnalyticsRecorder): void {
  server.get('/api/faq/search', async (req: Request, res: Response) => {
    const params = readParams(req, ['q', 'lang', 'top', 'surface', 'record', 'mode']);
    if ('field' in params) return badRequest(res, String(params.field), String(params.message));
    const lang = parseLang(params.lang);
    if (lang.error) return badRequest(res, 'lang', lang.error);
    const mode = parseMode(params.mode);
    if (mode.error) return badRequest(res, 'mode', mode.error);
    const recording = parseRecording(params);
    if ('field' in recording) return badRequest(res, recording.field, recording.message);
    const parsed = parseSearchQuery(params.q, params.top === '' ? undefined : params.top);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return badRequest(res, String(issue.path[0]), issue.message);
    }
    const kb = knowledge();
    const response = kb.search(parsed.data.q, { lang: lang.lang, top: parsed.data.top, mode: mode.mode });
    const best = response.hits[0];
    const questionId =
      analytics && recording.record
        ? await analytics.recordQuestion({
            surface: recording.surface,
            text: parsed.data.q,
            lang: response.lang,
            topEntryId: best?.entry.id ?? null,
            topScore: best?.score ?? null,
            confident: response.confident,
          })
        : undefined;
    const body = searchResponseBody(kb, response, questionId);
    res.sendRaw(200, body, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  });

  server.get('/api/faq/:id', async (req: Request, res: Response) => {
    const params = readParams(req, ['lang']);
    if ('field' in params) return badRequest(res, String(params.field), String(params.message));
    const lang = parseLang(params.lang);
    if (lang.error) return badRequest(res, 'lang', lang.error);
    const kb = knowledge();
    const id = pathParam(req, 'id');
    const entry = kb.get(id);
    if (!entry) return notFound(res, `no FAQ entry with id ${JSON.stringify(id.slice(0, 100))}`);
    const language = lang.lang ?? 'fr';
    const view = kb.localize(entry, language);
    res.send(200, {
      ...view,
      lang: language,
      related: view.related.flatMap((relatedId) => {
        const related = kb.get(relatedId);
        return related ? [{ id: relatedId, question: related[language].question }] : [];
      }),
    });
  });
}
