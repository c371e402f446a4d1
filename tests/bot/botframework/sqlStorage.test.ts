import type { StoreItems } from 'botbuilder';
import { SqlStorage } from '../../../bot/botframework/sqlStorage';
import type { Database } from '../../../bot/storage/database';
import { ENGINES } from '../storage/engines';

describe.each(ENGINES)('SqlStorage on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let storage: SqlStorage;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    storage = new SqlStorage(db);
  });
  afterAll(() => dispose());

  it('reads nothing for keys never written', async () => {
    expect(await storage.read(['missing'])).toEqual({});
  });

  it('creates items and gives each an eTag', async () => {
    await storage.write({ createA: { count: 1 }, createB: { nested: { list: [1, 'two'] } } });
    const items = await storage.read(['createA', 'createB']);
    expect(items.createA).toEqual({ count: 1, eTag: expect.any(String) });
    expect(items.createB.nested).toEqual({ list: [1, 'two'] });
    expect(items.createA.eTag).not.toBe(items.createB.eTag);
  });

  it('updates an item written back with its current eTag, changing the eTag', async () => {
    await storage.write({ update: { count: 1 } });
    const first = (await storage.read(['update'])).update;
    await storage.write({ update: { ...first, count: 2 } });
    const second = (await storage.read(['update'])).update;
    expect(second.count).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  it('refuses a write with a stale eTag and keeps the stored item', async () => {
    await storage.write({ stale: { count: 1 } });
    const first = (await storage.read(['stale'])).stale;
    await storage.write({ stale: { ...first, count: 2 } });
    await expect(storage.write({ stale: { ...first, count: 3 } })).rejects.toThrow(
      'Storage: error writing "stale" due to eTag conflict.',
    );
    expect((await storage.read(['stale'])).stale.count).toBe(2);
  });

  it('overwrites whatever is stored when the eTag is "*"', async () => {
    await storage.write({ wildcard: { count: 1 } });
    await storage.write({ wildcard: { count: 9, eTag: '*' } });
    expect((await storage.read(['wildcard'])).wildcard.count).toBe(9);
  });

  it('overwrites when no eTag is given', async () => {
    await storage.write({ noEtag: { count: 1 } });
    await storage.write({ noEtag: { count: 5 } });
    expect((await storage.read(['noEtag'])).noEtag.count).toBe(5);
  });

  it('writes a batch all or nothing: one conflict leaves every item of the batch unwritten', async () => {
    await storage.write({ batchOld: { v: 1 } });
    const stale = (await storage.read(['batchOld'])).batchOld;
    await storage.write({ batchOld: { ...stale, v: 2 } });
    const batch: StoreItems = { batchNew: { v: 1 }, batchOld: { ...stale, v: 3 } };
    await expect(storage.write(batch)).rejects.toThrow(/eTag conflict/);
    expect(await storage.read(['batchNew'])).toEqual({});
  });

  it('deletes items, and deleting unknown keys is not an error', async () => {
    await storage.write({ del1: { a: 1 }, del2: { a: 2 } });
    await storage.delete(['del1', 'never-written']);
    expect(Object.keys(await storage.read(['del1', 'del2']))).toEqual(['del2']);
  });

  it('keeps keys with any characters apart, including SQL metacharacters', async () => {
    const keys = ["emulator/conversations/a'b", 'directline/users/x"; DROP TABLE bot_state;--', 'ünïcødé/🔑'];
    await storage.write(Object.fromEntries(keys.map((key, i) => [key, { i }])));
    const items = await storage.read(keys);
    expect(keys.map((key) => items[key]?.i)).toEqual([0, 1, 2]);
  });

  it('lets exactly one of two concurrent writers with the same eTag win', async () => {
    await storage.write({ race: { v: 0 } });
    const base = (await storage.read(['race'])).race;
    const results = await Promise.allSettled([
      storage.write({ race: { ...base, v: 1 } }),
      storage.write({ race: { ...base, v: 2 } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });
});
