import { STRINGS } from '../../dialogs';
import type { Language } from '../../knowledge';
import {
  buttons,
  Conversation,
  createBotHarness,
  knowledgeBase,
  MemorySuggestionRecorder,
  render,
  texts,
  userText,
  type Expected,
  type UserSays, LOCALES
} from '../support/conversation';


function start(lang: Language) {
  const suggestions = new MemorySuggestionRecorder();
  const conversation = new Conversation(createBotHarness({ suggestions }), `conversation-${lang}`, LOCALES[lang]);
  return {
    suggestions,
    async turn(says: UserSays, expected: readonly Expected[]) {
      const replies = await conversation.say(userText(lang, says));
      expect(texts(replies)).toEqual(expected.map((reply) => render(lang, reply)));
      return replies;
    },
  };
}

const question = (entryId: string, lang: Language) => knowledgeBase().localize(knowledgeBase().get(entryId)!, lang).question;
/** An entry's answer (its references follow it). */
const answer = (entryId: string, lang: Language) =>
  new RegExp(`^${knowledgeBase().localize(knowledgeBase().get(entryId)!, lang).answer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

// Questions the search is unsure about, from queries.json and the tuning part of the generalisation set.
const UNSURE: Record<Language, { one: [string, string]; two: [string, string, string] }> = {
  fr: {
    one: ['ou je peux apprendre a utiliser le portail tout seul', 'help-resources'],
    two: ['ajouter un client supplémentaire sur mon compte', 'connect-new-customer', 'add-employee'],
  },
  en: {
    one: ['what help resources are available', 'help-resources'],
    two: ['i already have a CSP account and a new client sent an invite', 'connect-new-customer', 'create-account'],
  },
};

describe('MainDialog › "did you mean …?" when not confident', () => {
  describe.each(['fr', 'en'] as const)('in %s', (lang) => {
    const { one, two } = UNSURE[lang];

    it('offers the one entry worth offering, answers it when taken and records the question for the staff', async () => {
      const { turn, suggestions } = start(lang);
      const [offer] = await turn(one[0], [['faq.didYouMeanOne', { first: question(one[1], lang) }]]);
      expect(buttons(offer)).toEqual([question(one[1], lang), STRINGS.t(lang, 'faq.noneOfThese')]);
      await turn(question(one[1], lang), [answer(one[1], lang), 'faq.helpfulQuestion']);
      expect(suggestions.accepted).toEqual([{ text: one[0], lang, entryId: one[1], surface: 'chat' }]);
    });

    it('takes "yes" in words as the one entry offered, and records it like the button', async () => {
      const { turn, suggestions } = start(lang);
      await turn(one[0], [['faq.didYouMeanOne', { first: question(one[1], lang) }]]);
      await turn(lang === 'fr' ? 'oui' : 'yes', [answer(one[1], lang), 'faq.helpfulQuestion']);
      expect(suggestions.accepted).toEqual([{ text: one[0], lang, entryId: one[1], surface: 'chat' }]);
    });

    it('reads "no" to two entries offered as none of these, and records nothing', async () => {
      const { turn, suggestions } = start(lang);
      await turn(two[0], [['faq.didYouMean', { first: question(two[1], lang), second: question(two[2], lang) }]]);
      await turn(lang === 'fr' ? 'non' : 'no', ['faq.rephrase']);
      expect(suggestions.accepted).toEqual([]);
    });

    it('offers two entries, best first, and records the one taken', async () => {
      const { turn, suggestions } = start(lang);
      const [offer] = await turn(two[0], [['faq.didYouMean', { first: question(two[1], lang), second: question(two[2], lang) }]]);
      expect(buttons(offer)).toEqual([question(two[1], lang), question(two[2], lang), STRINGS.t(lang, 'faq.noneOfThese')]);
      await turn(question(two[2], lang), [answer(two[2], lang), 'faq.helpfulQuestion']);
      expect(suggestions.accepted).toEqual([{ text: two[0], lang, entryId: two[2], surface: 'chat' }]);
    });

    it('takes "none of these" down the rephrase path, then Premium support, recording nothing', async () => {
      const { turn, suggestions } = start(lang);
      await turn(one[0], [/./]);
      await turn({ press: 'faq.noneOfThese' }, ['faq.rephrase']);
      await turn('xyzzy quux', ['fallback.scope']);
      await turn('xyzzy quux', ['escalation.offer']);
      expect(suggestions.accepted).toEqual([]);
    });

    it('does not count a question button pressed later, or one that was not offered, as a suggestion taken', async () => {
      const { turn, suggestions } = start(lang);
      await turn(one[0], [['faq.didYouMeanOne', { first: question(one[1], lang) }]]);
      await turn(question('2fa-enable', lang), [answer('2fa-enable', lang), 'faq.helpfulQuestion']);
      await turn(question(one[1], lang), [answer(one[1], lang), 'faq.helpfulQuestion']);
      expect(suggestions.accepted).toEqual([]);
    });
  });

  it.each(['fr', 'en'] as const)('records the entry chosen from "did you mean A or B?" too (%s)', async (lang) => {
    const { turn, suggestions } = start(lang);
    const asked = lang === 'fr' ? 'paiement' : 'payment';
    await turn(asked, [['faq.didYouMean', { first: question('who-pays-me', lang), second: question('payment-info', lang) }]]);
    await turn(question('payment-info', lang), [answer('payment-info', lang), 'faq.helpfulQuestion']);
    expect(suggestions.accepted).toEqual([{ text: asked, lang, entryId: 'payment-info', surface: 'chat' }]);
  });

  it('uses French typography in the French offer: non-breaking spaces inside « » and before ?', () => {
    const text = STRINGS.t('fr', 'faq.didYouMeanOne', { first: 'X' });
    expect(text).toMatch(/«\u00a0X\u00a0»\u00a0\?$/);
    expect(STRINGS.t('fr', 'faq.didYouMean', { first: 'A', second: 'B' })).toMatch(/«\u00a0A\u00a0» ou «\u00a0B\u00a0»\u00a0\?$/);
  });
});
