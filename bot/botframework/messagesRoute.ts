import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { sendError } from '../http/errors';

/** Longest message text the bot processes (Teams caps a message at about 28 KB of HTML; people type far less). */
export const MAX_ACTIVITY_TEXT_LENGTH = 8000;

/**
 * Largest serialized size, in bytes of JSON, of the structured fields of an inbound activity.
 * Generous for real channels: Teams channelData (tenant, team, channel, notification settings)
 * is 1–2 KB, entities hold mentions and clientInfo, attachments the message's HTML copy (up to
 * Teams' 28 KB) or an Adaptive Card, value an Adaptive Card submission or an invoke payload
 * (a message extension's action may carry a whole card). All of it fits the 256 KB body limit.
 */
export const MAX_ACTIVITY_FIELD_BYTES: Readonly<Record<'value' | 'channelData' | 'attachments' | 'entities', number>> = {
  value: 64 * 1024,
  channelData: 32 * 1024,
  attachments: 64 * 1024,
  entities: 32 * 1024,
};

/** Longest channelId and conversation id taken (Teams thread ids with a message id run to about 150 characters). */
const MAX_CHANNEL_ID_LENGTH = 64;
const MAX_CONVERSATION_ID_LENGTH = 1024;

/** What is wrong with an activity: the field, why, and the status (400, or 413 for a field over its size). */
interface ActivityProblem {
  field: string;
  message: string;
  status?: 400 | 413;
}

/** Bytes of `value` as JSON, or Infinity when it cannot be serialized (nesting too deep for the stack). */
function jsonBytes(value: unknown): number {
  try {
    // JSON.stringify gives undefined for undefined or a function, whatever its lib type says.
    const json = JSON.stringify(value) as string | undefined;
    return json === undefined ? 0 : Buffer.byteLength(json);
  } catch {
    return Infinity;
  }
}

/** The field of an activity that is missing, of the wrong kind or too large, or undefined when it can be processed. */
function activityProblem(body: unknown): ActivityProblem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { field: 'activity', message: 'the body must be a JSON object (an Activity)' };
  }
  const activity = body as Record<string, unknown>;
  const isObjectWithId = (value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
  if (typeof activity.type !== 'string' || !activity.type) return { field: 'type', message: 'type is required and must be a non-empty string' };
  if (!isObjectWithId(activity.conversation)) return { field: 'conversation', message: 'conversation.id is required and must be a string' };
  const conversationId = (activity.conversation as { id: string }).id;
  if (!conversationId || conversationId.length > MAX_CONVERSATION_ID_LENGTH) {
    return { field: 'conversation', message: `conversation.id must be 1 to ${MAX_CONVERSATION_ID_LENGTH} characters` };
  }
  if (!isObjectWithId(activity.from)) return { field: 'from', message: 'from.id is required and must be a string' };
  if (typeof activity.channelId !== 'string' || !activity.channelId || activity.channelId.length > MAX_CHANNEL_ID_LENGTH) {
    return { field: 'channelId', message: `channelId is required and must be 1 to ${MAX_CHANNEL_ID_LENGTH} characters` };
  }
  if (typeof activity.serviceUrl !== 'string' || !/^https?:\/\//i.test(activity.serviceUrl) || !URL.canParse(activity.serviceUrl)) {
    return { field: 'serviceUrl', message: 'serviceUrl is required and must be an http(s) URL' };
  }
  if (activity.text !== undefined && activity.text !== null && typeof activity.text !== 'string') {
    return { field: 'text', message: 'text must be a string' };
  }
  // Everything downstream (language detection, search, redaction) is at least linear in the text;
  // one 200 KB text once held the event loop for 38 s (issue 13, finding 7).
  if (typeof activity.text === 'string' && activity.text.length > MAX_ACTIVITY_TEXT_LENGTH) {
    return { field: 'text', status: 413, message: `text must be at most ${MAX_ACTIVITY_TEXT_LENGTH} characters` };
  }
  for (const [field, limit] of Object.entries(MAX_ACTIVITY_FIELD_BYTES)) {
    if (activity[field] !== undefined && jsonBytes(activity[field]) > limit) {
      return { field, status: 413, message: `${field} must be at most ${limit / 1024} KB of JSON` };
    }
  }
  return undefined;
}

/**
 * The Bot Framework endpoint channels (Teams, Azure Bot Service's Direct Line, the Emulator) post
 * activities to. Who may reach which conversation is the adapter's admission (messageAdmission.ts).
 */
export function registerMessageRoutes(server: Server, adapter: CloudAdapter, bot: ActivityHandlerBase): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    // A body botbuilder cannot read would fail deep in the turn (500) or, without a serviceUrl, hang on retries.
    if (!req.is('json')) return sendError(res, 415, 'unsupported_media_type', 'the body must be application/json');
    const problem = activityProblem(req.body);
    if (problem) {
      const status = problem.status ?? 400;
      return sendError(res, status, status === 413 ? 'payload_too_large' : 'bad_request', problem.message, problem.field);
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });
}
