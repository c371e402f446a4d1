import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';
import { LANGUAGES } from '../../knowledge/schema';

const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);

const STABLE_IDS = [
  'csp-coupa-integration', 'who-pays-me', 'csp-data-archiving', 'contact-coupa-support', 'help-resources',
  '2fa-enable', '2fa-disable', 'communicate-with-customer', 'create-account', 'check-customer-connection',
  'connect-new-customer', 'missing-customer-tab', 'add-employee', 'notifications-despite-disabled',
  'access-pos-invoices', 'update-banking-info', 'payment-info', 'premium-support',
];

describe('the seed knowledge base', () => {
  it('has exactly the stable entry ids that URLs, analytics and tests rely on', () => {
    expect(data.entries.map((e) => e.id).sort()).toEqual([...STABLE_IDS].sort());
  });

  it.each(STABLE_IDS)('gives %s a question, an answer and at least ten phrasings in French and English', (id) => {
    const entry = data.entries.find((e) => e.id === id)!;
    for (const language of LANGUAGES) {
      expect(entry[language].question.length).toBeGreaterThan(5);
      expect(entry[language].answer.length).toBeGreaterThan(20);
      expect(entry[language].phrasings.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('invents no URL, e-mail address or phone number: the seed gives none', () => {
    for (const entry of data.entries) {
      for (const language of LANGUAGES) {
        const answer = entry[language].answer;
        expect(answer).not.toMatch(/https?:\/\/|www\./i);
        expect(answer).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
        expect(answer).not.toMatch(/\+?\d[\d .-]{7,}\d/);
      }
    }
  });

  it('keeps the seed cross-references as named references', () => {
    const references = data.entries.flatMap((e) => e.references.map((r) => r.fr));
    expect(references).toEqual(expect.arrayContaining(['Fournisseurs', "S'inscrire au CSP"]));
  });

  // With plain spaces, the "?" of "deux facteurs ?" wrapped alone onto the next line of a bubble.
  it('writes its French texts with no-break spaces before ? ! : ; » and after «', () => {
    for (const entry of data.entries) {
      for (const text of [entry.fr.question, entry.fr.answer, ...entry.references.map((r) => r.fr)]) {
        expect({ id: entry.id, text, plain: /[ \t][?!:;»]|«[ \t]/.test(text) }).toEqual({ id: entry.id, text, plain: false });
      }
    }
  });

  it('states the seed facts it is built on', () => {
    const fr = (id: string) => data.entries.find((e) => e.id === id)!.fr.answer;
    expect(fr('who-pays-me')).toContain('Coupa ne paie pas les fournisseurs');
    expect(fr('update-banking-info')).toMatch(/ERP/);
    expect(fr('missing-customer-tab')).toMatch(/adresse e-mail différente/);
  });

  it('holds no phrasing twice across entries', () => {
    const seen = new Map<string, string>();
    for (const entry of data.entries) {
      for (const language of LANGUAGES) {
        for (const phrasing of entry[language].phrasings) {
          const key = phrasing.toLowerCase();
          expect(seen.get(key) ?? entry.id).toBe(entry.id);
          seen.set(key, entry.id);
        }
      }
    }
  });
});
