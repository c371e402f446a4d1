import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectLineTokens, KEY_FILE } from '../../../../bot/channels/directline/tokens';

describe('DirectLineTokens', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-dl-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates its key on first start, readable by the owner only, and reuses it afterwards', async () => {
    const token = await DirectLineTokens.open(dataDir).sign('conversation', 'conv', 'dl_user_0001');
    const mode = fs.statSync(path.join(dataDir, KEY_FILE)).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(await DirectLineTokens.open(dataDir).verify(token, 'conversation')).toMatchObject({ conversationId: 'conv', userId: 'dl_user_0001' });
  });

  it('refuses a token signed with another key', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-dl-'));
    try {
      const foreign = await DirectLineTokens.open(otherDir).sign('conversation', 'conv', 'dl_user_0001');
      await expect(DirectLineTokens.open(dataDir).verify(foreign, 'conversation')).rejects.toThrow('directline: the token is not valid');
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses a token of another scope', async () => {
    const tokens = DirectLineTokens.open(dataDir);
    await expect(tokens.verify(await tokens.sign('stream', 'conv', 'dl_user_0001'), 'conversation')).rejects.toThrow('not valid here');
  });

  it('expires tokens after 30 minutes', async () => {
    let now = 1_000_000_000_000;
    const tokens = DirectLineTokens.open(dataDir, () => now);
    const token = await tokens.sign('conversation', 'conv', 'dl_user_0001');
    now += 1799 * 1000;
    expect((await tokens.verify(token, 'conversation')).expiresAt).toBe(1_000_000_000 + 1800);
    now += 1000;
    await expect(tokens.verify(token, 'conversation')).rejects.toThrow('expired');
  });

  // Tokens were signed by hand before jose: the bytes a page or a reference holds must still verify, and jose's must match them.
  it('signs the same bytes the hand-written signer did, and verifies tokens it issued', async () => {
    const now = 1_000_000_000_000;
    const tokens = DirectLineTokens.open(dataDir, () => now);
    const key = Buffer.from(fs.readFileSync(path.join(dataDir, KEY_FILE), 'utf8').trim(), 'base64');
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const claims = { iss: 'csp-assistant/directline', scope: 'conversation', conv: 'conv', user: 'dl_user_0001', iat: 1_000_000_000, exp: 1_000_001_800 };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const handSigned = `${header}.${payload}.${crypto.createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')}`;
    expect(await tokens.sign('conversation', 'conv', 'dl_user_0001')).toBe(handSigned);
    expect(await tokens.verify(handSigned, 'conversation')).toEqual({ scope: 'conversation', conversationId: 'conv', userId: 'dl_user_0001', expiresAt: 1_000_001_800 });
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, user: 'dl_someone_else' })).toString('base64url')}.${handSigned.split('.')[2]}`;
    await expect(tokens.verify(tampered, 'conversation')).rejects.toThrow('directline: the token is not valid');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(tokens.verify(unsigned, 'conversation')).rejects.toThrow('directline: the token is not valid');
  });

  it('accepts only its own local secret', () => {
    const tokens = DirectLineTokens.open(dataDir);
    expect(tokens.isLocalSecret(tokens.localSecret())).toBe(true);
    expect(tokens.isLocalSecret(`${tokens.localSecret()}x`)).toBe(false);
    expect(tokens.isLocalSecret(undefined)).toBe(false);
  });
});
