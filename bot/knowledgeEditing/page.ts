import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../knowledge/paths';
import { AssetTable, serveAssets } from '../http/assets';
import { fillTemplate } from '../http/html';
import { setSecurityHeaders } from '../http/securityHeaders';
import type { StaffGuard } from '../staff/identity';

/** Where the editing page's template, script and styles are (from source or dist). */
const KNOWLEDGE_PAGE_ASSETS = path.join(projectRoot(), 'bot', 'knowledgeEditing', 'public');

const ASSETS = new AssetTable([
  ['knowledge.js', { file: path.join(KNOWLEDGE_PAGE_ASSETS, 'knowledge.js'), type: 'text/javascript; charset=utf-8' }],
  ['knowledge.css', { file: path.join(KNOWLEDGE_PAGE_ASSETS, 'knowledge.css'), type: 'text/css; charset=utf-8' }],
  ['candidates.js', { file: path.join(KNOWLEDGE_PAGE_ASSETS, 'candidates.js'), type: 'text/javascript; charset=utf-8' }],
]);

export interface KnowledgePageDeps {
  requireStaff: StaffGuard;
}

/** The staff member's language for the parts of the page written in both: `?lang=`, else the browser's first choice; English by default. */
function staffLanguage(req: Request): 'fr' | 'en' {
  const asked = (req.query as Record<string, unknown> | undefined)?.lang;
  if (asked === 'fr' || asked === 'en') return asked;
  return String(req.headers['accept-language'] ?? '').trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * `/staff/knowledge`: the page staff edit the knowledge base with (it calls /api/knowledge with
 * the session cookie and the page's CSRF token). Not signed in → the console's sign-in.
 */
export function registerKnowledgePage(server: Server, deps: KnowledgePageDeps): void {
  const template = fs.readFileSync(path.join(KNOWLEDGE_PAGE_ASSETS, 'knowledge.html'), 'utf8');

  server.get('/staff/knowledge', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    const staff = await deps.requireStaff(req, res, { page: true, signedIn: true });
    if (!staff) return;
    const values: Record<string, string> = { csrf: staff.csrfToken, name: staff.name, email: staff.email, lang: staffLanguage(req) };
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(fillTemplate(template, values));
  });

  serveAssets(server, '/staff/knowledge/assets/:file', ASSETS, { param: 'file', notFoundMessage: 'knowledge: no such asset', prepare: setSecurityHeaders });
}
