import type { ConnectorClientOptions } from 'botframework-connector';
import type { ReplyAnswer } from '../../channels/directline/replyApi';

type HttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
type WebResourceLike = Parameters<HttpClient['sendRequest']>[0];
type HttpOperationResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;

/** Where the reply API of the channel answers, given a conversation, the Authorization header and the parsed body. */
export type ReplyHandler = (conversationId: string, authorization: unknown, payload: unknown) => Promise<ReplyAnswer>;

/** `v3/conversations/{id}/activities` and `…/activities/{replyToId}`: sendToConversation and replyToActivity. */
const REPLY_PATH = /^v3\/conversations\/([^/?#]+)\/activities(?:\/[^/?#]+)?\/?(?:[?#].*)?$/;

/**
 * The HTTP client of the connector that answers the built-in channel's turns: the bot's replies
 * go straight to the channel's reply API in this process instead of over loopback HTTP. Over
 * HTTP, a saturated server accepted about one new connection per event-loop turn, so under load
 * some replies waited 15-20 s in the kernel's accept queue before their request was even read
 * (the Direct Line p99 of `npm run load`). Requests are still signed by the channel credentials
 * and checked by the same code as over HTTP (replyApi.ts); anything but a reply is refused with
 * 404, as the HTTP routes would.
 */
export class InProcessChannelClient implements HttpClient {
  constructor(
    /** This instance's service URL (the credentials rewrite other instances' URLs to it). */
    private readonly serviceUrl: () => string,
    private readonly handle: ReplyHandler,
  ) {}

  async sendRequest(request: WebResourceLike): Promise<HttpOperationResponse> {
    const base = this.serviceUrl();
    const path = request.url.startsWith(base) ? request.url.slice(base.length) : undefined;
    const match = path === undefined || request.method !== 'POST' ? null : REPLY_PATH.exec(path);
    if (!match) {
      return respond(request, {
        status: 404,
        body: { error: 'not_found', message: `directline: the channel has no API ${request.method} ${path ?? request.url}` },
      });
    }
    let payload: unknown;
    try {
      payload = typeof request.body === 'string' ? JSON.parse(request.body) : request.body;
    } catch {
      return respond(request, { status: 400, body: { error: 'bad_request', message: 'directline: the body is not JSON' } });
    }
    try {
      return respond(request, await this.handle(decodeURIComponent(match[1]!), request.headers.get('authorization'), payload));
    } catch {
      // What the HTTP route answers to a failure (a database error): a 500 the connector retries
      // with backoff, as it did over HTTP; the details are not the bot's to see.
      return respond(request, { status: 500, body: { error: 'internal_error', message: 'server: the request could not be completed' } });
    }
  }
}

/** The answer as the connector's pipeline reads a response: status, JSON text and its headers. */
function respond(request: WebResourceLike, answer: ReplyAnswer): HttpOperationResponse {
  const headers = request.headers.clone();
  for (const name of headers.headerNames()) headers.remove(name);
  headers.set('content-type', 'application/json; charset=utf-8');
  for (const [name, value] of Object.entries(answer.headers ?? {})) headers.set(name, value);
  return { request, status: answer.status, headers, bodyAsText: JSON.stringify(answer.body) };
}
