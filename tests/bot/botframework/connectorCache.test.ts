import { AuthenticationConstants, ClaimsIdentity, ConnectorClient, ConnectorFactory, MicrosoftAppCredentials } from 'botframework-connector';
import { ConnectorClientCache } from '../../../bot/botframework/connectorCache';

/** A botbuilder-shaped factory that builds a real ConnectorClient and counts how often. */
class CountingFactory extends ConnectorFactory {
  created = 0;
  failNext = false;

  async create(serviceUrl: string): Promise<ConnectorClient> {
    this.created++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('credentials unavailable');
    }
    return new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: serviceUrl });
  }
}

const identity = (appId: string) =>
  new ClaimsIdentity([
    { type: AuthenticationConstants.AudienceClaim, value: appId },
    { type: AuthenticationConstants.AppIdClaim, value: appId },
    { type: AuthenticationConstants.VersionClaim, value: '1.0' },
  ], true);

describe('ConnectorClientCache', () => {
  it('hands every turn of the same bot and channel the same client, built once', async () => {
    const cache = new ConnectorClientCache();
    const inner = new CountingFactory();
    const first = await cache.wrap(inner, identity('bot')).create('https://channel.example/');
    const second = await cache.wrap(inner, identity('bot')).create('https://channel.example/');
    expect(second).toBe(first);
    expect(inner.created).toBe(1);
  });

  it('builds a separate client for another service URL, audience or caller', async () => {
    const cache = new ConnectorClientCache();
    const inner = new CountingFactory();
    const base = await cache.wrap(inner, identity('bot')).create('https://a.example/');
    const otherUrl = await cache.wrap(inner, identity('bot')).create('https://b.example/');
    const otherAudience = await cache.wrap(inner, identity('bot')).create('https://a.example/', 'api://skill');
    const otherCaller = await cache.wrap(inner, identity('other-bot')).create('https://a.example/');
    expect(new Set([base, otherUrl, otherAudience, otherCaller]).size).toBe(4);
    expect(inner.created).toBe(4);
  });

  it('does not keep a failed creation, so the next turn tries again', async () => {
    const cache = new ConnectorClientCache();
    const inner = new CountingFactory();
    inner.failNext = true;
    await expect(cache.wrap(inner, identity('bot')).create('https://a.example/')).rejects.toThrow('credentials unavailable');
    const client = await cache.wrap(inner, identity('bot')).create('https://a.example/');
    expect(client).toBeInstanceOf(ConnectorClient);
    expect(inner.created).toBe(2);
  });
});
