import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../../support/app';
import { call, isBotMessage, pollUntil } from '../../../support/directline';

describe('a web chat conversation on the embedded defaults (SQLite)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-restart-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives a restart of the server: the same token reads the history and the bot keeps answering', async () => {
    const first = await startApp({ DATA_DIR: dataDir });
    const domain = `${first.url}/v3/directline`;
    const credentials = await call(`${first.url}/api/directline/token`, 'POST', { body: {} });
    const started = await call(`${domain}/conversations`, 'POST', { token: credentials.body.token, body: { locale: 'en-US' } });
    expect(started.status).toBe(201);
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    const posted = await call(`${domain}/conversations/${conversationId}/activities`, 'POST', {
      token,
      body: { type: 'message', from: { id: 'supplier-1' }, text: 'How do I update my bank details?' },
    });
    expect(posted.status).toBe(200);
    // The whole turn: the answer, then its feedback prompt. Stopping as soon as the answer showed
    // raced the prompt's write, which the restarted server then (rightly) had one more of.
    const before = await pollUntil(domain, conversationId, token, (activities) => activities.some((a) => isBotMessage(a) && /helpful/i.test(a.text ?? '')));
    expect(before.activities.some((a) => isBotMessage(a) && /bank|banc/i.test(a.text ?? ''))).toBe(true);
    await first.stop();

    const second = await startApp({ DATA_DIR: dataDir });
    try {
      const againDomain = `${second.url}/v3/directline`;
      const history = await pollUntil(againDomain, conversationId, token, (activities) => activities.length >= before.activities.length);
      expect(history.activities.map((a) => a.id)).toEqual(before.activities.map((a) => a.id));
      expect(history.activities.some((a) => a.text === 'How do I update my bank details?')).toBe(true);

      const next = await call(`${againDomain}/conversations/${conversationId}/activities`, 'POST', {
        token,
        body: { type: 'message', from: { id: 'supplier-1' }, text: 'How do I enable two-factor authentication?' },
      });
      expect(next.status).toBe(200);
      const answered = await pollUntil(againDomain, conversationId, token, (activities) => activities.some(isBotMessage), history.watermark);
      expect(answered.activities.filter(isBotMessage).length).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  });
});
