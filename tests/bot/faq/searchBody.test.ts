import { KnowledgeBase } from '../../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { searchResponseBody } from '../../../bot/faq/searchBody';

const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);

/** What the route sent before it wrote the body by hand: restify's JSON.stringify of the object. */
function reference(query: string, lang: 'fr' | 'en' | undefined, questionId: string | undefined): string {
  const response = kb.search(query, { lang, top: 5 });
  return JSON.stringify({
    ...(questionId ? { questionId } : {}),
    query: response.query,
    lang: response.lang,
    confident: response.confident,
    ambiguous: response.ambiguous,
    results: response.hits.map((hit) => {
      const view = kb.localize(hit.entry, response.lang);
      return { id: view.id, score: hit.score, category: view.category, question: view.question, answer: view.answer };
    }),
    suggestions: response.suggestions.map((hit) => ({ id: hit.entry.id, score: hit.score, question: hit.entry[response.lang].question })),
  });
}

describe('searchResponseBody', () => {
  it.each([
    ['changer mon RIB', undefined, 'a1b2c3'],
    ['who pays me?', 'en' as const, undefined],
    ['« guillemets » "quotes" \\ back\tslash \u2028 line', 'fr' as const, 'q-1'],
    ['zzzz qqqq', undefined, undefined],
  ])('writes for %j exactly what JSON.stringify wrote, twice in a row (kept pieces included)', (query, lang, questionId) => {
    const response = kb.search(query, { lang, top: 5 });
    expect(searchResponseBody(kb, response, questionId)).toBe(reference(query, lang, questionId));
    expect(searchResponseBody(kb, response, questionId)).toBe(reference(query, lang, questionId));
  });

  it('writes the did-you-mean suggestions of an unsure search as JSON.stringify did', () => {
    const response = kb.search('invoice problem', { top: 5 });
    expect(response.suggestions.length).toBeGreaterThan(0);
    const body = searchResponseBody(kb, response, undefined);
    expect(body).toBe(reference('invoice problem', undefined, undefined));
    expect((JSON.parse(body) as { suggestions: { id: string }[] }).suggestions.map((s) => s.id)).toEqual(response.suggestions.map((h) => h.entry.id));
  });

  it('keeps pieces per knowledge base: another one with other answers is never given the first one\'s', () => {
    const response = kb.search('changer mon RIB', { top: 1 });
    searchResponseBody(kb, response, undefined);
    const data = { entries: kb.entries.map((e) => ({ ...e, fr: { ...e.fr, answer: `${e.fr.answer} (modifiée)` } })), categories: [...kb.categories], synonyms: [], fillers: { fr: [], en: [] } };
    const edited = new KnowledgeBase(data);
    const body = JSON.parse(searchResponseBody(edited, edited.search('changer mon RIB', { top: 1 }), undefined)) as { results: { answer: string }[] };
    expect(body.results[0]!.answer).toMatch(/\(modifiée\)$/);
  });
});
