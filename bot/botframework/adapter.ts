import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request as BotRequest,
  type Response as BotResponse,
  type TurnContext,
} from 'botbuilder';
import type { INodeBuffer, INodeSocket } from 'botframework-streaming';
import type { Request as RestifyRequest } from 'restify';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../config';
import { ConnectorClientCache } from './connectorCache';
import type { Refusal } from './messageAdmission';

/** Who may post which activity (see MessageAdmission); absent, every authenticated request is served. */
interface Admission {
  beforeAuthentication(req: RestifyRequest, activity: Activity): Promise<Refusal | undefined>;
  afterAuthentication(activity: Activity, identity: ClaimsIdentity): Promise<Refusal | undefined>;
}

/** Where the adapter reports requests it refuses or fails (pino's Logger has it). */
interface AdapterLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Options of the channel adapter. Everything Bot Framework–specific sits in bot/botframework/
 * (the application builds it through runtime.ts): a move to the Microsoft 365 Agents SDK
 * replaces that folder and the dialogs' SDK types, not the features.
 */
export interface AdapterOptions {
  /**
   * Extra ConfigurationBotFrameworkAuthentication keys, e.g. a local OpenID metadata URL in tests.
   * Setting any of the "custom channel" keys requires setting them all (see docs/protocols).
   */
  authentication?: ConfigurationBotFrameworkAuthenticationOptions;
  /** Credentials for outgoing calls; tests pass one that never reaches the cloud identity service. */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Checks before and after authentication of each /api/messages request. */
  admission?: Admission;
  logger?: AdapterLogger;
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
  return new ChannelRequestAdapter(authentication, options.admission, options.logger);
}

/** botbuilder's validateAndFixActivity (not exported): the timestamps as dates, the raw strings kept. */
function withDates(activity: Record<string, unknown>): Activity {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field]);
    }
  }
  return activity as unknown as Activity;
}

/**
 * The CloudAdapter, with /api/messages served in three steps instead of one: admission checks
 * that need no token, the token, then checks that need the caller (the conversation's owner).
 * A refusal is a 4xx JSON body and one log line; botbuilder's own `process` answered a bad
 * token with 401 and about eleven lines of stack trace on the console (issue 13, finding 9).
 */
class ChannelRequestAdapter extends CloudAdapter {
  constructor(
    authentication: TokenRejectingAuthentication,
    private readonly admission?: Admission,
    private readonly logger?: AdapterLogger,
  ) {
    super(authentication);
  }

  override process(req: BotRequest, res: BotResponse, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  override process(req: BotRequest, socket: INodeSocket, head: INodeBuffer, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  override async process(
    req: BotRequest,
    resOrSocket: BotResponse | INodeSocket,
    logicOrHead: ((context: TurnContext) => Promise<void>) | INodeBuffer,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    if (maybeLogic) return super.process(req, resOrSocket as INodeSocket, logicOrHead as INodeBuffer, maybeLogic);
    const res = resOrSocket as BotResponse;
    const logic = logicOrHead as (context: TurnContext) => Promise<void>;
    const end = (status: number, body?: unknown) => {
      res.status(status);
      if (body !== undefined) res.send(body);
      res.end();
    };
    // The route has checked the body's shape (activityProblem in messagesRoute.ts): conversation.id,
    // from.id, channelId and serviceUrl are there, so the logging below may read them.
    const activity = withDates(req.body as Record<string, unknown>);
    const refused = (refusal: Refusal) => {
      // A flood answered 429 is counted by the limiter, not written to the log line by line.
      const level = refusal.status === 429 ? 'debug' : 'warn';
      this.logger?.[level](
        { status: refusal.status, field: refusal.field, channelId: activity.channelId, conversation: activity.conversation.id },
        `messages: refused: ${refusal.message}`,
      );
      if (refusal.retryAfterSeconds !== undefined) res.header('Retry-After', String(refusal.retryAfterSeconds));
      const { status, error, message, field } = refusal;
      end(status, field ? { error, message, field } : { error, message });
    };
    try {
      const early = await this.admission?.beforeAuthentication(req as unknown as RestifyRequest, activity);
      if (early) return refused(early);
      const authHeader = String(req.headers.authorization ?? req.headers.Authorization ?? '');
      let authenticated: AuthenticateRequestResult;
      try {
        authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        // The reason only (never the token); warn: a stream of these is someone knocking.
        this.logger?.warn({ status: 401, channelId: activity.channelId, reason: error.message }, 'messages: token refused');
        return end(StatusCodes.UNAUTHORIZED, { error: 'unauthorized', message: 'a valid Bot Framework token is required' });
      }
      const late = await this.admission?.afterAuthentication(activity, authenticated.claimsIdentity);
      if (late) return refused(late);
      const invokeResponse = await this.processActivity(authenticated, activity, logic);
      return end(invokeResponse?.status ?? StatusCodes.OK, invokeResponse?.body);
    } catch (error) {
      this.logger?.error({ err: error, channelId: activity.channelId, conversation: activity.conversation.id }, 'messages: request failed');
      return end(StatusCodes.INTERNAL_SERVER_ERROR, { error: 'internal_error', message: 'the activity could not be processed' });
    }
  }
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
