import { MAX_ACTIVITY_FIELD_BYTES, MAX_ACTIVITY_TEXT_LENGTH } from '../../../bot/botframework/messagesRoute';
import { startApp, type RunningApp } from '../../support/app';
import { channelActivity, expectStillServing, postActivity, startLocalChannel, type LocalChannel } from './support';

/** A JSON value of about `bytes` bytes, the way a padded field would arrive. */
const padding = (bytes: number) => ({ padding: 'x'.repeat(bytes) });

/**
 * Issue 13, finding 7: /api/messages took any text up to the 256 KB body limit, and one 200 KB
 * message held the event loop for 38 s. Each field of an inbound activity now has its own cap.
 */
describe('POST /api/messages: size caps per activity field', () => {
  let running: RunningApp;
  let channel: LocalChannel;

  beforeAll(async () => {
    channel = await startLocalChannel();
    running = await startApp();
  });
  afterAll(async () => {
    await running.stop();
    await channel.close();
  });
  afterEach(async () => {
    await expectStillServing(running, channel);
  });

  it('refuses a text over the limit with 413 naming text, at once and without a turn', async () => {
    const activity = channelActivity(channel, { text: 'facture '.repeat(200 * 1024 / 8) });
    const started = Date.now();
    const response = await postActivity(running, activity);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large', field: 'text' });
    expect(response.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(channel.replies((activity.conversation as { id: string }).id)).toEqual([]);
  });

  it('takes a text of exactly the limit, and refuses one character more', async () => {
    expect((await postActivity(running, channelActivity(channel, { text: 'a'.repeat(MAX_ACTIVITY_TEXT_LENGTH) }))).status).toBe(200);
    expect((await postActivity(running, channelActivity(channel, { text: 'a'.repeat(MAX_ACTIVITY_TEXT_LENGTH + 1) }))).status).toBe(413);
  });

  it.each(Object.entries(MAX_ACTIVITY_FIELD_BYTES))('refuses %s over %d bytes of JSON with 413 naming it', async (field, limit) => {
    const value = field === 'attachments' || field === 'entities' ? [{ type: 'x', ...padding(limit) }] : padding(limit);
    const activity = channelActivity(channel, { [field]: value });
    const response = await postActivity(running, activity);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large', field });
    expect(channel.replies((activity.conversation as { id: string }).id)).toEqual([]);
  });

  it('refuses a conversation id or channelId longer than any channel’s with 400 naming it', async () => {
    const long = await postActivity(running, channelActivity(channel, { conversation: { id: 'c'.repeat(1025) } }));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ field: 'conversation' });
    const channelId = await postActivity(running, channelActivity(channel, { channelId: 'x'.repeat(65) }));
    expect(channelId.status).toBe(400);
    expect(await channelId.json()).toMatchObject({ field: 'channelId' });
  });

  it('still takes a real Teams message: tenant and team channelData, a mention, clientInfo and the HTML copy', async () => {
    const html = `<p><at>CSP Assistant</at> ${'comment activer la 2FA '.repeat(400)}</p>`;
    const activity = channelActivity(channel, {
      channelId: 'msteams',
      text: '<at>CSP Assistant</at> comment activer la 2FA',
      textFormat: 'plain',
      attachments: [{ contentType: 'text/html', content: html }],
      entities: [
        { type: 'mention', mentioned: { id: '28:2b6f0c8e-9d3a-4e1f-8a7b-5c4d3e2f1a0b', name: 'CSP Assistant' }, text: '<at>CSP Assistant</at>' },
        { type: 'clientInfo', locale: 'fr-FR', country: 'FR', platform: 'Web', timezone: 'Europe/Paris' },
      ],
      channelData: {
        tenant: { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
        team: { id: '19:0e4f1c2b3a4d5e6f7a8b9c0d1e2f3a4b@thread.tacv2', name: 'Suppliers', aadGroupId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' },
        channel: { id: '19:0e4f1c2b3a4d5e6f7a8b9c0d1e2f3a4b@thread.tacv2', name: 'General' },
        teamsChannelId: '19:0e4f1c2b3a4d5e6f7a8b9c0d1e2f3a4b@thread.tacv2',
        teamsTeamId: '19:0e4f1c2b3a4d5e6f7a8b9c0d1e2f3a4b@thread.tacv2',
        settings: { selectedChannel: { id: '19:0e4f1c2b3a4d5e6f7a8b9c0d1e2f3a4b@thread.tacv2' } },
      },
    });
    expect(JSON.stringify(activity.attachments).length).toBeGreaterThan(8000);
    const response = await postActivity(running, activity);
    expect(response.status).toBe(200);
    expect(channel.replies((activity.conversation as { id: string }).id).some((reply) => reply.type === 'message')).toBe(true);
  });
});
