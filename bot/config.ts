import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../knowledge/paths';

const boolean = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const optionalUrl = optionalString.pipe(z.url({ error: 'must be a URL' }).optional());
const list = optionalString.transform((value) =>
  value ? value.split(',').map((item) => item.trim()).filter(Boolean) : [],
);
const days = z.coerce.number().int().min(1).max(3650);

/** smtp:// or smtps:// with a host: what nodemailer's createTransport(url) understands. */
function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Every environment variable the server reads; `.env.example` documents each one. */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  KNOWLEDGE_DIR: optionalString,
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalString,
  ALLOW_ANONYMOUS: boolean,
  ANONYMOUS_REMOTE: boolean,
  DIRECT_LINE_SECRET: optionalString,
  DIRECT_LINE_ENDPOINT: z.url({ error: 'must be a URL' }).default('https://directline.botframework.com/v3/directline'),
  WIDGET_ALLOWED_ORIGINS: list.pipe(
    z.array(z.string().regex(/^https?:\/\/[^/\s?#]+\/?$/i, 'must list origins such as https://suppliers.example.com, comma-separated')),
  ),
  STAFF_API_TOKEN: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  HANDOFF_WEBHOOK_URL: optionalUrl,
  HANDOFF_WEBHOOK_SECRET: optionalString,
  /** Follow-up e-mails (issue 17): the SMTP server, as nodemailer reads it; unset, no e-mail is sent. */
  SMTP_URL: optionalString.pipe(z.string().refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL such as smtps://user:password@mail.example.com:465').optional()),
  /** The follow-up e-mails' sender: an address, or "Name <address>". */
  SMTP_FROM: optionalString.pipe(z.string().regex(/^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, 'must be an e-mail address, or "Name <address>"').optional()),
  TRUST_PROXY_HOPS: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).optional()),
  /** Deprecated: read as TRUST_PROXY_HOPS=1 (see resolveTrustedHops). */
  TRUST_PROXY: boolean,
  RATE_LIMIT_SEARCH_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_CONVERSATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_MESSAGES_PER_CONVERSATION_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  TRANSCRIPT_RETENTION_DAYS: days.default(90),
  /** Activities a web chat conversation may post per minute (its user: twice that over all its conversations). */
  RATE_LIMIT_DIRECTLINE_POSTS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /**
   * Activities one client address may post per minute over all its web chat conversations: tokens
   * and conversations cost nothing, so the per-conversation and per-user limits alone bound nobody.
   */
  RATE_LIMIT_DIRECTLINE_POSTS_PER_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Open Direct Line WebSocket streams per instance. */
  DIRECTLINE_MAX_STREAMS: z.coerce.number().int().min(1).default(2000),
  /** Open Direct Line streams per client address on one instance, so that one client cannot take them all. */
  DIRECTLINE_MAX_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).default(100),
  ANALYTICS_RETENTION_DAYS: days.default(365),
});

type Environment = z.infer<typeof environmentSchema>;

/** The server's configuration: parsed once at start-up, typed and frozen. */
export interface Config extends Omit<Environment, 'TRUST_PROXY' | 'TRUST_PROXY_HOPS'> {
  /**
   * How many proxies in front of the server append to X-Forwarded-For: the client address is
   * that many entries from the right of it (the socket address counting as the last). 0: the
   * socket address, X-Forwarded-For ignored.
   */
  readonly TRUST_PROXY_HOPS: number;
  /** Deprecated settings still honoured, one sentence each, logged as warnings at start-up. */
  readonly deprecations: readonly string[];
  /** DATA_DIR resolved to an absolute path. */
  readonly dataDir: string;
  /** Where the seed knowledge files are. */
  readonly knowledgeDir: string;
  /** Whether channel requests must carry a valid Bot Framework token. */
  readonly channelAuthEnabled: boolean;
}

