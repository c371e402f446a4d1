import type { ErrorBody } from '../../http/errors';
import { errorAnswer } from '../../http/errorTable';
import type { DirectLineChannel } from './channel';
import { MAX_STORED_ACTIVITY_CHARS } from './limits';
import { TokenError, type DirectLineTokens, type TokenClaims, type TokenScope } from './tokens';

/** What the channel's reply API answers: the stored activity's id, or an error as every route gives it. */
export interface ReplyAnswer {
  readonly status: number;
  readonly body: { id: string } | ErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

export const NO_SUCH_CONVERSATION = 'directline: no such conversation (it may have expired); start a new one';

/** The token of an `Authorization: Bearer …` header. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/**
 * The claims of the `authorization` header's token for `scope`, or the answer every Direct Line
 * route gives when it is refused: 401 when missing, invalid or expired, 403 when it is for
 * another conversation than `conversationId` (when given).
 */
export async function checkToken(
  tokens: DirectLineTokens,
  authorization: unknown,
  scope: TokenScope,
  conversationId?: string,
): Promise<TokenClaims | ReplyAnswer> {
  let claims: TokenClaims;
  try {
    claims = await tokens.verify(bearerToken(authorization), scope);
  } catch (error) {
    const refused = error instanceof TokenError ? errorAnswer(error) : undefined;
    if (!refused) throw error;
    return refused;
  }
  if (conversationId !== undefined && claims.conversationId !== conversationId) {
    return { status: 403, body: { error: 'forbidden', message: 'directline: the token is for another conversation' } };
  }
  return claims;
}

/**
 * The Bot Connector reply API of the built-in channel (sendToConversation, replyToActivity):
 * stores the bot's activity in `conversationId` when `authorization` carries this server's
 * channel token for that conversation. Served over HTTP (proactive messages, other instances)
 * and in process (the replies of a turn, see inProcessClient.ts), with the same checks.
 */
export async function acceptReply(
  tokens: DirectLineTokens,
  channel: DirectLineChannel,
  conversationId: string,
  authorization: unknown,
  payload: unknown,
): Promise<ReplyAnswer> {
  const claims = await checkToken(tokens, authorization, 'channel', conversationId);
  if ('status' in claims) return claims;
  const activity = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  if (typeof activity.type !== 'string' || activity.type.length === 0 || activity.type.length > 64) {
    return { status: 400, body: { error: 'bad_request', message: 'type is required (an activity type such as "message")', field: 'type' } };
  }
  // Reads skip anything stored over this size: refused here, so the bot's turn sees the error.
  const size = JSON.stringify(activity).length;
  if (size > MAX_STORED_ACTIVITY_CHARS) {
    return {
      status: 413,
      body: { error: 'too_large', message: `directline: an activity must be at most ${MAX_STORED_ACTIVITY_CHARS} characters of JSON (it has ${size})`, field: 'body' },
    };
  }
  const id = await channel.deliverFromBot(conversationId, activity);
  if (id === undefined) return { status: 404, body: { error: 'not_found', message: NO_SUCH_CONVERSATION } };
  return { status: 200, body: { id } };
}
