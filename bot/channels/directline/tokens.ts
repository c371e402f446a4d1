import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompactSign, compactVerify } from 'jose';

/** How long a conversation token lives (Direct Line 3.0 uses the same 30 minutes). */
export const TOKEN_LIFETIME_SECONDS = 1800;
/** A stream URL must be opened within this time (Direct Line 3.0: 60 s). */
const STREAM_TOKEN_LIFETIME_SECONDS = 60;
/**
 * A resume token: what the web chat page keeps, and what the follow-up e-mail's link carries, to
 * come back to one conversation after its conversation token has expired. It grants nothing but
 * a new conversation token for that conversation and user (POST /api/directline/resume).
 */
export const RESUME_TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;
/** Tokens this server signs for its own calls to the channel-reply API. */
const CHANNEL_TOKEN_LIFETIME_SECONDS = 300;

/** The signing key's file in DATA_DIR: created on first start, readable by the server's user only. */
export const KEY_FILE = 'directline-signing.key';

const ISSUER = 'csp-assistant/directline';
/** The protected header of every token, as the hand-written signer wrote it before jose. */
const HEADER = { alg: 'HS256', typ: 'JWT' } as const;

/**
 * What a token grants. `conversation`: read and post in one conversation as one user (what the
 * page holds); `stream`: open that conversation's WebSocket once, briefly; `channel`: this
 * server's own bot posting replies to its channel-reply API; `resume`: trading itself for a
 * new conversation token of one conversation (nothing else accepts it).
 */
export type TokenScope = 'conversation' | 'stream' | 'channel' | 'resume';

export interface TokenClaims {
  readonly scope: TokenScope;
  readonly conversationId: string;
  readonly userId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /** Stream tokens only: the id that makes them single-use. */
  readonly tokenId?: string;
}

/** Why a token was refused: `missing` and `invalid` and `expired` all answer 401. */
export class TokenError extends Error {
  constructor(
    readonly reason: 'missing' | 'invalid' | 'expired',
    message: string,
  ) {
    super(`directline: ${message}`);
    this.name = 'TokenError';
  }
}

/** Reads the key from DATA_DIR, or creates it there (0600) the first time; never logged. */
function loadOrCreateKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length < 32) throw new Error(`directline: ${file} holds a key shorter than 32 bytes; delete it to create a new one`);
  return key;
}

/**
 * Signs and checks the built-in Direct Line endpoint's tokens: compact JWTs (HS256) whose
 * payload carries `conv` and `user`, so Web Chat reads the user id from the token as it does
 * with Azure's. Stateless: any instance holding the key verifies them.
 *
 * jose signs and checks the signature (JWS); the claims are checked here, in the order the
 * answers depend on (another scope is "not valid here" even when also expired), and the
 * payload is written byte for byte as before jose, so tokens issued by either verify in both.
 */
export class DirectLineTokens {
  private constructor(
    private readonly key: Buffer,
    private readonly clock: () => number,
  ) {}

  /** The token service for a data directory; `clock` (ms) is for tests. */
  static open(dataDir: string, clock: () => number = Date.now): DirectLineTokens {
    return new DirectLineTokens(loadOrCreateKey(dataDir), clock);
  }

  /** The token service with a given key (several instances share one through the database). */
  static withKey(key: Buffer, clock: () => number = Date.now): DirectLineTokens {
    if (key.length < 32) throw new Error('directline: the signing key must be at least 32 bytes');
    return new DirectLineTokens(key, clock);
  }

