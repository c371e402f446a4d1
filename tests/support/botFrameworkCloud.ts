import crypto, { type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PasswordServiceClientCredentialFactory } from 'botframework-connector';
import type { AdapterOptions } from '../../bot/botframework/adapter';

/** The issuer Bot Framework channels put in their tokens. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
/** What the fake credentials put on the bot's outgoing calls. */
export const OUTBOUND_TOKEN = 'outbound-test-token';

/** A reply the bot posted to the channel's serviceUrl. */
interface ReceivedReply {
  path: string;
  authorization: string | undefined;
  activity: Record<string, unknown>;
}

/** A signing key: what the metadata publishes, and what signs tokens. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: crypto.JsonWebKey;
}

export function createSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicJwk: publicKey.export({ format: 'jwk' }) };
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** An RS256 JWT (node:crypto; jose 6 is ESM-only, which jest's CommonJS runtime cannot load). */
export function signToken(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(crypto.sign('sha256', Buffer.from(input), key.privateKey))}`;
}

/**
 * The Bot Framework cloud, played on localhost: OpenID metadata and its JWKS (the keys the bot
 * trusts, with their channel endorsements), and a channel service that receives the bot's replies.
 */
export interface FakeBotFrameworkCloud {
  readonly url: string;
  /** The channel's serviceUrl, as activities carry it (trailing slash included). */
  readonly serviceUrl: string;
  readonly replies: ReceivedReply[];
  /** ConfigurationBotFrameworkAuthentication pointed here, and credentials that never call a cloud. */
  adapterOptions(appId: string, password: string): AdapterOptions;
  close(): Promise<void>;
}

export async function startFakeBotFrameworkCloud(
  keys: ReadonlyArray<{ key: SigningKey; endorsements?: string[] }>,
): Promise<FakeBotFrameworkCloud> {
  const replies: ReceivedReply[] = [];
  let url = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && req.url === '/.well-known/openid-configuration') {
        return json(200, { issuer: CHANNEL_ISSUER, jwks_uri: `${url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.method === 'GET' && req.url === '/keys') {
        return json(200, {
          keys: keys.map(({ key, endorsements }) => ({ ...key.publicJwk, kid: key.kid, use: 'sig', alg: 'RS256', endorsements })),
        });
      }
      if (req.method === 'POST' && req.url?.startsWith('/v3/conversations/')) {
        replies.push({
          path: req.url,
          authorization: req.headers.authorization,
          activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
        });
        return json(200, { id: `reply-${replies.length}` });
      }
      return json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    serviceUrl: `${url}/`,
    replies,
    adapterOptions(appId, password) {
      const metadata = `${url}/.well-known/openid-configuration`;
      return {
        authentication: {
          ToBotFromChannelOpenIdMetadataUrl: metadata,
          ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
          ToBotFromEmulatorOpenIdMetadataUrl: metadata,
          ToChannelFromBotLoginUrl: `${url}/login`,
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          OAuthUrl: `${url}/oauth`,
          CallerId: 'urn:botframework:azure',
          ValidateAuthority: false,
        },
        credentialsFactory: new LocalCredentialsFactory(appId, password),
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Checks app ids like the real factory, but signs outgoing calls with a fixed token instead of asking Entra ID. */
class LocalCredentialsFactory extends PasswordServiceClientCredentialFactory {
  override async createCredentials(): Promise<never> {
    return {
      async signRequest(request: { headers: { set(name: string, value: string): void } }) {
        request.headers.set('Authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return request;
      },
    } as never;
  }
}
