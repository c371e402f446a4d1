import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../../bot/app';
import { loadConfig } from '../../../bot/config';
import { createLogger } from '../../../bot/logger';
import { listen } from '../../../bot/server';
import {
  CHANNEL_ISSUER,
  createSigningKey,
  signToken,
  startFakeBotFrameworkCloud,
  type FakeBotFrameworkCloud,
} from '../../support/botFrameworkCloud';
import { startLocalChannel, type LocalChannel } from '../hostileInput/support';

const APP_ID = '5e0c7a1b-2d3f-4a5b-8c9d-0e1f2a3b4c5d';
const PASSWORD = 'test-password-not-a-secret';
/** The issuer of tokens the Bot Framework Emulator gets from Entra ID (one of botbuilder's known ones). */
const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';
const teamsKey = createSigningKey('teams-key');
const webChatKey = createSigningKey('webchat-key');
/** The Emulator's tokens come from Entra ID keys, which carry no channel endorsements. */
const emulatorKey = createSigningKey('emulator-key');

const now = () => Math.floor(Date.now() / 1000);

/**
 * With an app id, serviceUrls are those the Bot Framework token vouches for: botframework-connector
 * checks a channel token's `serviceurl` claim against the activity (ParameterizedBotFrameworkAuthentication
 * .governmentChannelValidation_ValidateIdentity); this checks our adapter keeps that, and that a
 * conversation stays its channel's even for a caller whose token carries no serviceurl (the Emulator).
 */
describe('POST /api/messages with an app id', () => {
  let cloud: FakeBotFrameworkCloud;
  let elsewhere: LocalChannel;
  let app: App;
  let url: string;
  let dataDir: string;
  const logLines: Array<Record<string, unknown>> = [];
  let sequence = 0;

  beforeAll(async () => {
    cloud = await startFakeBotFrameworkCloud([
      { key: teamsKey, endorsements: ['msteams'] },
      { key: webChatKey, endorsements: ['webchat'] },
      { key: emulatorKey },
    ]);
    elsewhere = await startLocalChannel();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-test-'));
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, MicrosoftAppId: APP_ID, MicrosoftAppPassword: PASSWORD });
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await createApp(config, createLogger('debug', logs), { adapter: cloud.adapterOptions(APP_ID, PASSWORD) });
    url = `http://127.0.0.1:${await listen(app.server, 0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
    await app.close();
    await cloud.close();
    await elsewhere.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const channelToken = (key = teamsKey, serviceUrl = cloud.serviceUrl) =>
    signToken(key, { iss: CHANNEL_ISSUER, aud: APP_ID, iat: now() - 10, nbf: now() - 10, exp: now() + 600, serviceurl: serviceUrl });
  const emulatorToken = () =>
    signToken(emulatorKey, { iss: EMULATOR_ISSUER, aud: APP_ID, appid: APP_ID, ver: '1.0', iat: now() - 10, nbf: now() - 10, exp: now() + 600 });

  async function post(token: string | undefined, fields: Record<string, unknown>): Promise<{ status: number; text: string }> {
    sequence += 1;
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({
        type: 'message',
        id: `app-id-${sequence}`,
        channelId: 'msteams',
        serviceUrl: cloud.serviceUrl,
        text: 'How do I enable two-factor authentication?',
        locale: 'en-US',
        from: { id: 'user-1', name: 'Supplier' },
        recipient: { id: `28:${APP_ID}`, name: 'CSP Assistant' },
        ...fields,
      }),
    });
    return { status: response.status, text: await response.text() };
  }

  it('refuses a token that vouches for one serviceUrl on an activity naming another, and calls neither', async () => {
    const conversation = { id: `vouched-${Date.now()}` };
    const before = cloud.replies.length;
    const answer = await post(channelToken(), { conversation, serviceUrl: elsewhere.serviceUrl });
    expect(answer.status).toBe(401);
    expect(elsewhere.replies(conversation.id)).toEqual([]);
    expect(cloud.replies.length).toBe(before);
  });

  it('keeps a conversation to its channel: another channel’s valid token is refused for it', async () => {
    const conversation = { id: `teams-owned-${Date.now()}` };
    expect((await post(channelToken(), { conversation })).status).toBe(200);
    const before = cloud.replies.length;
    const other = await post(channelToken(webChatKey), { conversation, channelId: 'webchat' });
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text)).toMatchObject({ error: 'forbidden', field: 'conversation' });
    expect(cloud.replies.length).toBe(before);
  });

  it('refuses a token without a serviceurl claim (the Emulator’s) that names another serviceUrl for a bound conversation', async () => {
    const conversation = { id: `emulator-probe-${Date.now()}` };
    expect((await post(channelToken(), { conversation })).status).toBe(200);
    const moved = await post(emulatorToken(), { conversation, serviceUrl: elsewhere.serviceUrl });
    expect(moved.status).toBe(403);
    expect(elsewhere.replies(conversation.id)).toEqual([]);
  });

  it('follows a conversation the channel moved to a serviceUrl its token vouches for', async () => {
    const conversation = { id: `moved-${Date.now()}` };
    expect((await post(channelToken(), { conversation })).status).toBe(200);
    const moved = await post(channelToken(teamsKey, elsewhere.serviceUrl), { conversation, serviceUrl: elsewhere.serviceUrl });
    expect(moved.status).toBe(200);
    expect(elsewhere.replies(conversation.id).length).toBeGreaterThan(0);
  });

  it('logs a refused token in one line, without the token or a stack trace, and prints nothing on the console', async () => {
    const consoleError = jest.spyOn(console, 'error');
    const consoleWarn = jest.spyOn(console, 'warn');
    try {
      const forged = signToken(createSigningKey('unknown-key'), { iss: CHANNEL_ISSUER, aud: APP_ID, exp: now() + 600, serviceurl: cloud.serviceUrl });
      const before = logLines.length;
      const answer = await post(forged, { conversation: { id: `forged-${Date.now()}` } });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text)).toMatchObject({ error: 'unauthorized' });
      expect(consoleError).not.toHaveBeenCalled();
      expect(consoleWarn).not.toHaveBeenCalled();
      const lines = logLines.slice(before).filter((line) => String(line.msg).startsWith('messages:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 40, msg: 'messages: token refused', status: 401 });
      expect(JSON.stringify(lines[0])).not.toContain(forged.split('.')[2]!);
      expect(lines[0]).not.toHaveProperty('err');
    } finally {
      consoleError.mockRestore();
      consoleWarn.mockRestore();
    }
  });
});
