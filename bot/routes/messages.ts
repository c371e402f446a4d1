import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { Request, Response, Server } from 'restify';

/** The Bot Framework endpoint channels (Teams, Direct Line, the Emulator) post activities to. */
export function registerMessageRoutes(server: Server, adapter: CloudAdapter, bot: ActivityHandlerBase): void {
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
}
