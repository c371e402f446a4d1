import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database';
import { decoyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword, type ScryptCost } from './passwords';

/** A signed-in staff member as the console and the API see them. */
export interface StaffMember {
  readonly id: number;
  readonly email: string;
  readonly name: string;
}

/** A live console session: its member and the CSRF token every state change must carry. */
export interface StaffSession {
  readonly member: StaffMember;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** How long a session lasts after sign-in. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Normalized form of an email: accounts and rate limits are keyed by it. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Staff accounts and sessions in the shared database. Only a hash of each session token is
 * stored, so a copy of the database does not sign anyone in.
 */
export class StaffAccounts {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates the account, or sets a new name and password when the email exists. */
  async upsert(email: string, name: string, password: string, cost?: ScryptCost): Promise<{ member: StaffMember; created: boolean }> {
    const normalized = normalizeEmail(email);
    if (!EMAIL.test(normalized)) throw new Error(`staff: ${JSON.stringify(email)} is not an email address`);
    if (!name.trim()) throw new Error('staff: the name must not be empty');
    if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`staff: the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
    const hash = await hashPassword(password, cost);
    const at = this.now().toISOString();
    return this.db.transaction(async (tx) => {
      const existing = await tx.get<{ id: number | string }>('SELECT id FROM staff_users WHERE email = ?', [normalized]);
      if (existing) {
        await tx.run('UPDATE staff_users SET name = ?, password_hash = ?, updated_at = ? WHERE id = ?', [name.trim(), hash, at, Number(existing.id)]);
        // A new password signs out every session of the old one.
        await tx.run('DELETE FROM staff_sessions WHERE user_id = ?', [Number(existing.id)]);
        return { member: { id: Number(existing.id), email: normalized, name: name.trim() }, created: false };
      }
      const row = await tx.get<{ id: number | string }>(
        'INSERT INTO staff_users (email, name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
        [normalized, name.trim(), hash, at, at],
      );
      return { member: { id: Number(row!.id), email: normalized, name: name.trim() }, created: true };
    });
  }

  /** The member whose password this is, or undefined (same work either way, so timing does not tell). */
  async authenticate(email: string, password: string): Promise<StaffMember | undefined> {
    const row = await this.db.get<{ id: number | string; email: string; name: string; password_hash: string }>(
      'SELECT id, email, name, password_hash FROM staff_users WHERE email = ?',
      [normalizeEmail(email)],
    );
    const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    return row && ok ? { id: Number(row.id), email: row.email, name: row.name } : undefined;
  }

  /** Opens a session; the returned token goes into the cookie and nowhere else. */
  async openSession(member: StaffMember): Promise<{ token: string; session: StaffSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
    await this.db.run('DELETE FROM staff_sessions WHERE expires_at < ?', [now.toISOString()]);
    await this.db.run('INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
      sha256(token),
      member.id,
      csrfToken,
      now.toISOString(),
      expiresAt,
    ]);
    return { token, session: { member, csrfToken, expiresAt } };
  }

  async session(token: string | undefined): Promise<StaffSession | undefined> {
    if (!token) return undefined;
    const row = await this.db.get<{ id: number | string; email: string; name: string; csrf_token: string; expires_at: string }>(
      `SELECT u.id, u.email, u.name, s.csrf_token, s.expires_at
       FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ?`,
      [sha256(token), this.now().toISOString()],
    );
    if (!row) return undefined;
    return { member: { id: Number(row.id), email: row.email, name: row.name }, csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async closeSession(token: string): Promise<void> {
    await this.db.run('DELETE FROM staff_sessions WHERE token_hash = ?', [sha256(token)]);
  }
}
