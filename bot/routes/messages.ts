import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { badRequest, sendError } from '../http/errors';

/** The field of an activity that is missing or of the wrong kind, or undefined when it can be processed. */
export function activityProblem(body: unknown): { field: string; message: string } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { field: 'activity', message: 'the body must be a JSON object (an Activity)' };
  }
  const activity = body as Record<string, unknown>;
  const isObjectWithId = (value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
  if (typeof activity.type !== 'string' || !activity.type) return { field: 'type', message: 'type is required and must be a non-empty string' };
  if (!isObjectWithId(activity.conversation)) return { field: 'conversation', message: 'conversation.id is required and must be a string' };
  if (!isObjectWithId(activity.from)) return { field: 'from', message: 'from.id is required and must be a string' };
  if (typeof activity.serviceUrl !== 'string' || !/^https?:\/\//i.test(activity.serviceUrl) || !URL.canParse(activity.serviceUrl)) {
    return { field: 'serviceUrl', message: 'serviceUrl is required and must be an http(s) URL' };
  }
  if (activity.text !== undefined && activity.text !== null && typeof activity.text !== 'string') {
    return { field: 'text', message: 'text must be a string' };
  }
  return undefined;
}

/** The Bot Framework endpoint channels (Teams, Direct Line, the Emulator) post activities to. */
export function registerMessageRoutes(server: Server, adapter: CloudAdapter, bot: ActivityHandlerBase): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    // A body botbuilder cannot read would fail deep in the turn (500) or, without a serviceUrl, hang on retries.
    if (!req.is('json')) return sendError(res, 415, 'unsupported_media_type', 'the body must be application/json');
    const problem = activityProblem(req.body);
    if (problem) return badRequest(res, problem.field, problem.message);
    await adapter.process(req, res, (context) => bot.run(context));
  });
}
