import type { AnalyticsRecorder, QuestionEvent } from '../../../bot/analytics/recorder';
import type { StringKey } from '../../../dialogs';
import type { Language } from '../../../knowledge';
import type { Expected } from '../../support/conversation';
import { answer, buttons, chat, menuTitles, type Turn } from './script';

/**
 * Every prompt of every journey, interrupted the same way: an FAQ question is answered and the
 * journey resumed where it was; a request for a person, another journey's trigger or "menu"
 * leave it; a second aside in a row means the supplier moved on.
 */
const EMAIL = 'marie.dupont@acme-supplies.fr';
const OTHER_EMAIL = 'contact@acme-supplies.fr';

/** A prompt: how to reach it, the prompt's question key, a valid answer and what follows it. */
interface PromptCase {
  readonly name: string;
  readonly journey: 'connect-customer' | 'two-factor' | 'missing-tab' | 'role-access';
  readonly reach: readonly Turn[];
  readonly prompt: StringKey;
  readonly answer: Turn;
}

const DRAFT = /\n/;

const PROMPTS: readonly PromptCase[] = [
  {
    name: 'connect: where are you with your customer',
    journey: 'connect-customer',
    reach: [[{ press: 'menu.connectCustomer' }, ['connect.askSituation']]],
    prompt: 'connect.askSituation',
    answer: [{ press: 'connect.withLink' }, ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
  },
  {
    name: 'connect: do you see your customer',
    journey: 'connect-customer',
    reach: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      [{ press: 'connect.withLink' }, ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
    ],
    prompt: 'connect.askSeesCustomer',
    answer: [{ press: 'choice.yes' }, ['connect.connected', 'journey.anythingElse']],
  },
  {
    name: 'connect: login email',
    journey: 'connect-customer',
    reach: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      [{ press: 'connect.withoutLink' }, ['connect.withoutLinkExplained', 'journey.askLoginEmail']],
    ],
    prompt: 'journey.askLoginEmail',
    answer: [EMAIL, ['journey.askCustomerName']],
  },
  {
    name: "connect: customer's name",
    journey: 'connect-customer',
    reach: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      [{ press: 'connect.newCustomer' }, ['connect.newCustomerExplained', 'journey.askLoginEmail']],
      [EMAIL, ['journey.askCustomerName']],
    ],
    prompt: 'journey.askCustomerName',
    answer: ['Globex Industries', ['journey.messageForCustomer', DRAFT, 'journey.anythingElse']],
  },
  {
    name: '2FA: enable or disable',
    journey: 'two-factor',
    reach: [[{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']]],
    prompt: 'twoFactor.askGoal',
    answer: [{ press: 'twoFactor.enable' }, ['twoFactor.enableSteps', 'journey.anythingElse']],
  },
  {
    name: '2FA: really disable',
    journey: 'two-factor',
    reach: [
      [{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']],
      [{ press: 'twoFactor.disable' }, ['twoFactor.disableWarning']],
    ],
    prompt: 'twoFactor.disableWarning',
    answer: [{ press: 'choice.no' }, ['twoFactor.keptEnabled', 'journey.anythingElse']],
  },
  {
    name: 'missing tab: sign-up email',
    journey: 'missing-tab',
    reach: [[{ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']]],
    prompt: 'missingTab.askSignupEmail',
    answer: [EMAIL, ['missingTab.askInvitedEmail']],
  },
  {
    name: 'missing tab: invited email',
    journey: 'missing-tab',
    reach: [
      [{ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']],
      [EMAIL, ['missingTab.askInvitedEmail']],
    ],
    prompt: 'missingTab.askInvitedEmail',
    answer: [OTHER_EMAIL, [['missingTab.mismatch', { signup: EMAIL }], 'journey.askCustomerName']],
  },
  {
    name: "missing tab: customer's name",
    journey: 'missing-tab',
    reach: [
      [{ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']],
      [EMAIL, ['missingTab.askInvitedEmail']],
      [{ press: 'missingTab.dontKnow' }, [['missingTab.unknownInvited', { signup: EMAIL }], 'journey.askCustomerName']],
    ],
    prompt: 'journey.askCustomerName',
    answer: ['Globex', ['journey.messageForCustomer', DRAFT, 'journey.anythingElse']],
  },
  {
    name: 'role access: what do you need',
    journey: 'role-access',
    reach: [[{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']]],
    prompt: 'roleAccess.askGoal',
    answer: [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
  },
  {
    name: 'role access: Admin tab',
    journey: 'role-access',
    reach: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
    ],
    prompt: 'roleAccess.askAdminTab',
    answer: [{ press: 'choice.yes' }, ['roleAccess.documentsSteps', 'journey.anythingElse']],
  },
  {
    name: 'role access: login email',
    journey: 'role-access',
    reach: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
      [{ press: 'choice.no' }, ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
    ],
    prompt: 'journey.askLoginEmail',
    answer: [EMAIL, ['journey.askCustomerName']],
  },
  {
    name: "role access: customer's name",
    journey: 'role-access',
    reach: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
      [{ press: 'choice.no' }, ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
      [EMAIL, ['journey.askCustomerName']],
    ],
    prompt: 'journey.askCustomerName',
    answer: ['Initech', ['journey.messageForAdmin', DRAFT, 'journey.anythingElse']],
  },
  {
    name: "role access: employee's email",
    journey: 'role-access',
    reach: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.employee' }, ['roleAccess.askAdminTab']],
      [{ press: 'choice.no' }, ['roleAccess.noAdminEmployee', 'roleAccess.askEmployeeEmail']],
    ],
    prompt: 'roleAccess.askEmployeeEmail',
    answer: [OTHER_EMAIL, ['journey.messageForAdmin', DRAFT, 'journey.anythingElse']],
  },
];

/** Questions asked in passing, as suppliers type them, with the FAQ entry that answers each. */
const ASIDES: Record<Language, ReadonlyArray<readonly [string, string]>> = {
  fr: [
    ['au fait, qui me paie, coupa ou mon client ?', 'who-pays-me'],
    ['comment changer mon rib ?', 'update-banking-info'],
    ['attends, les infos sont archivees ?', 'csp-data-archiving'],
  ],
  en: [
    ['wait, how do i turn on 2fa?', '2fa-enable'],
    ['btw who pays me, coupa or my customer?', 'who-pays-me'],
    ['how do i change my bank details?', 'update-banking-info'],
  ],
};

const SUMMARY: Record<Language, string> = { fr: 'je vois toujours rien', en: 'still nothing works for me' };

const PERSON: Record<Language, string> = {
  fr: "en fait je veux parler a quelqu'un",
  en: 'actually I want to talk to a human',
};

/** Another journey's trigger, for each journey. */
const OTHER_JOURNEY: Record<PromptCase['journey'], Record<Language, readonly [string, readonly Expected[]]>> = {
  'connect-customer': {
    fr: ["j'ai un souci avec la 2fa", ['twoFactor.askGoal']],
    en: ['i have a problem with 2FA', ['twoFactor.askGoal']],
  },
  'two-factor': {
    fr: ["je vois pas l'onglet de mon client", ['missingTab.intro', 'missingTab.askSignupEmail']],
    en: ["i cant see my customer's tab", ['missingTab.intro', 'missingTab.askSignupEmail']],
  },
  'missing-tab': {
    fr: ["j'arrive pas a voir mes factures", ['roleAccess.askAdminTab']],
    en: ["I can't open my invoices", ['roleAccess.askAdminTab']],
  },
  'role-access': {
    fr: ["je n'arrive pas à me connecter à mon nouveau client", ['connect.askSituation']],
    en: ['how do i connect to my new customer', ['connect.askSituation']],
  },
};

async function reach(lang: Language, prompt: PromptCase) {
  const session = chat(lang, `aside-${prompt.name}`);
  for (const [says, expected] of prompt.reach) await session.turn(says, expected);
  return session;
}

describe('interruptions at every journey prompt', () => {
  describe.each(['fr', 'en'] as const)('in %s', (lang) => {
    describe.each(PROMPTS.map((prompt, index) => [prompt.name, prompt, index] as const))('%s', (_name, prompt, index) => {
      const [asked, entryId] = ASIDES[lang][index % ASIDES[lang].length]!;

      it('answers an FAQ question asked in passing, then resumes the journey where it was', async () => {
        const { turn } = await reach(lang, prompt);
        await turn(asked, [answer(lang, entryId), 'journey.resume', prompt.prompt]);
        await turn(...prompt.answer);
      });

      it('leaves the journey when the supplier moves on to a second question', async () => {
        const { turn } = await reach(lang, prompt);
        await turn(asked, [answer(lang, entryId), 'journey.resume', prompt.prompt]);
        await turn(asked, [answer(lang, entryId), 'faq.helpfulQuestion']);
      });

      it('hands over to Premium support when asked for a person, with the journey steps as tried', async () => {
        const { turn, gateway } = await reach(lang, prompt);
        await turn(PERSON[lang], ['escalation.intro', 'escalation.askSummary']);
        await turn(SUMMARY[lang], ['escalation.askEmail']);
        await turn(EMAIL, [/./]);
        await turn({ press: 'choice.yes' }, [/PS-000001/]);
        expect(gateway.tickets[0]!.tried.journeySteps[0]).toBe(`${prompt.journey}: started`);
      });

      it("starts another journey when the supplier raises another problem", async () => {
        const { turn } = await reach(lang, prompt);
        const [says, expected] = OTHER_JOURNEY[prompt.journey][lang];
        await turn(says, expected);
      });

      it('shows the menu on "menu"', async () => {
        const { turn } = await reach(lang, prompt);
        const [menu] = await turn('Menu', ['menu.text']);
        expect(buttons(menu)).toEqual(menuTitles(lang));
      });
    });
  });
});

describe('interruptions mid-journey', () => {
  describe.each(['fr', 'en'] as const)('in %s', (lang) => {
    it('starts the journey of a menu button pressed mid-journey', async () => {
      const { turn } = chat(lang);
      await turn({ press: 'menu.twoFactor' }, ['twoFactor.askGoal']);
      await turn({ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']);
    });

    it('resumes again after a question in passing at a later prompt, once the earlier one was answered', async () => {
      const { turn } = chat(lang);
      const [first, firstEntry] = ASIDES[lang][0]!;
      const [second, secondEntry] = ASIDES[lang][2]!;
      await turn({ press: 'menu.connectCustomer' }, ['connect.askSituation']);
      await turn({ press: 'connect.newCustomer' }, ['connect.newCustomerExplained', 'journey.askLoginEmail']);
      await turn(first, [answer(lang, firstEntry), 'journey.resume', 'journey.askLoginEmail']);
      await turn(EMAIL, ['journey.askCustomerName']);
      await turn(second, [answer(lang, secondEntry), 'journey.resume', 'journey.askCustomerName']);
      await turn('Globex', ['journey.messageForCustomer', DRAFT, 'journey.anythingElse']);
    });

    it('resumes again after an answer the prompt recognised loosely', async () => {
      const { turn } = chat(lang);
      const [first, firstEntry] = ASIDES[lang][0]!;
      const [second, secondEntry] = ASIDES[lang][2]!;
      await turn({ press: 'menu.twoFactor' }, ['twoFactor.askGoal']);
      await turn(first, [answer(lang, firstEntry), 'journey.resume', 'twoFactor.askGoal']);
      await turn(lang === 'fr' ? 'je veux désactiver la 2FA' : 'i want to disable 2fa', ['twoFactor.disableWarning']);
      await turn(second, [answer(lang, secondEntry), 'journey.resume', 'twoFactor.disableWarning']);
    });

    it('acknowledges anger and asks the pending question again', async () => {
      const { turn } = chat(lang);
      await turn({ press: 'menu.roleAccess' }, ['roleAccess.askGoal']);
      await turn(lang === 'fr' ? "c'est nul ce truc" : 'this is so annoying', ['frustration.ack', 'journey.resume', 'roleAccess.askGoal']);
      await turn({ press: 'roleAccess.employee' }, ['roleAccess.askAdminTab']);
    });

    it('records each question asked in passing once for the staff analytics', async () => {
      const questions: QuestionEvent[] = [];
      const analytics: AnalyticsRecorder = {
        recordQuestion: async (event) => {
          questions.push(event);
          return undefined;
        },
        recordFeedback: async () => undefined,
        markEscalated: async () => undefined,
        markResolved: async () => undefined,
      };
      const { turn } = chat(lang, `analytics-${lang}`, analytics);
      const [asked, entryId] = ASIDES[lang][1]!;
      await turn({ press: 'menu.twoFactor' }, ['twoFactor.askGoal']);
      await turn(asked, [answer(lang, entryId), 'journey.resume', 'twoFactor.askGoal']);
      await turn(asked, [answer(lang, entryId), 'faq.helpfulQuestion']);
      expect(questions.map((question) => [question.topEntryId, question.confident])).toEqual([
        [entryId, true],
        [entryId, true],
      ]);
    });
  });
});

/** Said again and again where a customer's name is asked: neither a name nor a question the FAQ answers. */
const REPEATED: Record<Language, readonly string[]> = {
  fr: ['au fait, il fait beau chez vous ?', 'jsp'],
  en: ['btw is it sunny where you are?', 'idk'],
};

describe('a supplier repeating himself at the customer name', () => {
  describe.each(['fr', 'en'] as const)('in %s', (lang) => {
    async function atCustomerName() {
      const session = chat(lang, `repeated-${lang}-${Math.random()}`);
      await session.turn({ press: 'menu.connectCustomer' }, ['connect.askSituation']);
      await session.turn({ press: 'connect.newCustomer' }, ['connect.newCustomerExplained', 'journey.askLoginEmail']);
      await session.turn(EMAIL, ['journey.askCustomerName']);
      return session;
    }

    it.each(REPEATED[lang].map((said) => [said] as const))('is asked again in other words, then let go on the third "%s"', async (said) => {
      const { turn } = await atCustomerName();
      await turn(said, ['journey.customerNameRetry']);
      await turn(said, ['journey.customerNameRetryAgain']);
      const [third] = await turn(said, [/./]);
      expect(third!.text).not.toMatch(/customer's name|nom de votre client/);
    });

    it('still takes the name after being asked again twice', async () => {
      const { turn } = await atCustomerName();
      await turn(REPEATED[lang][0]!, ['journey.customerNameRetry']);
      await turn(REPEATED[lang][1]!, ['journey.customerNameRetryAgain']);
      await turn('Globex', ['journey.messageForCustomer', DRAFT, 'journey.anythingElse']);
    });
  });
});
