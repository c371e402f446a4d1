import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Language } from '../../../knowledge';
import { projectRoot } from '../../../knowledge/paths';
import { escapeHtml } from '../../http/html';

/** The widget's sources: served from the project folder whether the server runs from source or dist/. */
const WIDGET_DIR = path.join(projectRoot(), 'bot', 'channels', 'widget');

/** Paths other origins may call when listed in WIDGET_ALLOWED_ORIGINS (see cors.ts). */
export function isWidgetResource(requestPath: string): boolean {
  return requestPath === '/widget.js' || requestPath === '/widget.css' || requestPath.startsWith('/api/faq/');
}

type DemoStrings = Record<'title' | 'heading' | 'intro' | 'embedHeading' | 'embedText' | 'otherLanguage', string>;

/** The demo page's policy: only this server's own script, styles and API. */
const DEMO_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

function read(file: string): string {
  return fs.readFileSync(path.join(WIDGET_DIR, file), 'utf8');
}

/** The widget script with its FR/EN texts inlined (`<` escaped so no text can close a script tag). */
export function buildWidgetScript(): string {
  const strings = JSON.parse(read('strings.json')) as Record<Language, Record<string, string>>;
  const json = JSON.stringify(strings).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const source = read('widget.js');
  const placeholder = '/* STRINGS */ { en: {}, fr: {} }';
  if (!source.includes(placeholder)) throw new Error('widget: widget.js has lost its STRINGS placeholder');
  return source.replace(placeholder, () => json);
}

/** `?lang=` first, then the browser's first Accept-Language; French by default (the portal's main audience). */
function demoLanguage(req: Request): Language {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const asked = typeof query.lang === 'string' ? query.lang.toLowerCase() : '';
  if (asked === 'fr' || asked === 'en') return asked;
  const accept = String(req.headers['accept-language'] ?? '').trim().toLowerCase();
  return accept.startsWith('en') ? 'en' : 'fr';
}

function demoPage(lang: Language, strings: DemoStrings, baseUrl: string): string {
  const other: Language = lang === 'fr' ? 'en' : 'fr';
  const snippet = `<script src="${baseUrl}/widget.js" defer></script>\n<div data-csp-faq></div>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(strings.title)}</title>
<link rel="icon" href="/chat/logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="/widget/demo.css">
<script src="/widget.js" defer></script>
</head>
<body>
<main class="demo">
<p class="demo__switch"><a href="/widget?lang=${other}" lang="${other}">${escapeHtml(strings.otherLanguage)}</a></p>
<h1>${escapeHtml(strings.heading)}</h1>
<p>${escapeHtml(strings.intro)}</p>
<div data-csp-faq></div>
<h2>${escapeHtml(strings.embedHeading)}</h2>
<p>${escapeHtml(strings.embedText)}</p>
<pre tabindex="0"><code>${escapeHtml(snippet)}</code></pre>
</main>
</body>
</html>
`;
}

const DEMO_CSS = `body{margin:0;background:#f4f6f9;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b2430}
.demo{max-width:44rem;margin:0 auto;padding:2rem 1.25rem 4rem}
.demo h1{font-size:1.6rem;margin:.5rem 0 1rem}
.demo h2{font-size:1.15rem;margin-top:2.5rem}
.demo pre{background:#fff;border:1px solid #c9d3df;border-radius:.5rem;padding:.8rem;overflow-x:auto}
.demo__switch{text-align:right;margin:0}
.demo__switch a{color:#0b5cab}
`;

/**
 * `GET /widget.js` (the embeddable FAQ search box), `GET /widget.css` (its styles) and
 * `GET /widget` (a demo page embedding it). The script is built once, at start-up.
 */
export function registerWidgetRoutes(server: Server, options: { publicUrl?: string }): void {
  const script = buildWidgetScript();
  const stylesheet = read('widget.css');
  const demoStrings = JSON.parse(read('demo.json')) as Record<Language, DemoStrings>;

  server.get('/widget.js', async (_req: Request, res: Response) => {
    res.sendRaw(200, script, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });

  server.get('/widget.css', async (_req: Request, res: Response) => {
    res.sendRaw(200, stylesheet, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });

  server.get('/widget/demo.css', async (_req: Request, res: Response) => {
    res.sendRaw(200, DEMO_CSS, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });

  server.get('/widget', async (req: Request, res: Response) => {
    const lang = demoLanguage(req);
    const baseUrl = options.publicUrl?.replace(/\/+$/, '') ?? `http://${String(req.headers.host ?? 'localhost:3978')}`;
    res.sendRaw(200, demoPage(lang, demoStrings[lang], baseUrl), {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': lang,
      'Content-Security-Policy': DEMO_CSP,
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Language',
    });
  });
}
