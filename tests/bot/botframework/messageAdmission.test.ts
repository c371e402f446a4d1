import type { Activity } from 'botbuilder';
import type { Request } from 'restify';
import { loadConfig } from '../../../bot/config';
import { MemoryRateLimiter } from '../../../bot/rateLimits/memoryRateLimiter';
import { isLoopbackAddress, MessageAdmission } from '../../../bot/botframework/messageAdmission';
import type { SqlConversationBindings } from '../../../bot/botframework/conversationBindings';

/** A request as restify hands it over, from `remoteAddress`. */
function requestFrom(remoteAddress: string, headers: Record<string, string> = {}): Request {
  return { socket: { remoteAddress }, headers, header: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
}

function admission(env: Record<string, string> = {}): MessageAdmission {
  return new MessageAdmission({
    config: loadConfig({ NODE_ENV: 'test', ...env }),
    // The checks before authentication never read the bindings.
    bindings: {} as SqlConversationBindings,
    limiter: new MemoryRateLimiter(),
    builtInChannel: { channelId: 'directline', ownsServiceUrl: () => false, hasConversation: async () => false },
  });
}

const activity = (serviceUrl: string) => ({ type: 'message', channelId: 'emulator', serviceUrl, conversation: { id: 'c-1' } }) as Activity;

describe('MessageAdmission without an app id', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('takes a client on this machine (%s)', async (address) => {
    expect(await admission().beforeAuthentication(requestFrom(address), activity('http://localhost:53210/'))).toBeUndefined();
  });

  it.each(['203.0.113.7', '10.0.0.8', '::ffff:192.168.1.20', '2001:db8::1'])('refuses a client on another machine (%s)', async (address) => {
    expect(await admission().beforeAuthentication(requestFrom(address), activity(`http://127.0.0.1:53210/`))).toMatchObject({ status: 403 });
  });

  describe('with ANONYMOUS_REMOTE=true', () => {
    it('takes another machine whose serviceUrl is its own address', async () => {
      const opened = admission({ ANONYMOUS_REMOTE: 'true' });
      expect(await opened.beforeAuthentication(requestFrom('203.0.113.7'), activity('http://203.0.113.7:53210/'))).toBeUndefined();
      expect(await opened.beforeAuthentication(requestFrom('2001:db8::1'), activity('http://[2001:db8::1]:53210/'))).toBeUndefined();
    });

    it.each(['http://127.0.0.1:8080/', 'http://169.254.169.254/', 'http://203.0.113.8/', 'https://collector.example.net/'])(
      'refuses a serviceUrl that is not the client’s own (%s): the server calls no third party',
      async (serviceUrl) => {
        const opened = admission({ ANONYMOUS_REMOTE: 'true' });
        expect(await opened.beforeAuthentication(requestFrom('203.0.113.7'), activity(serviceUrl))).toMatchObject({ status: 403, field: 'serviceUrl' });
      },
    );

    it('is refused in production unless ALLOW_ANONYMOUS=true, naming the variable', () => {
      expect(() => loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', ANONYMOUS_REMOTE: 'true' })).toThrow(
        /config: ANONYMOUS_REMOTE=true .* ALLOW_ANONYMOUS=true/,
      );
      expect(loadConfig({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', ANONYMOUS_REMOTE: 'true', PUBLIC_URL: 'https://assistant.example.com' }).ANONYMOUS_REMOTE).toBe(true);
    });
  });

  it('recognises loopback socket addresses only', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.2'].map(isLoopbackAddress)).toEqual([true, true, true]);
    expect(['128.0.0.1', '::2', '::ffff:10.0.0.1', '', undefined].map(isLoopbackAddress)).toEqual([false, false, false, false, false]);
  });
});
