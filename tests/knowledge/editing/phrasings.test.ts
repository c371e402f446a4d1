import type { KnowledgeEditError, DraftEntry } from '../../../knowledge/editing';
import { newPhrasings } from '../../../knowledge/editing/phrasings';

const entry: DraftEntry = {
  id: 'payment-info',
  category: 'payments',
  en: { question: 'When will I be paid?', answer: 'On the due date.', phrasings: ['payment date'] },
  related: [],
  references: [],
  journey: null,
};

describe('newPhrasings', () => {
  it('keeps only the phrasings the entry lacks, trimmed, ignoring case, accents and spacing', () => {
    expect(newPhrasings('payment-info', entry, { lang: 'en', phrasings: [' Payment  Date ', ' when is pay day ', 'WHEN IS PAY DAY', 'pâyment date'] })).toEqual([
      'when is pay day',
    ]);
  });

  it('refuses a language the entry has no text in, and a blank phrasing, naming the field', () => {
    expect(() => newPhrasings('payment-info', entry, { lang: 'fr', phrasings: ['quand'] })).toThrow(
      expect.objectContaining({ kind: 'invalid', field: 'lang' }) as KnowledgeEditError,
    );
    expect(() => newPhrasings('payment-info', entry, { lang: 'en', phrasings: ['ok', '  '] })).toThrow(
      expect.objectContaining({ kind: 'invalid', field: 'phrasings.1' }) as KnowledgeEditError,
    );
  });
});
