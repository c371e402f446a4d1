import {
  ConnectorFactory,
  JwtTokenValidation,
  SkillValidation,
  type ClaimsIdentity,
  type ConnectorClient,
} from 'botframework-connector';

/** Distinct (identity, channel, audience) triples kept; a bot talks to a handful of service URLs. */
const CACHE_LIMIT = 100;

/**
 * One ConnectorClient per bot identity, service URL and audience, shared by every turn.
 * botbuilder builds a new client (credentials, HTTP pipeline of a dozen policies) for every
 * turn, which showed as several per cent of a bot turn's CPU; a client holds no per-turn
 * state (tokens are cached by its credentials), so reusing it changes nothing else.
 */
export class ConnectorClientCache {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  /** A factory that hands out cached clients for what `inner` creates for `identity`. */
  wrap(inner: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    // The outbound identity and OAuth scope botbuilder picks follow from these two claims.
    // Deprecated in favour of ConfigurationBotFrameworkAuthentication, which offers no replacement
    // for these two claim readers; botbuilder's own authentication classes still call them.
    // getAppIdFromClaims returns undefined for a token without an appid/azp claim, whatever its type says.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    const appId = (JwtTokenValidation.getAppIdFromClaims(identity.claims) as string | undefined) ?? '';
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
    const skill = SkillValidation.isSkillClaim(identity.claims);
    return new CachingConnectorFactory((serviceUrl, audience) => {
      const key = JSON.stringify([appId, skill, serviceUrl, audience ?? null]);
      let client = this.clients.get(key);
      if (!client) {
        if (this.clients.size >= CACHE_LIMIT) this.clients.clear();
        client = inner.create(serviceUrl, audience);
        // A failed creation (credentials unavailable) must be retried by the next turn, not cached.
        client.catch(() => this.clients.delete(key));
        this.clients.set(key, client);
      }
      return client;
    });
  }
}

class CachingConnectorFactory extends ConnectorFactory {
  constructor(private readonly createClient: (serviceUrl: string, audience?: string) => Promise<ConnectorClient>) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.createClient(serviceUrl, audience);
  }
}
