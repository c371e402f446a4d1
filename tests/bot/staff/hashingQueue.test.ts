import { BoundedQueue, QueueFullError } from '../../../bot/staff/hashingQueue';

/** A task that runs until released, recording how many run at once. */
function gatedTasks() {
  let running = 0;
  let peak = 0;
  let finished = 0;
  const releases: Array<() => void> = [];
  const order: number[] = [];
  const task = (id: number) => async () => {
    running += 1;
    peak = Math.max(peak, running);
    order.push(id);
    await new Promise<void>((resolve) => releases.push(resolve));
    running -= 1;
    finished += 1;
    return id;
  };
  /** Lets tasks finish, as they start, until `count` have finished in all. */
  const finish = async (count: number) => {
    while (finished < count) {
      releases.splice(0).forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { task, finish, peak: () => peak, order };
}

describe('BoundedQueue', () => {
  it('runs at most `concurrency` tasks at once, the others in order of arrival', async () => {
    const queue = new BoundedQueue({ concurrency: 2, maxWaiting: 10, retryAfterSeconds: 5 });
    const gated = gatedTasks();
    const results = Promise.all([1, 2, 3, 4, 5].map((id) => queue.run(gated.task(id))));
    await gated.finish(5);
    expect(await results).toEqual([1, 2, 3, 4, 5]);
    expect(gated.peak()).toBe(2);
    expect(gated.order).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses at once with QueueFullError and its Retry-After when the waiting line is full', async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 2, retryAfterSeconds: 7 });
    const gated = gatedTasks();
    const accepted = [1, 2, 3].map((id) => queue.run(gated.task(id)));
    await expect(queue.run(gated.task(4))).rejects.toEqual(new QueueFullError(7));
    await gated.finish(3);
    expect(await Promise.all(accepted)).toEqual([1, 2, 3]);
    // Drained: room again.
    const again = queue.run(gated.task(5));
    await gated.finish(4);
    expect(await again).toBe(5);
  });

  it('frees the slot of a task that fails', async () => {
    const queue = new BoundedQueue({ concurrency: 1, maxWaiting: 0, retryAfterSeconds: 1 });
    await expect(queue.run(async () => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    expect(await queue.run(async () => 'next')).toBe('next');
  });
});
