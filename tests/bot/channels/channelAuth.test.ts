import { loadConfig } from '../../../bot/config';
import { startApp, type RunningApp } from '../../support/app';
import {
  CHANNEL_ISSUER,
  createSigningKey,
  OUTBOUND_TOKEN,
  signToken,
  startFakeBotFrameworkCloud,
  type FakeBotFrameworkCloud,
} from '../../support/botFrameworkCloud';

const APP_ID = '2b6f0c8e-9d3a-4e1f-8a7b-5c4d3e2f1a0b';
const PASSWORD = 'test-password-not-a-secret';
const trusted = createSigningKey('trusted-key');
/** Same key id as the trusted key, different key: its signatures must not verify. */
const impostor = { ...createSigningKey('trusted-key') };
const webChatOnly = createSigningKey('webchat-only-key');

let cloud: FakeBotFrameworkCloud;
let running: RunningApp;

beforeAll(async () => {
  cloud = await startFakeBotFrameworkCloud([
    { key: trusted, endorsements: ['msteams'] },
    { key: webChatOnly, endorsements: ['webchat'] },
  ]);
  running = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD }, { adapter: cloud.adapterOptions(APP_ID, PASSWORD) });
});

afterAll(async () => {
  await running?.stop();
  await cloud?.close();
});

const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: CHANNEL_ISSUER, aud: APP_ID, iat: now() - 10, nbf: now() - 10, exp: now() + 600, serviceurl: cloud.serviceUrl, ...overrides };
}

let sequence = 0;
function message(text: string, serviceUrl = cloud.serviceUrl) {
  sequence++;
  return {
    type: 'message',
    id: `activity-${sequence}`,
    channelId: 'msteams',
    serviceUrl,
    text,
    locale: 'en-US',
    from: { id: `user-${sequence}`, name: 'Supplier' },
    recipient: { id: `28:${APP_ID}`, name: 'CSP Assistant' },
    conversation: { id: `conversation-${sequence}` },
  };
}

async function post(activity: Record<string, unknown>, authorization?: string): Promise<number> {
  const response = await fetch(`${running.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify(activity),
  });
  await response.text();
  return response.status;
}

describe('Channel authentication on /api/messages with an app id', () => {
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    // botbuilder prints every refused token with console.error; the status code is what matters here.
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => consoleError.mockRestore());

  it('processes a request with a valid channel token, and the reply reaches the serviceUrl signed', async () => {
    const before = cloud.replies.length;
    const activity = message('How do I enable two-factor authentication?');
    expect(await post(activity, `Bearer ${signToken(trusted, claims())}`)).toBe(200);
    const replies = cloud.replies.slice(before);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]!.path).toBe(`/v3/conversations/${activity.conversation.id}/activities/${activity.id}`);
    expect(replies[0]!.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(replies.some((reply) => typeof reply.activity.text === 'string' && reply.activity.text.length > 0)).toBe(true);
  });

  it.each([
    ['no token', () => undefined],
    ['a token that is not a Bearer token', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a bad signature', () => `Bearer ${signToken(impostor, claims())}`],
    ['a tampered payload', () => {
      const [header, , signature] = signToken(trusted, claims()).split('.');
      const payload = Buffer.from(JSON.stringify(claims({ aud: APP_ID, extra: 'x' }))).toString('base64url');
      return `Bearer ${header}.${payload}.${signature}`;
    }],
    ['the wrong audience', () => `Bearer ${signToken(trusted, claims({ aud: '00000000-0000-0000-0000-000000000000' }))}`],
    ['the wrong issuer', () => `Bearer ${signToken(trusted, claims({ iss: 'https://issuer.example.net' }))}`],
    ['an expired token', () => `Bearer ${signToken(trusted, claims({ iat: now() - 3600, nbf: now() - 3600, exp: now() - 600 }))}`],
    ['a token not valid yet', () => `Bearer ${signToken(trusted, claims({ nbf: now() + 3600 }))}`],
    ['an unknown signing key', () => `Bearer ${signToken(createSigningKey('unknown-key'), claims())}`],
    ['a serviceurl claim for another service', () => `Bearer ${signToken(trusted, claims({ serviceurl: 'https://evil.example.net/' }))}`],
    ['a key not endorsed for the channel', () => `Bearer ${signToken(webChatOnly, claims())}`],
    ['an unsigned token (alg none)', () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: trusted.kid })).toString('base64url');
      return `Bearer ${header}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
    }],
  ])('answers 401 to a request with %s, and never runs the bot', async (_name, authorization) => {
    const before = cloud.replies.length;
    expect(await post(message('How do I enable two-factor authentication?'), authorization())).toBe(401);
    expect(cloud.replies.length).toBe(before);
  });
});

describe('Anonymous channel access', () => {
  it('is refused at start-up in production without an app id, naming MicrosoftAppId', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/config: MicrosoftAppId is required when NODE_ENV=production/);
  });

  it('starts in production without an app id only when ALLOW_ANONYMOUS=true is set explicitly', async () => {
    const anonymous = await startApp({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', PUBLIC_URL: 'https://assistant.example.com' });
    try {
      expect(anonymous.config.channelAuthEnabled).toBe(false);
    } finally {
      await anonymous.stop();
    }
  });

  it('requires a token as soon as an app id is set, whatever NODE_ENV', () => {
    expect(loadConfig({ NODE_ENV: 'development', MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD }).channelAuthEnabled).toBe(true);
  });
});