/** A configuration that cannot start the server; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`config: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from the environment, or throws a ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const value = env[String(issue.path[0])];
    const shown = issue.path[0] && /SECRET|PASSWORD|TOKEN|SMTP_URL/i.test(String(issue.path[0])) ? '(hidden)' : JSON.stringify(value);
    throw new ConfigError(`${issue.path.join('.')} ${issue.message} (got ${shown})`);
  }
  const environment = parsed.data;
  if (environment.NODE_ENV === 'production' && !environment.MicrosoftAppId && !environment.ALLOW_ANONYMOUS) {
    throw new ConfigError(
      'MicrosoftAppId is required when NODE_ENV=production: anonymous channel access is for local development only (set ALLOW_ANONYMOUS=true to override)',
    );
  }
  if (environment.NODE_ENV === 'production' && environment.ANONYMOUS_REMOTE && !environment.ALLOW_ANONYMOUS) {
    throw new ConfigError('ANONYMOUS_REMOTE=true opens the anonymous /api/messages to other machines: refused when NODE_ENV=production unless ALLOW_ANONYMOUS=true');
  }
  if (environment.MicrosoftAppId && environment.MicrosoftAppType !== 'UserAssignedMSI' && !environment.MicrosoftAppPassword) {
    throw new ConfigError('MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (environment.MicrosoftAppType === 'SingleTenant' && environment.MicrosoftAppId && !environment.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId is required when MicrosoftAppType=SingleTenant');
  }
  // Without it the server builds its own links (the web chat's Direct Line domain, the page's
  // connect-src) from the Host header, which any client writes.
  if (environment.NODE_ENV === 'production' && !environment.PUBLIC_URL) {
    throw new ConfigError('PUBLIC_URL is required when NODE_ENV=production: links are otherwise built from the client-written Host header');
  }
  if (environment.HANDOFF_WEBHOOK_URL && !environment.HANDOFF_WEBHOOK_SECRET) {
    throw new ConfigError('HANDOFF_WEBHOOK_SECRET is required when HANDOFF_WEBHOOK_URL is set');
  }
  if (environment.SMTP_URL && !environment.SMTP_FROM) {
    throw new ConfigError('SMTP_FROM is required when SMTP_URL is set: the follow-up e-mails need a sender address');
  }
  const { TRUST_PROXY: _replacedByHops, ...rest } = environment;
  const proxy = resolveTrustedHops(environment);
  const root = projectRoot();
  return Object.freeze({
    ...rest,
    TRUST_PROXY_HOPS: proxy.hops,
    deprecations: Object.freeze(proxy.deprecations) as string[],
    WIDGET_ALLOWED_ORIGINS: Object.freeze([...environment.WIDGET_ALLOWED_ORIGINS]) as string[],
    dataDir: path.resolve(root, environment.DATA_DIR),
    knowledgeDir: path.resolve(root, environment.KNOWLEDGE_DIR ?? path.join('knowledge', 'data')),
    channelAuthEnabled: Boolean(environment.MicrosoftAppId),
  });
}

/**
 * TRUST_PROXY=true trusted the leftmost X-Forwarded-For entry, which the client writes itself
 * (rotating it escaped every rate limit). It now means one hop, the setting for the single proxy
 * docs/deploy.md described: such deployments keep working, and none trusts more than before.
 * Refusing it instead would have turned a routine upgrade into an outage.
 */
function resolveTrustedHops(environment: Environment): { hops: number; deprecations: string[] } {
  if (!environment.TRUST_PROXY) return { hops: environment.TRUST_PROXY_HOPS ?? 0, deprecations: [] };
  if (environment.TRUST_PROXY_HOPS !== undefined) {
    return { hops: environment.TRUST_PROXY_HOPS, deprecations: ['config: TRUST_PROXY is ignored since TRUST_PROXY_HOPS is set; remove it'] };
  }
  return {
    hops: 1,
    deprecations: [
      'config: TRUST_PROXY=true is deprecated and read as TRUST_PROXY_HOPS=1 (one proxy in front); set TRUST_PROXY_HOPS to the number of proxies instead',
    ],
  };
}