  private now(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** The key as WebCrypto holds it, imported once: importing it on every call doubled the time of a sign and a verify. */
  private signingKeyPromise?: Promise<crypto.webcrypto.CryptoKey>;

  private signingKey(): Promise<crypto.webcrypto.CryptoKey> {
    this.signingKeyPromise ??= crypto.webcrypto.subtle.importKey('raw', new Uint8Array(this.key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.signingKeyPromise;
  }

  private mac(data: string): string {
    return crypto.createHmac('sha256', this.key).update(data).digest('base64url');
  }

  /** Signs a token; lifetime by scope unless given. */
  async sign(scope: TokenScope, conversationId: string, userId: string, lifetimeSeconds?: number): Promise<string> {
    const issuedAt = this.now();
    const lifetime =
      lifetimeSeconds ??
      (scope === 'conversation'
        ? TOKEN_LIFETIME_SECONDS
        : scope === 'stream'
          ? STREAM_TOKEN_LIFETIME_SECONDS
          : scope === 'resume'
            ? RESUME_TOKEN_LIFETIME_SECONDS
            : CHANNEL_TOKEN_LIFETIME_SECONDS);
    // A stream token opens one WebSocket: its id is recorded as used when it does.
    const jti = scope === 'stream' ? { jti: crypto.randomBytes(12).toString('base64url') } : {};
    const payload = JSON.stringify({ iss: ISSUER, scope, conv: conversationId, user: userId, iat: issuedAt, exp: issuedAt + lifetime, ...jti });
    return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader(HEADER).sign(await this.signingKey());
  }

  /** The claims of a valid, unexpired token of the given scope; otherwise a TokenError. */
  async verify(token: string | undefined, scope: TokenScope): Promise<TokenClaims> {
    if (!token) throw new TokenError('missing', 'a Bearer token is required');
    let payload: Record<string, unknown>;
    try {
      const { payload: bytes, protectedHeader } = await compactVerify(token, await this.signingKey(), { algorithms: [HEADER.alg] });
      if (protectedHeader.typ !== HEADER.typ || Object.keys(protectedHeader).length !== 2) throw new Error('another header');
      payload = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    } catch {
      throw new TokenError('invalid', 'the token is not valid');
    }
    const { iss, conv, user, exp, jti } = payload;
    if (iss !== ISSUER || payload.scope !== scope || typeof conv !== 'string' || typeof user !== 'string' || typeof exp !== 'number') {
      throw new TokenError('invalid', 'the token is not valid here');
    }
    if (scope === 'stream' && typeof jti !== 'string') throw new TokenError('invalid', 'the token is not valid here');
    if (exp <= this.now()) throw new TokenError('expired', 'the token has expired; refresh it or ask for a new one');
    return { scope, conversationId: conv, userId: user, expiresAt: exp, ...(typeof jti === 'string' ? { tokenId: jti } : {}) };
  }

  /** Seconds a token still has, from its claims. */
  remaining(claims: TokenClaims): number {
    return Math.max(0, claims.expiresAt - this.now());
  }

  /**
   * The signature in a file's address (`?sig=`): Web Chat shows an uploaded image with an <img>,
   * which sends no Authorization header, so the address itself proves it was handed out to that
   * conversation for that file. It names both: it opens nothing else.
   */
  attachmentSignature(conversationId: string, attachmentId: string): string {
    return this.mac(`directline-attachment\n${conversationId}\n${attachmentId}`);
  }

  /** Whether `candidate` is the signature of that file in that conversation (constant time). */
  isAttachmentSignature(conversationId: string, attachmentId: string, candidate: unknown): boolean {
    if (typeof candidate !== 'string' || candidate.length > 100) return false;
    const expected = Buffer.from(this.attachmentSignature(conversationId, attachmentId));
    const given = Buffer.from(candidate);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }

  /**
   * The built-in endpoint's "Direct Line secret": what `POST /v3/directline/tokens/generate`
   * requires. Derived from the key, so it exists only on this server; never sent to a browser.
   */
  localSecret(): string {
    return this.mac('directline-local-secret');
  }

  /** Whether `candidate` is the local secret (constant time). */
  isLocalSecret(candidate: string | undefined): boolean {
    if (!candidate) return false;
    const expected = Buffer.from(this.localSecret());
    const given = Buffer.from(candidate);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }
}

/** A fresh conversation id (base64url, like Azure's). */
export function newConversationId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/** A fresh Direct Line user id: `dl_` then random characters, as Azure names token users. */
export function newUserId(): string {
  return `dl_${crypto.randomBytes(12).toString('base64url')}`;
}

/** A user id a page may ask to keep across reloads: `dl_` then 8–64 letters, digits, `_` or `-`. */
export const USER_ID_PATTERN = /^dl_[A-Za-z0-9_-]{8,64}$/;
