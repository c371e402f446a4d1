import { ConnectorClient } from 'botframework-connector';
import { InProcessChannelClient, type ReplyHandler } from '../../../../bot/botframework/directline/inProcessClient';

const SERVICE_URL = 'http://127.0.0.1:3978/directline-channel/';

/** The real connector client of botframework-connector, sending through the in-process client. */
function connectorWith(handle: ReplyHandler) {
  const calls: { conversationId: string; authorization: unknown; payload: unknown }[] = [];
  const client = new ConnectorClient(
    { signRequest: async (request) => (request.headers.set('authorization', 'Bearer channel-token'), request) },
    {
      baseUri: SERVICE_URL,
      httpClient: new InProcessChannelClient(() => SERVICE_URL, async (conversationId, authorization, payload) => {
        calls.push({ conversationId, authorization, payload });
        return handle(conversationId, authorization, payload);
      }),
    },
  );
  return { client, calls };
}

describe('InProcessChannelClient', () => {
  it('hands sendToConversation and replyToActivity to the reply API, signed, and gives back its id', async () => {
    const { client, calls } = connectorWith(async () => ({ status: 200, body: { id: 'conv|0000002' } }));
    const sent = await client.conversations.sendToConversation('conv a/b', { type: 'message', text: 'Bonjour' });
    const replied = await client.conversations.replyToActivity('conv a/b', 'conv|0000001', { type: 'message', text: 'Hello', replyToId: 'conv|0000001' });
    expect([sent.id, replied.id]).toEqual(['conv|0000002', 'conv|0000002']);
    expect(calls.map((call) => call.conversationId)).toEqual(['conv a/b', 'conv a/b']);
    expect(calls[0]!.authorization).toBe('Bearer channel-token');
    expect(calls[1]!.payload).toMatchObject({ type: 'message', text: 'Hello', replyToId: 'conv|0000001' });
  });

  it('turns a refusal into the error the connector throws for an HTTP one, status included', async () => {
    const { client } = connectorWith(async () => ({
      status: 404,
      body: { error: 'not_found', message: 'directline: no such conversation (it may have expired); start a new one' },
    }));
    await expect(client.conversations.sendToConversation('gone', { type: 'message', text: 'x' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers a failure of the reply API (a database error) with the 500 the HTTP route gives, which the connector retries', async () => {
    let attempts = 0;
    const { client } = connectorWith(async () => {
      attempts++;
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    const refused = client.conversations.sendToConversation('conv', { type: 'message', text: 'x' });
    await expect(refused).rejects.toMatchObject({ statusCode: 500 });
    await expect(refused).rejects.not.toThrow(/SQLITE_FULL/);
    // The connector's own policy: three retries with backoff (about 4 s here), as over HTTP.
    expect(attempts).toBe(4);
  }, 30_000);

  it('answers 404 to any other API of the channel, without calling the reply API', async () => {
    const { client, calls } = connectorWith(async () => ({ status: 200, body: { id: 'never' } }));
    await expect(client.conversations.getConversationMembers('conv')).rejects.toMatchObject({ statusCode: 404 });
    await expect(client.conversations.deleteActivity('conv', 'conv|0000001')).rejects.toMatchObject({ statusCode: 404 });
    expect(calls).toEqual([]);
  });
});
