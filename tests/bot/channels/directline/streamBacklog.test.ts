import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { activityId } from '../../../../bot/channels/directline/activityIds';
import type { ActivitySet, ConversationStore } from '../../../../bot/channels/directline/store';
import { attachDirectLineStream } from '../../../../bot/channels/directline/stream';
import { DirectLineTokens } from '../../../../bot/channels/directline/tokens';
import { createLogger } from '../../../../bot/logger';

const CONVERSATION = 'c1';
const message = (sequence: number) => ({ id: activityId(CONVERSATION, sequence), type: 'message', text: `m${sequence}` });
const setOf = (from: number, to: number): ActivitySet => {
  const activities = [];
  for (let sequence = from; sequence <= to; sequence++) activities.push(message(sequence));
  return { activities, watermark: String(to) };
};

/**
 * A store whose backlog comes in two pages, the second held back until the test lets it go:
 * the time a real database takes, during which a new activity is published to the stream.
 */
function slowBacklogStore() {
  let listener: ((set: ActivitySet) => void) | undefined;
  let releaseSecondPage: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (releaseSecondPage = resolve));
  let secondPageAsked: () => void = () => undefined;
  const asked = new Promise<void>((resolve) => (secondPageAsked = resolve));
  const store = {
    get: () => Promise.resolve({ id: CONVERSATION, userId: 'dl_user' }),
    consumeToken: () => Promise.resolve(true),
    subscribe: (_conversationId: string, next: (set: ActivitySet) => void) => {
      listener = next;
      return () => (listener = undefined);
    },
    since: async (_conversationId: string, watermark?: number): Promise<ActivitySet> => {
      if (!watermark) return setOf(1, 2);
      if (watermark === 2) {
        secondPageAsked();
        await gate;
        return setOf(3, 4);
      }
      return { activities: [], watermark: String(watermark) };
    },
  };
  return {
    store: store as unknown as ConversationStore,
    secondPageAsked: asked,
    releaseSecondPage: () => releaseSecondPage(),
    publish: (set: ActivitySet) => listener?.(set),
  };
}

describe('Direct Line stream: backlog and live activities', () => {
  it('sends every backlog page before an activity that arrived while the backlog was being read', async () => {
    const backlog = slowBacklogStore();
    const tokens = DirectLineTokens.withKey(crypto.randomBytes(32));
    const server = http.createServer();
    const detach = attachDirectLineStream(server, {
      tokens,
      store: backlog.store,
      logger: createLogger('silent'),
      maxStreams: 10,
      maxStreamsPerClient: 10,
      clientOf: () => 'client',
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const token = await tokens.sign('stream', CONVERSATION, 'dl_user');
      const socket = new WebSocket(`ws://127.0.0.1:${port}/v3/directline/conversations/${CONVERSATION}/stream?t=${token}`);
      const received: string[] = [];
      const allFive = new Promise<void>((resolve) =>
        socket.on('message', (data: Buffer) => {
          for (const activity of (JSON.parse(data.toString('utf8')) as ActivitySet).activities) received.push(activity.text ?? '');
          if (received.length >= 5) resolve();
        }),
      );
      await backlog.secondPageAsked;
      backlog.publish(setOf(5, 5));
      backlog.releaseSecondPage();
      await allFive;
      expect(received).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
      socket.close();
    } finally {
      detach();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
