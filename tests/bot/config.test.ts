import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';

describe('loadConfig', () => {
  it('runs with embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.dataDir).toBe(path.resolve(__dirname, '../../data'));
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.channelAuthEnabled).toBe(false);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('names the variable that has a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^config: PORT /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^config: DATABASE_URL must be a postgres/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/^config: LOG_LEVEL/);
  });

  it('never prints a secret it refuses', () => {
    expect(() => loadConfig({ STAFF_API_TOKEN: 'short-secret' })).toThrow(/STAFF_API_TOKEN .*\(got \(hidden\)\)/);
  });

  it('reads SMTP_URL and SMTP_FROM for the follow-up e-mails, and refuses a malformed one naming it (never printing it)', () => {
    expect(loadConfig({}).SMTP_URL).toBeUndefined();
    const config = loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.com:465', SMTP_FROM: 'Support Premium <support@example.com>' });
    expect(config.SMTP_URL).toBe('smtps://user:pw@mail.example.com:465');
    expect(config.SMTP_FROM).toBe('Support Premium <support@example.com>');
    for (const bad of ['mail.example.com', 'http://mail.example.com', 'smtp://', 'user:secretpw@mail']) {
      expect(() => loadConfig({ SMTP_URL: bad, SMTP_FROM: 'support@example.com' })).toThrow(/^config: SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL.*\(got \(hidden\)\)$/);
    }
    expect(() => loadConfig({ SMTP_URL: 'smtp://user:secretpw@mail' })).toThrow(/^config: SMTP_FROM is required when SMTP_URL is set/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail', SMTP_FROM: 'not an address' })).toThrow(/^config: SMTP_FROM must be an e-mail address/);
  });

  it('switches channel authentication on when an app id is set, and requires its password', () => {
    expect(loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' }).channelAuthEnabled).toBe(true);
    expect(() => loadConfig({ MicrosoftAppId: 'app' })).toThrow(/MicrosoftAppPassword is required/);
  });

  it('refuses to start in production without an app id unless anonymous access is allowed explicitly', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MicrosoftAppId is required when NODE_ENV=production/);
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', PUBLIC_URL: 'https://assistant.example.com' }).NODE_ENV).toBe('production');
    expect(() => loadConfig({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true' })).toThrow(/config: PUBLIC_URL is required when NODE_ENV=production/);
  });

  it('trusts no proxy unless told how many hops there are', () => {
    expect(loadConfig({}).TRUST_PROXY_HOPS).toBe(0);
    expect(loadConfig({ TRUST_PROXY_HOPS: '2' }).TRUST_PROXY_HOPS).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).deprecations).toEqual([]);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '-1' })).toThrow(/^config: TRUST_PROXY_HOPS /);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: 'yes' })).toThrow(/^config: TRUST_PROXY_HOPS /);
  });

  it('reads the deprecated TRUST_PROXY=true as one hop, with a warning naming TRUST_PROXY_HOPS', () => {
    const config = loadConfig({ TRUST_PROXY: 'true' });
    expect(config.TRUST_PROXY_HOPS).toBe(1);
    expect(config.deprecations).toEqual([expect.stringMatching(/TRUST_PROXY=true is deprecated .*TRUST_PROXY_HOPS/)]);
    expect(loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }).TRUST_PROXY_HOPS).toBe(2);
  });

  it('splits the widget origins list', () => {
    expect(loadConfig({ WIDGET_ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).WIDGET_ALLOWED_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('documents every variable in .env.example, and the example itself is a valid configuration', () => {
    const example = fs.readFileSync(path.join(__dirname, '../../.env.example'), 'utf8');
    const documented = Object.fromEntries(
      example.split('\n').flatMap((line) => {
        const match = /^([A-Za-z_]+)=(.*)$/.exec(line);
        return match ? [[match[1]!, match[2]!]] : [];
      }),
    );
    const source = fs.readFileSync(path.join(__dirname, '../../bot/config.ts'), 'utf8');
    const read = [...source.matchAll(/^ {2}([A-Za-z_]+): /gm)].map((m) => m[1]);
    expect(Object.keys(documented).sort()).toEqual([...read].sort());
    expect(() => loadConfig(documented)).not.toThrow();
  });
});
