import type { Request, Response, Server } from 'restify';
import type { KnowledgeEditor } from '../../knowledge/editing';
import { badRequest } from '../http/errors';
import { sendDomainError } from '../http/errorTable';
import { pathParam } from '../http/pathParam';
import type { StaffGuard, StaffIdentity } from '../staff/identity';
import { parseBody, phrasingsBodySchema, previewBodySchema } from './bodies';

export interface KnowledgeEditingRouteDeps {
  editor: KnowledgeEditor;
  requireStaff: StaffGuard;
}

/** A request body must be a JSON object; anything else is refused before it reaches the editor. */
export function bodyOf(req: Request, res: Response, required = true): Record<string, unknown> | undefined | false {
  const body: unknown = req.body;
  if (body === undefined || body === null || body === '') {
    if (!required) return {};
    badRequest(res, '(body)', 'knowledge: the request needs a JSON object body');
    return false;
  }
  if (typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) {
    badRequest(res, '(body)', 'knowledge: the body must be a JSON object (Content-Type: application/json)');
    return false;
  }
  return body as Record<string, unknown>;
}

function idOf(req: Request): string {
  return pathParam(req, 'id');
}

/**
 * The staff JSON API for editing the knowledge base, under /api/knowledge:
 * list, read with history, create, update, add phrasings, publish, unpublish, preview.
 * Every route goes through `requireStaff` first.
 */
export function registerKnowledgeEditingRoutes(server: Server, deps: KnowledgeEditingRouteDeps): void {
  const { editor, requireStaff } = deps;

  /** Registers a staff route: guard, then the handler, with refused changes answered as 4xx. */
  const route = (
    method: 'get' | 'post' | 'put',
    path: string,
    handle: (req: Request, res: Response, author: StaffIdentity) => Promise<void>,
  ) => {
    server[method](path, async (req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-store');
      const author = await requireStaff(req, res);
      if (!author) return;
      try {
        await handle(req, res, author);
      } catch (error) {
        sendDomainError(res, error);
      }
    });
  };

  route('get', '/api/knowledge/entries', async (_req, res) => {
    res.send(200, { entries: await editor.list(), categories: editor.categories });
  });

  route('get', '/api/knowledge/entries/:id', async (req, res) => {
    res.send(200, await editor.get(idOf(req)));
  });

  route('post', '/api/knowledge/entries', async (req, res, author) => {
    const body = bodyOf(req, res);
    if (!body) return;
    const result = await editor.create(body, author.id);
    res.send(201, { entry: result.entries[0], version: result.version, live: result.live, evaluation: result.evaluation });
  });

  route('put', '/api/knowledge/entries/:id', async (req, res, author) => {
    const body = bodyOf(req, res);
    if (!body) return;
    const result = await editor.update(idOf(req), body, author.id);
    res.send(200, { entry: result.entries[0], version: result.version, live: result.live, evaluation: result.evaluation });
  });

  route('post', '/api/knowledge/entries/:id/phrasings', async (req, res, author) => {
    const body = bodyOf(req, res);
    if (!body) return;
    const result = await editor.addPhrasings(idOf(req), parseBody(phrasingsBodySchema, body), author.id);
    const entry = result.entries[0] ?? (await editor.get(idOf(req))).entry;
    res.send(200, { entry, added: result.added, version: result.version, live: result.live, evaluation: result.evaluation });
  });

  for (const action of ['publish', 'unpublish'] as const) {
    route('post', `/api/knowledge/entries/:id/${action}`, async (req, res, author) => {
      const result = await editor[action](idOf(req), author.id);
      const entry = result.entries[0] ?? (await editor.get(idOf(req))).entry;
      res.send(200, { entry, changed: result.entries.length > 0, version: result.version, live: result.live, evaluation: result.evaluation });
    });
  }

  route('post', '/api/knowledge/preview', async (req, res) => {
    const body = bodyOf(req, res);
    if (!body) return;
    res.send(200, await editor.preview(parseBody(previewBodySchema, body)));
  });
}
