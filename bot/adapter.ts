import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from './config';

/**
 * Everything Bot Framework–specific about reaching channels sits behind this seam:
 * moving to the Microsoft 365 Agents SDK replaces this file and the bot classes in bot/.
 */
export interface AdapterOptions {
  /**
   * Extra ConfigurationBotFrameworkAuthentication keys, e.g. a local OpenID metadata URL in tests.
   * Setting any of the "custom channel" keys requires setting them all (see docs/protocols).
   */
  authentication?: ConfigurationBotFrameworkAuthenticationOptions;
  /** Credentials for outgoing calls; tests pass one that never reaches the cloud identity service. */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * The CloudAdapter: validates inbound Bot Framework JWTs whenever an app id is set
 * (anonymous only without one, which config refuses in production) and signs replies.
 */
export function createAdapter(config: Config, options: AdapterOptions = {}): CloudAdapter {
  const appSettings = {
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
  };
  const credentialsFactory = options.credentialsFactory ?? new ConfigurationServiceClientCredentialFactory(appSettings);
  const authentication = new ConfigurationBotFrameworkAuthentication(
    { ...appSettings, ...options.authentication },
    credentialsFactory,
  );
  return new CloudAdapter(authentication);
}
