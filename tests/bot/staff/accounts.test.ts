import { StaffAccounts } from '../../../bot/staff/accounts';
import { startApp } from '../../support/app';
import { TEST_SCRYPT_COST } from '../../support/staff';

describe('StaffAccounts', () => {
  it('stores an scrypt hash with its own salt, never the password', async () => {
    const running = await startApp();
    try {
      const accounts = new StaffAccounts(running.app.database);
      await accounts.upsert('one@example.com', 'One', 'the same password', TEST_SCRYPT_COST);
      await accounts.upsert('two@example.com', 'Two', 'the same password', TEST_SCRYPT_COST);
      const rows = await running.app.database.all<{ password_hash: string }>('SELECT password_hash FROM staff_users ORDER BY id');
      expect(rows.map((r) => r.password_hash.split('$')[0])).toEqual(['scrypt', 'scrypt']);
      expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
      expect(rows.some((r) => r.password_hash.includes('the same password'))).toBe(false);
      expect(await accounts.authenticate('one@example.com', 'the same password')).toMatchObject({ email: 'one@example.com' });
      expect(await accounts.authenticate('one@example.com', 'the same passworD')).toBeUndefined();
    } finally {
      await running.stop();
    }
  });

  it('refuses short passwords and malformed emails', async () => {
    const running = await startApp();
    try {
      const accounts = new StaffAccounts(running.app.database);
      await expect(accounts.upsert('a@example.com', 'A', 'short', TEST_SCRYPT_COST)).rejects.toThrow('staff: the password must be at least 12 characters');
      await expect(accounts.upsert('not-an-email', 'A', 'long enough password', TEST_SCRYPT_COST)).rejects.toThrow('is not an email address');
    } finally {
      await running.stop();
    }
  });

  it('signs out every session of an account whose password is changed', async () => {
    const running = await startApp();
    try {
      const accounts = new StaffAccounts(running.app.database);
      const { member } = await accounts.upsert('c@example.com', 'C', 'first password 1', TEST_SCRYPT_COST);
      const { token } = await accounts.openSession(member);
      expect(await accounts.session(token)).toBeDefined();
      await accounts.upsert('c@example.com', 'C', 'second password 2', TEST_SCRYPT_COST);
      expect(await accounts.session(token)).toBeUndefined();
    } finally {
      await running.stop();
    }
  });
});
