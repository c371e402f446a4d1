import { KnowledgeBase } from '../../../knowledge/knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';

const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);
const first = (query: string) => kb.search(query).hits[0]?.entry.id;

describe('KnowledgeBase', () => {
  describe('search, on questions typed the way people chat', () => {
    it('finds the entry despite swapped letters', () => {
      expect(first('who pyas me')).toBe('who-pays-me');
      expect(first('how do I enabel 2fa')).toBe('2fa-enable');
    });

    it('reads French elisions typed without their apostrophe', () => {
      expect(first('ou est longlet de mon acheteur')).toBe('missing-customer-tab');
      const response = kb.search('saffichent pas mes bons de commande');
      expect(response.hits[0]?.entry.id).toBe('access-pos-invoices');
      expect(response.confident).toBe(true);
    });

    it('reads SMS and chat abbreviations', () => {
      const response = kb.search('cmt je change mon rib');
      expect(response.hits[0]?.entry.id).toBe('update-banking-info');
      expect(response.confident).toBe(true);
      expect(kb.search('message my buyer thru the portal').confident).toBe(true);
    });

    it('reads English contractions typed without their apostrophe', () => {
      expect(first('doesnt show my POs')).toBe('access-pos-invoices');
    });

    it('lets anger and noise words around the question say nothing', () => {
      expect(first('this stupid portal wont show my invoices')).toBe('access-pos-invoices');
      expect(first('je vois plus mes BC putain')).toBe('access-pos-invoices');
    });
  });

  describe('search, on long questions', () => {
    it('answers outright when the words the knowledge base knows all point to one entry far ahead', () => {
      const response = kb.search(
        'we moved our company account to another bank in the spring after a merger with a partner, so the direct ' +
          'deposits from our customer must go to the new bank account; how do I update the banking information?',
      );
      expect(response.hits[0]?.entry.id).toBe('update-banking-info');
      expect(response.confident).toBe(true);
    });

    it('still declines a short question about something the knowledge base does not know', () => {
      expect(kb.search('create a Netflix account').confident).toBe(false);
    });
  });

  describe('search, never confidently wrong', () => {
    it('does not answer outright a question whose known words no single entry holds', () => {
      // "create" belongs to the account entry, "invoice" and "purchase order" to the access entry.
      expect(kb.search('how do I create an invoice without a purchase order').confident).toBe(false);
    });

    it('does not let an answer that mentions a topic in passing vouch for it', () => {
      // The help-resources answer names banking information; the entry is not about bank details.
      expect(kb.search('help with my bank details').confident).toBe(false);
    });

    it('does not answer outright when the runner-up is too close to choose, whatever the number of hits asked for', () => {
      for (const top of [1, 5]) {
        const response = kb.search('two factor authentication', { top });
        expect(response.ambiguous).toBe(true);
        expect(response.confident).toBe(false);
      }
    });

    it('never calls a response both confident and ambiguous', () => {
      for (const query of ['two factor authentication', 'mes factures', 'changer mon RIB', 'help', 'contact']) {
        const response = kb.search(query);
        expect(response.confident && response.ambiguous).toBe(false);
      }
    });
  });
});
