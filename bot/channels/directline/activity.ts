import { z } from 'zod';
import { FIELD_LIMITS, MAX_ATTACHMENTS, MAX_ENTITIES, MAX_TEXT_LENGTH } from './limits';

const shortString = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/**
 * What a client may post to `POST /v3/directline/conversations/:id/activities`. Server-owned
 * fields (id, timestamp, conversation, recipient, serviceUrl, channelId) are never taken from
 * the client; `from.id` always comes from the token.
 */
const userActivitySchema = z.object({
  type: z.enum(['message', 'event', 'typing'], { error: 'must be "message", "event" or "typing"' }),
  text: shortString(MAX_TEXT_LENGTH).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml'], { error: 'must be "plain", "markdown" or "xml"' }).optional(),
  locale: z
    .string()
    .max(35, 'must be at most 35 characters')
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as fr-FR')
    .optional(),
  name: shortString(256).optional(),
  value: z.unknown().optional(),
  from: z.object({ id: shortString(256).optional(), name: shortString(256).optional(), role: shortString(32).optional() }).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  attachments: z.array(z.record(z.string(), z.unknown())).max(MAX_ATTACHMENTS, `must hold at most ${MAX_ATTACHMENTS} items`).optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(MAX_ENTITIES, `must hold at most ${MAX_ENTITIES} items`).optional(),
  localTimestamp: shortString(64).optional(),
  localTimezone: shortString(64).optional(),
});

export type UserActivity = z.infer<typeof userActivitySchema>;

/** A posted activity that is refused: the field, what is wrong, and the status (400 malformed, 413 too large). */
export interface ActivityProblem {
  field: string;
  message: string;
  status: 400 | 413;
}

/** The first free-form field whose JSON is over its cap, if any. */
function oversizedField(activity: UserActivity): ActivityProblem | undefined {
  for (const field of Object.keys(FIELD_LIMITS) as (keyof typeof FIELD_LIMITS)[]) {
    const value = activity[field];
    if (value === undefined) continue;
    // A value parsed from JSON (undefined was skipped above) always stringifies to a string.
    const size = JSON.stringify(value).length;
    if (size > FIELD_LIMITS[field]) {
      return { field, status: 413, message: `${field} must be at most ${FIELD_LIMITS[field]} characters of JSON (it has ${size})` };
    }
  }
  return undefined;
}

/** Either the activity, or the first bad field (`text`, `from.name`, …), what is wrong with it and the status. */
export function parseUserActivity(body: unknown): { activity: UserActivity } | ActivityProblem {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { field: 'body', message: 'body must be a JSON activity object', status: 400 };
  }
  const parsed = userActivitySchema.safeParse(body);
  if (parsed.success) return oversizedField(parsed.data) ?? { activity: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  const message = issue.code === 'invalid_type' && issue.input === undefined ? `${field} is required` : `${field} ${issue.message}`;
  return { field, message, status: 400 };
}

/** The watermark query parameter: absent or empty means "from the start". */
export function parseWatermark(value: unknown): { watermark?: number } | { field: 'watermark'; message: string } {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) {
    return { field: 'watermark', message: 'watermark must be a whole number returned by a previous call' };
  }
  return { watermark: Number(value) };
}
