import { startApp, type RunningApp } from '../../support/app';
import { startReceiver } from '../../support/receiver';

/** Questions asked in the chat and in Teams reach the analytics, with their conversation. */
describe('analytics on the conversation surfaces', () => {
  let running: RunningApp;
  let channel: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    running = await startApp();
    channel = await startReceiver();
  });
  afterAll(async () => {
    await running.stop();
    await channel.close();
  });

  const post = (activity: Record<string, unknown>) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `a-${Math.random()}`,
        serviceUrl: channel.url,
        from: { id: 'supplier-1' },
        recipient: { id: 'bot' },
        timestamp: new Date().toISOString(),
        ...activity,
      }),
    });

  const questions = () =>
    running.app.database.all<{ surface: string; text: string; top_entry_id: string | null; conversation_id: string | null }>(
      'SELECT surface, text, top_entry_id, conversation_id FROM analytics_questions ORDER BY created_at',
    );

  it('records a question asked in the chat, and a helpful answer as resolved without escalation', async () => {
    await post({ type: 'message', channelId: 'webchat', conversation: { id: 'chat-1' }, locale: 'fr-FR', text: 'changer mon RIB' });
    expect(await questions()).toContainEqual({ surface: 'chat', text: 'changer mon RIB', top_entry_id: 'update-banking-info', conversation_id: 'chat-1' });
    await post({ type: 'message', channelId: 'webchat', conversation: { id: 'chat-1' }, locale: 'fr-FR', text: 'Oui, merci' });
    const conversation = await running.app.database.get<{ resolved_without_escalation: number | boolean }>(
      'SELECT resolved_without_escalation FROM analytics_conversations WHERE conversation_id = ?',
      ['chat-1'],
    );
    expect(Boolean(conversation?.resolved_without_escalation)).toBe(true);
  });

  it('records the last search typed in the Teams message extension', async () => {
    const invoke = (text: string) =>
      post({
        type: 'invoke',
        name: 'composeExtension/query',
        channelId: 'msteams',
        conversation: { id: 'teams-1' },
        value: { commandId: 'searchFaq', parameters: [{ name: 'searchQuery', value: text }], queryOptions: { skip: 0, count: 5 } },
      });
    expect((await invoke('factu')).status).toBe(200);
    expect((await invoke('factures manquantes')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const teams = (await questions()).filter((q) => q.surface === 'teams');
    expect(teams.map((q) => q.text)).toEqual(['factures manquantes']);
  });
});
