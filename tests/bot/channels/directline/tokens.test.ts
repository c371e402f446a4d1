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

  it('creates its key on first start, readable by the owner only, and reuses it afterwards', () => {
    const token = DirectLineTokens.open(dataDir).sign('conversation', 'conv', 'dl_user_0001');
    const mode = fs.statSync(path.join(dataDir, KEY_FILE)).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(DirectLineTokens.open(dataDir).verify(token, 'conversation')).toMatchObject({ conversationId: 'conv', userId: 'dl_user_0001' });
  });

  it('refuses a token signed with another key', () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-dl-'));
    try {
      const foreign = DirectLineTokens.open(otherDir).sign('conversation', 'conv', 'dl_user_0001');
      expect(() => DirectLineTokens.open(dataDir).verify(foreign, 'conversation')).toThrow('directline: the token is not valid');
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses a token of another scope', () => {
    const tokens = DirectLineTokens.open(dataDir);
    expect(() => tokens.verify(tokens.sign('stream', 'conv', 'dl_user_0001'), 'conversation')).toThrow('not valid here');
  });

  it('expires tokens after 30 minutes', () => {
    let now = 1_000_000_000_000;
    const tokens = DirectLineTokens.open(dataDir, () => now);
    const token = tokens.sign('conversation', 'conv', 'dl_user_0001');
    now += 1799 * 1000;
    expect(tokens.verify(token, 'conversation').expiresAt).toBe(1_000_000_000 + 1800);
    now += 1000;
    expect(() => tokens.verify(token, 'conversation')).toThrow('expired');
  });

  it('accepts only its own local secret', () => {
    const tokens = DirectLineTokens.open(dataDir);
    expect(tokens.isLocalSecret(tokens.localSecret())).toBe(true);
    expect(tokens.isLocalSecret(`${tokens.localSecret()}x`)).toBe(false);
    expect(tokens.isLocalSecret(undefined)).toBe(false);
  });
});
