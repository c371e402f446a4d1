import vm from 'node:vm';
import { corsHandler, normalizeOrigin } from '../../../bot/channels/widget/cors';
import { loadConfig } from '../../../bot/config';
import { buildWidgetScript, isWidgetResource } from '../../../bot/channels/widget/routes';
import type { FaqFeedback } from '../../../bot/faq/feedbackRoute';
import { startApp, type RunningApp } from '../../support/app';

const ALLOWED = 'https://suppliers.example.com';
const OTHER = 'https://evil.example.net';

let running: RunningApp;
const recorded: FaqFeedback[] = [];

beforeAll(async () => {
  running = await startApp(
    { WIDGET_ALLOWED_ORIGINS: `${ALLOWED}/, https://portal.example.org` },
    { feedback: { record: async (feedback) => void recorded.push(feedback) } },
  );
});
afterAll(() => running.stop());
beforeEach(() => {
  recorded.length = 0;
});

function postFeedback(id: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${running.url}/api/faq/${id}/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('GET /widget.js', () => {
  it('serves the script with its French and English texts inlined', async () => {
    const response = await fetch(`${running.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/javascript/);
    const source = await response.text();
    expect(source).toContain('Rechercher dans la FAQ fournisseurs');
    expect(source).toContain('Search the supplier FAQ');
    expect(source).not.toContain('/* STRINGS */');
  });

  it('is valid JavaScript that never assigns innerHTML', () => {
    const source = buildWidgetScript();
    expect(() => new vm.Script(source)).not.toThrow();
    const uses = source.match(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML\(|document\.write\(/g);
    expect(uses).toBeNull();
  });
});

describe('GET /widget', () => {
  it('serves a demo page embedding the widget, in the language asked for, under a strict CSP', async () => {
    const response = await fetch(`${running.url}/widget?lang=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<script src="/widget.js" defer></script>');
    expect(html).toContain('<div data-csp-faq></div>');
  });

  it('follows the browser language when none is asked for', async () => {
    const response = await fetch(`${running.url}/widget`, { headers: { 'Accept-Language': 'fr-CA,fr;q=0.9' } });
    expect(await response.text()).toContain('<html lang="fr">');
  });
});

describe('CORS for the widget', () => {
  it('lets an allowed origin call the search API and says the answer varies by origin', async () => {
    const response = await fetch(`${running.url}/api/faq/search?q=facture`, { headers: { Origin: ALLOWED } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives no CORS headers to an origin that is not listed', async () => {
    const response = await fetch(`${running.url}/api/faq/search?q=facture`, { headers: { Origin: OTHER } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('matches origins exactly: another port or scheme is another origin', async () => {
    for (const origin of [`${ALLOWED}:8443`, 'http://suppliers.example.com', 'https://sub.suppliers.example.com']) {
      const response = await fetch(`${running.url}/api/faq/search?q=facture`, { headers: { Origin: origin } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers the preflight of a feedback POST from an allowed origin', async () => {
    const response = await fetch(`${running.url}/api/faq/2fa-enable/feedback`, {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
  });

  it('answers the preflight of an unlisted origin without any CORS header', async () => {
    const response = await fetch(`${running.url}/api/faq/2fa-enable/feedback`, {
      method: 'OPTIONS',
      headers: { Origin: OTHER, 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('lets an allowed origin load the widget script, and leaves other routes alone', async () => {
    const script = await fetch(`${running.url}/widget.js`, { headers: { Origin: 'https://portal.example.org' } });
    expect(script.headers.get('access-control-allow-origin')).toBe('https://portal.example.org');
    const health = await fetch(`${running.url}/healthz`, { headers: { Origin: ALLOWED } });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('compares configured origins in their canonical form', () => {
    expect(normalizeOrigin('HTTPS://Suppliers.Example.com/')).toBe(ALLOWED);
    expect(isWidgetResource('/api/faq/search')).toBe(true);
    expect(isWidgetResource('/api/messages')).toBe(false);
    expect(typeof corsHandler({ allowedOrigins: [], appliesTo: () => true })).toBe('function');
  });
});

describe('POST /api/faq/:id/feedback', () => {
  it('records a helpful vote from the widget and answers 204', async () => {
    const response = await postFeedback('2fa-enable', { helpful: true, lang: 'fr' });
    expect(response.status).toBe(204);
    expect(recorded).toEqual([{ entryId: '2fa-enable', lang: 'fr', helpful: true, surface: 'widget' }]);
  });

  it.each([
    [{ lang: 'fr' }, 'helpful', /helpful must be true or false/],
    [{ helpful: 'yes', lang: 'fr' }, 'helpful', /helpful must be true or false/],
    [{ helpful: false }, 'lang', /lang must be "fr" or "en"/],
    [{ helpful: false, lang: 'de' }, 'lang', /lang must be "fr" or "en"/],
    [{ helpful: true, lang: 'en', questionId: 42 }, 'questionId', /questionId must be a string/],
    [[true, 'fr'], 'body', /JSON object/],
  ])('refuses %j with 400 naming the field', async (body, field, message) => {
    const response = await postFeedback('2fa-enable', body);
    expect(response.status).toBe(400);
    const error = await response.json();
    expect(error).toMatchObject({ error: 'bad_request', field });
    expect(error.message).toMatch(message);
    expect(recorded).toEqual([]);
  });

  it('passes on the recorded question the answer was opened for', async () => {
    expect((await postFeedback('2fa-enable', { helpful: false, lang: 'en', questionId: 'q-123' })).status).toBe(204);
    expect(recorded).toEqual([{ entryId: '2fa-enable', lang: 'en', helpful: false, surface: 'widget', questionId: 'q-123' }]);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await postFeedback('2fa-enable', 'helpful=true', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(recorded).toEqual([]);
  });

  it('answers 404 for an unknown entry', async () => {
    const response = await postFeedback('no-such-entry', { helpful: true, lang: 'en' });
    expect(response.status).toBe(404);
    expect(recorded).toEqual([]);
  });
});

describe('feedback in the database', () => {
  it('lands in the feedback table, through the staff analytics, when no recorder is given', async () => {
    const app = await startApp();
    try {
      expect((await fetch(`${app.url}/api/faq/2fa-disable/feedback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ helpful: false, lang: 'en' }),
      })).status).toBe(204);
      const rows = await app.app.database.all('SELECT entry_id, lang, helpful, surface FROM feedback');
      expect(rows).toEqual([{ entry_id: '2fa-disable', lang: 'en', helpful: 0, surface: 'widget' }]);
    } finally {
      await app.stop();
    }
  });
});

describe('WIDGET_ALLOWED_ORIGINS', () => {
  it('refuses an entry that is not an origin, naming the variable', () => {
    expect(() => loadConfig({ WIDGET_ALLOWED_ORIGINS: 'https://ok.example.com, suppliers.example.com' })).toThrow(
      /^config: WIDGET_ALLOWED_ORIGINS\.1 must list origins such as https:\/\/suppliers\.example\.com/,
    );
    expect(() => loadConfig({ WIDGET_ALLOWED_ORIGINS: 'https://ok.example.com/path' })).toThrow(/WIDGET_ALLOWED_ORIGINS/);
  });
});
