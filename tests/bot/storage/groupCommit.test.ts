import type { Database } from '../../../bot/storage/database';
import { GroupCommit } from '../../../bot/storage/groupCommit';
import { ENGINES } from './engines';

const INSERT = 'INSERT INTO group_commit_rows (label) VALUES (?)';

describe.each(ENGINES)('GroupCommit on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let transactions: number;

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    await db.run('CREATE TABLE group_commit_rows (label TEXT PRIMARY KEY)');
    // Count the transactions the group opens, on the real database.
    const transaction = db.transaction.bind(db);
    db.transaction = ((work, options) => {
      transactions++;
      return transaction(work, options);
    }) as Database['transaction'];
  });
  afterAll(async () => {
    await dispose();
  });
  beforeEach(async () => {
    await db.run('DELETE FROM group_commit_rows');
    transactions = 0;
  });

  const labels = async () => (await db.all<{ label: string }>('SELECT label FROM group_commit_rows ORDER BY label')).map((row) => row.label);

  it('commits the writes issued together in one transaction, each readable once its promise settles', async () => {
    const group = new GroupCommit(db);
    const writes = ['a', 'b', 'c', 'd', 'e'].map((label) => group.write([INSERT, [label]]));
    await writes[0];
    expect(await labels()).toEqual(['a', 'b', 'c', 'd', 'e']);
    await Promise.all(writes);
    expect(transactions).toBe(1);
  });

  it('keeps the statements of one write together and in order', async () => {
    const group = new GroupCommit(db);
    await group.write([INSERT, ['first']], ['UPDATE group_commit_rows SET label = ? WHERE label = ?', ['renamed', 'first']]);
    expect(await labels()).toEqual(['renamed']);
  });

  it('loses no other write when one of the group fails, and tells the failing caller', async () => {
    await db.run(INSERT, ['taken']);
    const group = new GroupCommit(db);
    const good = group.write([INSERT, ['x']]);
    const bad = group.write([INSERT, ['y']], [INSERT, ['taken']]);
    const alsoGood = group.write([INSERT, ['z']]);
    // Matched on the message: better-sqlite3's error class can come from another jest module
    // registry in the same worker, where `instanceof Error` (what toThrow checks) is false.
    await expect(bad).rejects.toHaveProperty('message', expect.stringMatching(/UNIQUE constraint|duplicate key/));
    await expect(good).resolves.toBeUndefined();
    await expect(alsoGood).resolves.toBeUndefined();
    // The failing write is all or nothing: its first row went with it.
    expect(await labels()).toEqual(['taken', 'x', 'z']);
  });

  it('drains: everything written so far is committed when drain settles', async () => {
    const group = new GroupCommit(db);
    void group.write([INSERT, ['late-1']]);
    void group.write([INSERT, ['late-2']]);
    await group.drain();
    expect(await labels()).toEqual(['late-1', 'late-2']);
  });

  it('starts a new group for writes issued after the previous one was sent', async () => {
    const group = new GroupCommit(db);
    await group.write([INSERT, ['one']]);
    await group.write([INSERT, ['two']]);
    expect(transactions).toBe(2);
    expect(await labels()).toEqual(['one', 'two']);
  });
});
