import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../../bot/storage/database';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('SQLite files in DATA_DIR', () => {
  let root: string;
  let db: Database | undefined;
  let umask: number;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-modes-'));
    umask = process.umask(0o022); // the usual umask, under which files used to come out 0644
  });
  afterEach(async () => {
    await db?.close();
    db = undefined;
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates DATA_DIR 0700 and the database, its -wal and -shm 0600 (staff password hashes, transcripts)', async () => {
    const dataDir = path.join(root, 'data');
    db = await openDatabase({ dataDir });
    await db.run('CREATE TABLE probe (tag TEXT)');
    await db.run('INSERT INTO probe (tag) VALUES (?)', ['written']);
    const file = path.join(dataDir, 'assistant.sqlite');
    expect(modeOf(dataDir)).toBe(0o700);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual([0o600, 0o600, 0o600]);
  });

  it('brings the files of an existing database, made 0644 by an earlier version, down to 0600 at start-up', async () => {
    const dataDir = path.join(root, 'data');
    const file = path.join(dataDir, 'assistant.sqlite');
    db = await openDatabase({ dataDir });
    await db.run('CREATE TABLE probe (tag TEXT)');
    await db.close();
    db = undefined;
    for (const each of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(each)) fs.chmodSync(each, 0o644);
    fs.writeFileSync(`${file}-wal`, '', { flag: 'a' });
    fs.chmodSync(`${file}-wal`, 0o644);

    db = await openDatabase({ dataDir });
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect((await db.all('SELECT * FROM probe')).length).toBe(0);
  });
});
