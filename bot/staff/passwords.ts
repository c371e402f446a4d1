import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BoundedQueue } from './hashingQueue';

/** scrypt cost parameters (OWASP's minimum for scrypt: N=2^17, r=8, p=1). */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}
const COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 64;
const MAX_MEMORY = 256 * 1024 * 1024;

/** Passwords shorter than this are refused when an account is created. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Every scrypt derivation takes a turn here. Each holds 128 MiB (128 · N · r bytes) outside the
 * heap for about 0.65 s on one core: 19 parallel sign-ins took the process to 637 MB RSS. Two at
 * once (one per core of the machines this runs on) bound that to 256 MiB; 16 more may wait (about
 * 5 s of work); past that a sign-in is refused with 503 and Retry-After rather than queued
 * without end. Staff sign in once per 12-hour session, so a real team never waits here.
 */
const scryptTurns = new BoundedQueue({ concurrency: 2, maxWaiting: 16, retryAfterSeconds: 5 });

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: MAX_MEMORY };
  return scryptTurns.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/**
 * `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised
 * later. `cost` is for tests, which cannot afford the real one on every account they create.
 */
export async function hashPassword(password: string, cost: ScryptCost = COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of a password against a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (!N || !r || !p || expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** A hash of a random password: verified against when the email is unknown, so timing does not tell. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  if (!decoy) {
    const made = hashPassword(randomBytes(18).toString('base64'));
    decoy = made;
    // A refusal (the hashing queue was full) must not be kept as the decoy for good.
    made.catch(() => {
      if (decoy === made) decoy = undefined;
    });
  }
  return decoy;
}
