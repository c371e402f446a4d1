import type { WebSocket } from 'ws';
import { activityId } from '../../../../bot/channels/directline/activityIds';
import { MAX_STREAM_BUFFER_BYTES } from '../../../../bot/channels/directline/limits';
import { sender } from '../../../../bot/channels/directline/stream';

/** A socket whose queued output the test sets, as a client that stops reading leaves it. */
function socket(bufferedAmount: number) {
  const sent: string[] = [];
  const fake = { OPEN: 1, readyState: 1, bufferedAmount, terminated: false, sent, send: (data: string) => sent.push(data), terminate: () => (fake.terminated = true) };
  return fake;
}

const set = (sequence: number) => ({ activities: [{ id: activityId('c1', sequence), type: 'message', text: `m${sequence}` }], watermark: String(sequence) });

describe('Direct Line stream back-pressure', () => {
  it('sends to a client that keeps up, even while the instance is over its budget', () => {
    const ws = socket(0);
    sender(ws as unknown as WebSocket, 0, () => true)(set(1));
    expect(ws.sent).toHaveLength(1);
    expect(ws.terminated).toBe(false);
  });

  it('closes a client that has output queued once all streams together are over the budget', () => {
    const ws = socket(1024);
    sender(ws as unknown as WebSocket, 0, () => true)(set(1));
    expect(ws.sent).toHaveLength(0);
    expect(ws.terminated).toBe(true);
  });

  it('lets a client with some output queued go on while the instance is within budget', () => {
    const ws = socket(1024);
    sender(ws as unknown as WebSocket, 0, () => false)(set(1));
    expect(ws.sent).toHaveLength(1);
  });

  it('closes a client past its own queue limit whatever the instance holds', () => {
    const ws = socket(MAX_STREAM_BUFFER_BYTES + 1);
    sender(ws as unknown as WebSocket, 0, () => false)(set(1));
    expect(ws.terminated).toBe(true);
  });
});
