import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from './config';
import { ConnectorClientCache } from './connectorCache';

/**
 * Everything Bot Framework–specific about reaching channels sits behind this seam:
 * moving to the Microsoft 365 Agents SDK replaces this file and the bot classes in bot/.
 */
export interface AdapterOptions {
  /**
   * Extra ConfigurationBotFrameworkAuthentication keys, e.g. a local OpenID metadata URL in tests.
   * Setting any of the "custom channel" keys requires setting them all (see docs/protocols).
   */
  authentication?: ConfigurationBotFrameworkAuthenticationOptions;
  /** Credentials for outgoing calls; tests pass one that never reaches the cloud identity service. */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * The CloudAdapter: validates inbound Bot Framework JWTs whenever an app id is set
 * (anonymous only without one, which config refuses in production) and signs replies.
 */
export function createAdapter(config: Config, options: AdapterOptions = {}): CloudAdapter {
  const appSettings = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  const credentialsFactory = options.credentialsFactory ?? new ConfigurationServiceClientCredentialFactory(appSettings);
  const authentication = new TokenRejectingAuthentication(
    { ...appSettings, ...options.authentication },
    credentialsFactory,
  );
  return new CloudAdapter(authentication);
}

/** jsonwebtoken's errors for a token that is malformed, badly signed or not valid yet. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/** A bad token is the caller's fault: 401, where botbuilder would let jsonwebtoken's error become a 500. */
function asAuthenticationError(error: unknown): unknown {
  if (error instanceof AuthenticationError || !(error instanceof Error) || !TOKEN_ERRORS.has(error.name)) return error;
  return new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
}

/**
 * botbuilder's channel authentication, except that a token with a bad signature, a payload
 * that was tampered with or a `nbf` in the future is refused with 401 like every other bad token,
 * and that connector clients are reused across turns instead of rebuilt for each.
 */
class TokenRejectingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new ConnectorClientCache();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return this.withCachedConnectors(await super.authenticateRequest(activity, authHeader));
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return this.withCachedConnectors(await super.authenticateStreamingRequest(authHeader, channelIdHeader));
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.connectors.wrap(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  private withCachedConnectors(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.connectors.wrap(result.connectorFactory, result.claimsIdentity) };
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    try {
      return await super.authenticateChannelRequest(authHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }
}
