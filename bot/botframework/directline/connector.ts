import type { AddressInfo } from 'node:net';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  ServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type ServiceClientCredentials,
} from 'botframework-connector';
import type { Server } from 'restify';
import type { Config } from '../../config';
import { ConnectorClientCache } from '../connectorCache';
import { InProcessChannelClient, type ReplyHandler } from './inProcessClient';
import type { DirectLineTokens } from '../../channels/directline/tokens';

/** Where this server's Bot Connector reply API lives (the `serviceUrl` of Direct Line activities). */
export const CHANNEL_PATH = '/directline-channel/';

type WebResourceLike = Parameters<ServiceClientCredentials['signRequest']>[0];

/**
 * The built-in Direct Line endpoint seen as a Bot Framework channel: its `serviceUrl` (this
 * server, on loopback), and the credentials with which the bot's replies to that URL are signed.
 *
 * Replies and proactive messages (`adapter.continueConversationAsync`) to the service URL carry
 * a short token signed with the Direct Line key and bound to the conversation, whether or not a
 * MicrosoftAppId is set: the channel runs in this process, so no Azure AD token is requested for
 * it. Calls to any other service URL (Teams, Azure Direct Line) keep the adapter's credentials.
 */
export class ChannelConnector {
  private server?: Server;
  private inProcess?: InProcessChannelClient;
  /** The clients the channel's turns reply through, kept across turns as the adapter's are. */
  private connectors = new ConnectorClientCache();

  constructor(private readonly tokens: DirectLineTokens) {}

  /** The server whose own address is the service URL; set when routes are registered. */
  bind(server: Server): void {
    this.server = server;
  }

  /** From now on, the replies of the channel's turns are handed to `handle` in this process (see InProcessChannelClient). */
  serveRepliesInProcess(handle: ReplyHandler): void {
    this.inProcess = new InProcessChannelClient(() => this.serviceUrl(), handle);
    // A client kept from before would still reply over HTTP.
    this.connectors = new ConnectorClientCache();
  }

  /** A connector for a turn of this channel: in process when the service URL is this channel's. */
  private newClient(serviceUrl: string): ConnectorClient {
    const httpClient = this.inProcess && this.localize(serviceUrl) !== undefined ? this.inProcess : undefined;
    return new ConnectorClient(this.credentials(), { baseUri: serviceUrl, ...(httpClient ? { httpClient } : {}) });
  }

  /** `http://127.0.0.1:PORT/directline-channel/` once the server listens. */
  serviceUrl(): string {
    const address = this.server?.server.address() as AddressInfo | null | undefined;
    if (!address || typeof address !== 'object') throw new Error('directline: the server is not listening yet');
    const wildcard = address.address === '0.0.0.0' || address.address === '::' || address.address === '';
    const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}${CHANNEL_PATH}`;
  }

  /**
   * The conversation a request to this channel's reply API is for, or undefined if the URL is not ours.
   * Ours: this server's service URL, or the channel path on any loopback address — the service URL
   * another instance of this server put in a conversation reference. Conversations are shared
   * between instances, so such a request is served here (see `localize`).
   */
  conversationOf(url: string): string | undefined {
    const local = this.localize(url);
    if (local === undefined) return undefined;
    const match = /^v3\/conversations\/([^/?#]+)/.exec(local.slice(this.serviceUrl().length));
    return match ? decodeURIComponent(match[1]!) : undefined;
  }

  /** A channel URL rewritten to this instance's own service URL; undefined when the URL is not the channel's. */
  localize(url: string): string | undefined {
    let base: string;
    try {
      base = this.serviceUrl();
    } catch {
      return undefined;
    }
    if (url.startsWith(base)) return url;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(parsed.hostname);
    if (!loopback || parsed.protocol !== 'http:' || !parsed.pathname.startsWith(CHANNEL_PATH)) return undefined;
    return base + url.slice(parsed.origin.length + CHANNEL_PATH.length);
  }

  /** Credentials that sign requests to this channel; `fallback` signs everything else. */
  credentials(fallback?: ServiceClientCredentials): ServiceClientCredentials {
    return {
      signRequest: async (webResource: WebResourceLike) => {
        const conversationId = this.conversationOf(webResource.url);
        if (conversationId === undefined) return fallback ? fallback.signRequest(webResource) : webResource;
        // A reference saved by another instance names its port: serve it here, on the shared store.
        webResource.url = this.localize(webResource.url)!;
        webResource.headers.set('authorization', `Bearer ${await this.tokens.sign('channel', conversationId, 'bot')}`);
        return webResource;
      },
    };
  }

  /**
   * Wraps the adapter's credentials factory so proactive messages to this channel are signed
   * with the channel key (see the class comment); everything else is delegated unchanged.
   */
  wrapCredentialsFactory(inner: ServiceClientCredentialsFactory): ServiceClientCredentialsFactory {
    const connector = this;
    return new (class extends ServiceClientCredentialsFactory {
      isValidAppId(appId: string) {
        return inner.isValidAppId(appId);
      }
      isAuthenticationDisabled() {
        return inner.isAuthenticationDisabled();
      }
      async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string, validateAuthority: boolean) {
        return connector.credentials(await inner.createCredentials(appId, audience, loginEndpoint, validateAuthority));
      }
    })();
  }

  /**
   * What `adapter.processActivityDirect` needs for a turn from this channel: the bot's identity
   * (its app id as audience, or anonymous) and a connector that replies here.
   */
  authenticateRequestResult(appId: string | undefined): AuthenticateRequestResult {
    const connector = this;
    const claimsIdentity = appId
      ? new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true)
      : new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
    return {
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      claimsIdentity,
      connectorFactory: this.connectors.wrap(
        new (class extends ConnectorFactory {
          async create(serviceUrl: string) {
            return connector.newClient(serviceUrl);
          }
        })(),
        claimsIdentity,
      ),
    };
  }
}

/** The credentials factory createAdapter would build from the configuration, for wrapping. */
export function configuredCredentialsFactory(config: Readonly<Config>): ServiceClientCredentialsFactory {
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  });
}
