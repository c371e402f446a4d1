import { ConfigurationServiceClientCredentialFactory, type Activity, type CloudAdapter, type TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  ServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type ServiceClientCredentials,
} from 'botframework-connector';
import type { Config } from '../../config';
import { ConnectorClientCache } from '../connectorCache';
import { InProcessChannelClient, type ReplyHandler } from './inProcessClient';
import type { TurnRunner } from '../../channels/directline/channel';
import type { ReplyEndpoint } from '../../channels/directline/replyEndpoint';
import type { DirectLineTokens } from '../../channels/directline/tokens';

type WebResourceLike = Parameters<ServiceClientCredentials['signRequest']>[0];

/**
 * The built-in Direct Line endpoint seen as a Bot Framework channel: the credentials with which
 * the bot's replies to its reply API (the ReplyEndpoint: this server, on loopback) are signed,
 * and the connector clients that carry them.
 *
 * Replies and proactive messages (`adapter.continueConversationAsync`) to the service URL carry
 * a short token signed with the Direct Line key and bound to the conversation, whether or not a
 * MicrosoftAppId is set: the channel runs in this process, so no Azure AD token is requested for
 * it. Calls to any other service URL (Teams, Azure Direct Line) keep the adapter's credentials.
 */
export class ChannelConnector {
  private inProcess?: InProcessChannelClient;
  /** The clients the channel's turns reply through, kept across turns as the adapter's are. */
  private connectors = new ConnectorClientCache();

  constructor(
    private readonly tokens: DirectLineTokens,
    private readonly endpoint: ReplyEndpoint,
  ) {}

  /** From now on, the replies of the channel's turns are handed to `handle` in this process (see InProcessChannelClient). */
  serveRepliesInProcess(handle: ReplyHandler): void {
    this.inProcess = new InProcessChannelClient(() => this.endpoint.serviceUrl(), handle);
    // A client kept from before would still reply over HTTP.
    this.connectors = new ConnectorClientCache();
  }

  /** A connector for a turn of this channel: in process when the service URL is this channel's. */
  private newClient(serviceUrl: string): ConnectorClient {
    const httpClient = this.inProcess && this.endpoint.localize(serviceUrl) !== undefined ? this.inProcess : undefined;
    return new ConnectorClient(this.credentials(), { baseUri: serviceUrl, ...(httpClient ? { httpClient } : {}) });
  }

  /** Credentials that sign requests to this channel; `fallback` signs everything else. */
  credentials(fallback?: ServiceClientCredentials): ServiceClientCredentials {
    return {
      signRequest: async (webResource: WebResourceLike) => {
        const conversationId = this.endpoint.conversationOf(webResource.url);
        if (conversationId === undefined) return fallback ? fallback.signRequest(webResource) : webResource;
        // A reference saved by another instance names its port: serve it here, on the shared store.
        webResource.url = this.endpoint.localize(webResource.url)!;
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
    const signed = (credentials: ServiceClientCredentials) => this.credentials(credentials);
    return new (class extends ServiceClientCredentialsFactory {
      isValidAppId(appId: string) {
        return inner.isValidAppId(appId);
      }
      isAuthenticationDisabled() {
        return inner.isAuthenticationDisabled();
      }
      async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string, validateAuthority: boolean) {
        return signed(await inner.createCredentials(appId, audience, loginEndpoint, validateAuthority));
      }
    })();
  }

  /** The channel's turns as the bot runs them: each activity through `adapter` to `logic`, replying through this connector. */
  turnRunner(adapter: CloudAdapter, appId: string | undefined, logic: (context: TurnContext) => Promise<void>): TurnRunner {
    // The channel's wire activity is the Bot Framework activity's JSON (timestamps as ISO strings, as channels send them).
    return (activity) => adapter.processActivityDirect(this.authenticateRequestResult(appId), activity as unknown as Activity, logic);
  }

  /**
   * What `adapter.processActivityDirect` needs for a turn from this channel: the bot's identity
   * (its app id as audience, or anonymous) and a connector that replies here.
   */
  authenticateRequestResult(appId: string | undefined): AuthenticateRequestResult {
    const newClient = (serviceUrl: string) => this.newClient(serviceUrl);
    const claimsIdentity = appId
      ? new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true)
      : new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);
    return {
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      claimsIdentity,
      connectorFactory: this.connectors.wrap(
        new (class extends ConnectorFactory {
          async create(serviceUrl: string) {
            return newClient(serviceUrl);
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
