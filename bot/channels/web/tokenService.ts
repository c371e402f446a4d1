import type { DirectLineTokens } from '../directline/tokens';
import { RESUME_TOKEN_LIFETIME_SECONDS, TOKEN_LIFETIME_SECONDS, newConversationId, newUserId } from '../directline/tokens';

/** What `POST /api/directline/token` answers: all the page needs for createDirectLine. */
export interface WebChatCredentials {
  token: string;
  conversationId: string;
  expires_in: number;
  /** The Direct Line endpoint the token is for (`createDirectLine({ domain })`). */
  domain: string;
  /**
   * Built-in endpoint only: the token the page keeps (localStorage) to come back to this
   * conversation once `token` has expired, traded at POST /api/directline/resume; and its lifetime.
   */
  resume?: string;
  resume_expires_in?: number;
}

/** Azure's Direct Line refused or could not be reached; the message never includes the secret. */
export class DirectLineUpstreamError extends Error {
  constructor(message: string) {
    super(`directline: ${message}`);
    this.name = 'DirectLineUpstreamError';
  }
}

/** How long the call to Azure's Direct Line may take. */
const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * Mints a conversation token and a resume token for the built-in endpoint at `domain`: for a new
 * conversation and a new user, or (`existing`, from a verified resume token) for that one again.
 */
export async function localCredentials(
  tokens: DirectLineTokens,
  domain: string,
  existing?: { conversationId: string; userId: string },
): Promise<WebChatCredentials> {
  const conversationId = existing?.conversationId ?? newConversationId();
  const userId = existing?.userId ?? newUserId();
  return {
    token: await tokens.sign('conversation', conversationId, userId),
    conversationId,
    expires_in: TOKEN_LIFETIME_SECONDS,
    domain,
    resume: await tokens.sign('resume', conversationId, userId),
    resume_expires_in: RESUME_TOKEN_LIFETIME_SECONDS,
  };
}

/**
 * Exchanges DIRECT_LINE_SECRET for a conversation token at `{endpoint}/tokens/generate`
 * (server to server: the secret goes in the Authorization header and nowhere else). No user id
 * is asked for: Azure's Direct Line then chooses one (`dl_…`), as this server does.
 */
export async function azureCredentials(endpoint: string, secret: string): Promise<WebChatCredentials> {
  const domain = endpoint.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${domain}/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DirectLineUpstreamError(`Direct Line could not be reached (${(error as Error).name})`);
  }
  if (!response.ok) throw new DirectLineUpstreamError(`Direct Line refused the token request (HTTP ${response.status})`);
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!body || typeof body.token !== 'string' || typeof body.conversationId !== 'string') {
    throw new DirectLineUpstreamError('Direct Line answered without a token');
  }
  return {
    token: body.token,
    conversationId: body.conversationId,
    expires_in: typeof body.expires_in === 'number' ? body.expires_in : TOKEN_LIFETIME_SECONDS,
    domain,
  };
}
