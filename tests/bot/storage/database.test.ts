import type { Database } from '../../../bot/storage/database';
import { ENGINES } from './engines';

/** A promise and the function that settles it, to hold a transaction open for as long as a test needs. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.each(ENGINES)('Database on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    await db.run('CREATE TABLE probe (tag TEXT NOT NULL)');
  });
  beforeEach(() => db.run('DELETE FROM probe'));
  afterAll(() => dispose());

  const tags = async () => (await db.all<{ tag: string }>('SELECT tag FROM probe ORDER BY tag')).map((r) => r.tag);

  it('commits all of a transaction, or none of it when its work throws', async () => {
    await db.transaction(async (tx) => {
      await tx.run('INSERT INTO probe (tag) VALUES (?)', ['a']);
      await tx.run('INSERT INTO probe (tag) VALUES (?)', ['b']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO probe (tag) VALUES (?)', ['c']);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await tags()).toEqual(['a', 'b']);
  });

  it('keeps a statement issued while a transaction is open out of it: the rollback does not take its row', async () => {
    const hold = gate();
    const failing = db.transaction(async (tx) => {
      await tx.run('INSERT INTO probe (tag) VALUES (?)', ['inside']);
      await hold.opened;
      throw new Error('rolled back');
    });
    const outside = db.run('INSERT INTO probe (tag) VALUES (?)', ['outside']);
    hold.open();
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await tags()).toEqual(['outside']);
  });

  if (engine.name === 'sqlite') {
    it('serves statements and transactions first come, first served: a statement waits only for what was asked before it', async () => {
      const order: string[] = [];
      let statement: Promise<void> | undefined;
      // A chain of transactions, each queuing the next as it starts; the first, once open, asks
      // for a statement outside it. The statement must run after the one transaction queued
      // before it, not after the whole chain.
      const chain: Promise<void>[] = [];
      const next = (n: number): Promise<void> =>
        db.transaction(async (tx) => {
          if (n < 10) chain.push(next(n + 1));
          order.push(`transaction ${n}`);
          await tx.run('INSERT INTO probe (tag) VALUES (?)', [`t${n}`]);
          if (n === 0) statement = db.get('SELECT COUNT(*) AS n FROM probe').then(() => void order.push('statement'));
        });
      chain.push(next(0));
      while (chain.length < 11) await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(chain);
      await statement;
      expect(order.indexOf('statement')).toBe(2);
      expect(order.filter((o) => o.startsWith('transaction'))).toHaveLength(11);
    });
  }
});
