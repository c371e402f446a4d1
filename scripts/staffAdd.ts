/**
 * `npm run staff:add -- --email agent@example.com --name "Agent Name"`: creates a staff console
 * account (or sets a new name and password for an existing one). The password is prompted
 * without echo on a terminal, or read from the first line of stdin:
 * `printf '%s\n' "$PASSWORD" | npm run -s staff:add -- --email … --name …`.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../bot/config';
import { StaffAccounts } from '../bot/staff/accounts';
import { MIN_PASSWORD_LENGTH } from '../bot/staff/passwords';
import { openDatabase } from '../bot/storage/database';
import { migrate } from '../bot/storage/migrate';

/** Reads one line from a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(value);
        }
        if (char === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('staff:add: cancelled'));
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  let data = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) data += chunk;
  return data.split(/\r?\n/)[0] ?? '';
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdin();
  const first = await promptHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `);
  const second = await promptHidden('Password again: ');
  if (first !== second) throw new Error('staff:add: the two passwords differ');
  return first;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true });
  if (!values.email || !values.name) throw new Error('usage: npm run staff:add -- --email agent@example.com --name "Agent Name"');
  const config = loadConfig();
  const password = await readPassword();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    await migrate(database);
    const { member, created } = await new StaffAccounts(database).upsert(values.email, values.name, password);
    process.stdout.write(`staff:add: ${created ? 'created' : 'updated'} ${member.email} (${member.name})\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
