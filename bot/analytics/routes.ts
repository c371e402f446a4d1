import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { projectRoot } from '../../knowledge/paths';
import { AssetTable, serveAssets } from '../http/assets';
import { badRequest } from '../http/errors';
import { setSecurityHeaders } from '../http/securityHeaders';
import type { StaffGuard } from '../staff/identity';
import type { AnalyticsSummary, DayRange } from './summary';
import { summaryToCsv } from './summary';

/** The page's HTML, script and styles (bot/analytics/web, from source or dist). */
const ANALYTICS_WEB_DIR = path.join(projectRoot(), 'bot', 'analytics', 'web');
/** Chart.js's browser build, served from the installed package (no CDN). */
const CHART_JS_FILE = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
/** Default range when none is given: the last 30 days, today included. */
const DEFAULT_RANGE_DAYS = 30;
/** The longest range a summary covers (the longest retention allowed, plus a margin). */
const MAX_RANGE_DAYS = 3660;

const DAY_MS = 86_400_000;
const ASSETS = new AssetTable([
  ['analytics.js', { file: path.join(ANALYTICS_WEB_DIR, 'analytics.js'), type: 'text/javascript; charset=utf-8' }],
  ['analytics.css', { file: path.join(ANALYTICS_WEB_DIR, 'analytics.css'), type: 'text/css; charset=utf-8' }],
  ['chart.umd.min.js', { file: CHART_JS_FILE, type: 'text/javascript; charset=utf-8' }],
]);

export interface AnalyticsRoutesDeps {
  summary(range: DayRange): Promise<AnalyticsSummary>;
  /** Who may see the figures. */
  requireStaff: StaffGuard;
  now?: () => Date;
}

/** A day parameter: absent → the default; otherwise YYYY-MM-DD naming a real date. */
function parseDay(query: Record<string, unknown>, name: string): string | undefined | { error: string } {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return { error: `${name} must be given once` };
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  const valid = !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  return valid ? value : { error: `${name} must be a date written YYYY-MM-DD` };
}

/** Reads ?from=&to=, or answers 400 naming the wrong field and returns undefined. */
function readRange(req: Request, res: Response, now: Date): DayRange | undefined {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const from = parseDay(query, 'from');
  if (typeof from === 'object') return void badRequest(res, 'from', from.error);
  const to = parseDay(query, 'to');
  if (typeof to === 'object') return void badRequest(res, 'to', to.error);
  const end = to ?? now.toISOString().slice(0, 10);
  const start = from ?? new Date(Date.parse(`${end}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  if (start > end) return void badRequest(res, 'to', 'to must not be before from');
  if ((Date.parse(end) - Date.parse(start)) / DAY_MS + 1 > MAX_RANGE_DAYS) {
    return void badRequest(res, 'from', `the range must be at most ${MAX_RANGE_DAYS} days`);
  }
  return { from: start, to: end };
}

/**
 * The staff analytics: `GET /api/analytics/summary` (JSON) and `/api/analytics/summary.csv`,
 * both `?from=YYYY-MM-DD&to=YYYY-MM-DD`, and the `/staff/analytics` page with its assets.
 */
export function registerAnalyticsRoutes(server: Server, deps: AnalyticsRoutesDeps): void {
  const { requireStaff } = deps;
  const now = deps.now ?? (() => new Date());
  const page = fs.readFileSync(path.join(ANALYTICS_WEB_DIR, 'analytics.html'), 'utf8');

  const authorized = async (req: Request, res: Response): Promise<boolean> => {
    setSecurityHeaders(res);
    return Boolean(await requireStaff(req, res));
  };

  server.get('/api/analytics/summary', async (req: Request, res: Response) => {
    if (!(await authorized(req, res))) return;
    const range = readRange(req, res, now());
    if (!range) return;
    setSecurityHeaders(res);
    res.send(200, await deps.summary(range));
  });

  server.get('/api/analytics/summary.csv', async (req: Request, res: Response) => {
    if (!(await authorized(req, res))) return;
    const range = readRange(req, res, now());
    if (!range) return;
    const csv = summaryToCsv(await deps.summary(range));
    setSecurityHeaders(res);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="analytics-${range.from}-${range.to}.csv"`,
    });
    res.end(csv);
  });

  server.get('/staff/analytics', async (req: Request, res: Response) => {
    setSecurityHeaders(res);
    if (!(await requireStaff(req, res, { page: true }))) return;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  });

  serveAssets(server, '/staff/analytics/assets/:name', ASSETS, {
    param: 'name',
    notFoundMessage: 'analytics: no such asset',
    headers: { 'Cache-Control': 'no-cache' },
    prepare: setSecurityHeaders,
  });
}
