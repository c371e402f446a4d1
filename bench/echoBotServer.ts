/**
 * The SDK floor of the HTTP benchmark: the smallest botbuilder server, to show what botbuilder
 * itself costs for a turn. restify 11 with the same bodyParser settings as bot/server.ts, a
 * CloudAdapter built like bot/botframework/adapter.ts builds it without an app id (anonymous: no token
 * checked, none sent), and an ActivityHandler that answers each message with one echo.
 * No storage, no state, no middleware, no dialogs. Run as its own process like the real server.
 */
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  MessageFactory,
} from 'botbuilder';
import restify from 'restify';

/** As bot/server.ts (MAX_BODY_BYTES), copied rather than imported so this process loads nothing of the bot. */
const MAX_BODY_BYTES = 256 * 1024;

// bot/botframework/adapter.ts's settings with no app id (what config gives when MicrosoftAppId is unset).
const appSettings = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' };
const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication(appSettings, new ConfigurationServiceClientCredentialFactory(appSettings)),
);

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      // botbuilder types Activity.text as string, but a message with only attachments has none.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
      await next();
    });
  }
}
const bot = new EchoBot();

const server = restify.createServer({ name: 'bench-echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { ok: true });
  next();
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
