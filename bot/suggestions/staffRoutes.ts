import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { KnowledgeBase } from '../../knowledge';
import { LANGUAGES } from '../../knowledge/schema';
import { badRequest } from '../http/errors';
import { sendDomainError } from '../http/errorTable';
import { bodyOf } from '../knowledgeEditing/routes';
import type { StaffGuard } from '../staff/identity';
import type { CandidatePhrasings } from './candidatePhrasings';

const candidateRefSchema = z.strictObject({
  entryId: z.string({ error: 'is required' }).min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  lang: z.enum(LANGUAGES, { error: 'must be "fr" or "en"' }),
  key: z.string({ error: 'is required' }).min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
});

export interface CandidateRouteDeps {
  candidates: CandidatePhrasings;
  requireStaff: StaffGuard;
  /** The live knowledge base: each candidate is listed with its entry's question, to judge it by. */
  knowledge: () => KnowledgeBase;
}

/**
 * The staff API for candidate phrasings, beside the knowledge editing API and behind the same guard
 * (session cookie plus CSRF token on POST, or the staff bearer token):
 * `GET /api/knowledge/candidates[?entry=id]`, `POST /api/knowledge/candidates/approve|dismiss {entryId, lang, key}`.
 */
export function registerCandidateRoutes(server: Server, deps: CandidateRouteDeps): void {
  const { candidates, requireStaff, knowledge } = deps;

  server.get('/api/knowledge/candidates', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!(await requireStaff(req, res))) return;
    const entry = (req.query as Record<string, unknown> | undefined)?.entry;
    if (entry !== undefined && (typeof entry !== 'string' || entry.length > 100)) return badRequest(res, 'entry', 'entry must be one entry id');
    // `?entry=` (empty) lists every entry's candidates, as no parameter does.
    const listed = await candidates.list(entry === '' ? undefined : entry);
    const kb = knowledge();
    res.send(200, { candidates: listed.map((candidate) => ({ ...candidate, entryQuestion: kb.get(candidate.entryId)?.[candidate.lang].question ?? null })) });
  });

  for (const decision of ['approve', 'dismiss'] as const) {
    server.post(`/api/knowledge/candidates/${decision}`, async (req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-store');
      const author = await requireStaff(req, res);
      if (!author) return;
      const body = bodyOf(req, res);
      if (!body) return;
      const parsed = candidateRefSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return badRequest(res, String(issue.path[0] ?? '(body)'), `knowledge: field "${String(issue.path[0] ?? '(body)')}" ${issue.message}`);
      }
      try {
        if (decision === 'dismiss') {
          await candidates.dismiss(parsed.data, author.id);
          res.send(200, { dismissed: true });
          return;
        }
        const result = await candidates.approve(parsed.data, author.id);
        res.send(200, { added: result.added, version: result.version, live: result.live, evaluation: result.evaluation });
      } catch (error) {
        sendDomainError(res, error);
      }
    });
  }
}
