import { DialogTestClient } from 'botbuilder-testing';
import { DialogTurnStatus, type Dialog } from 'botbuilder-dialogs';
import { ConnectCustomerDialog } from '../../dialogs/connectCustomerDialog';
import type { JourneyResult } from '../../dialogs/interruptibleDialog';
import { MissingTabDialog } from '../../dialogs/missingTabDialog';
import { RoleAccessDialog } from '../../dialogs/roleAccessDialog';
import type { Replies } from '../../dialogs/replies';
import type { Session } from '../../dialogs/session';
import { TwoFactorDialog } from '../../dialogs/twoFactorDialog';
import type { Language } from '../../knowledge';
import { allReplies, dialogFixture, render, texts, userText, type Expected, type UserSays, LOCALES } from '../support/conversation';

/** One path through a journey: what the user says at each turn and what the bot answers. */
interface JourneyCase {
  readonly name: string;
  readonly options?: object;
  readonly steps: ReadonlyArray<readonly [UserSays, readonly Expected[]]>;
  readonly expectedStatus: DialogTurnStatus;
  readonly expectedResult?: JourneyResult;
}

type DialogFactory = (session: Session, replies: Replies) => Dialog;

const DONE: JourneyResult = { outcome: 'done' };
/** The first message only starts the dialog; a greeting in the user's language. */
const START: Record<Language, string> = { fr: 'bonjour', en: 'hello' };
const EMAIL = 'marie.dupont@acme-supplies.fr';
const OTHER_EMAIL = 'contact@acme-supplies.fr';
const CUSTOMER = 'Globex Industries';

async function runCase(lang: Language, factory: DialogFactory, journey: JourneyCase): Promise<void> {
  const fixture = dialogFixture();
  const dialog = factory(fixture.session, fixture.replies);
  const client = new DialogTestClient('test', dialog, journey.options, fixture.middlewares, fixture.conversationState);
  for (const [says, expected] of journey.steps) {
    const replies = await allReplies(client, { type: 'message', text: userText(lang, says), locale: LOCALES[lang] });
    expect(texts(replies)).toEqual(expected.map((reply) => render(lang, reply)));
  }
  expect(client.dialogTurnResult.status).toBe(journey.expectedStatus);
  if (journey.expectedResult) expect(client.dialogTurnResult.result).toEqual(journey.expectedResult);
}

function describeJourney(title: string, factory: DialogFactory, cases: (lang: Language) => JourneyCase[]): void {
  describe(title, () => {
    describe.each(['fr', 'en'] as const)('in %s', (lang) => {
      it.each(cases(lang).map((journey) => [journey.name, journey] as const))('%s', async (_name, journey) => {
        await runCase(lang, factory, journey);
      });
    });
  });
}

describeJourney('ConnectCustomerDialog', (session, replies) => new ConnectCustomerDialog(session, replies), (lang) => [
  {
    name: 'confirms the connection of a supplier who signed up with the invitation link and sees the customer',
    steps: [
      [START[lang], ['connect.askSituation']],
      [{ press: 'connect.withLink' }, ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
      [{ press: 'choice.yes' }, ['connect.connected']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'points a supplier who signed up with the link but does not see the customer to the missing-tab check',
    steps: [
      [START[lang], ['connect.askSituation']],
      [{ press: 'connect.withLink' }, ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
      [{ press: 'choice.no' }, ['connect.notListed']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'explains that the customer connects a supplier who signed up without the link, and drafts the message',
    steps: [
      [START[lang], ['connect.askSituation']],
      [{ press: 'connect.withoutLink' }, ['connect.withoutLinkExplained', 'journey.askLoginEmail']],
      ['marie.dupont@', ['email.retry']],
      [EMAIL, ['journey.askCustomerName']],
      [CUSTOMER, ['journey.messageForCustomer', ['connect.messageWithoutLink', { customer: CUSTOMER, email: EMAIL }]]],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'tells a supplier a new customer wants to connect to give the same login email, and drafts the message',
    steps: [
      [START[lang], ['connect.askSituation']],
      [{ press: 'connect.newCustomer' }, ['connect.newCustomerExplained', 'journey.askLoginEmail']],
      [EMAIL, ['journey.askCustomerName']],
      [CUSTOMER, ['journey.messageForCustomer', ['connect.messageNewCustomer', { customer: CUSTOMER, email: EMAIL }]]],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'starts at the situation a related answer already gave',
    options: { situation: 'connect.newCustomer' },
    steps: [[START[lang], ['connect.newCustomerExplained', 'journey.askLoginEmail']]],
    expectedStatus: DialogTurnStatus.waiting,
  },
  {
    name: 'does not explain again the situation an FAQ answer just explained',
    options: { situation: 'connect.newCustomer', explained: ['connect.newCustomer'] },
    steps: [[START[lang], ['connect.letsPrepare', 'journey.askLoginEmail']]],
    expectedStatus: DialogTurnStatus.waiting,
  },
]);

describeJourney('TwoFactorDialog', (session, replies) => new TwoFactorDialog(session, replies), (lang) => [
  {
    name: 'says where to enable two-factor authentication',
    steps: [
      [START[lang], ['twoFactor.askGoal']],
      [{ press: 'twoFactor.enable' }, ['twoFactor.enableSteps']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'warns before disabling and, once confirmed, says where to disable',
    steps: [
      [START[lang], ['twoFactor.askGoal']],
      [{ press: 'twoFactor.disable' }, ['twoFactor.disableWarning']],
      [{ press: 'choice.yes' }, ['twoFactor.disableSteps']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'keeps two-factor authentication when the supplier does not confirm',
    steps: [
      [START[lang], ['twoFactor.askGoal']],
      [{ press: 'twoFactor.disable' }, ['twoFactor.disableWarning']],
      [{ press: 'choice.no' }, ['twoFactor.keptEnabled']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'asks again when the answer is none of the choices',
    steps: [
      [START[lang], ['twoFactor.askGoal']],
      ['hmm', ['choice.retry']],
      [{ press: 'twoFactor.enable' }, ['twoFactor.enableSteps']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'goes straight to the warning when the goal is known',
    options: { goal: 'twoFactor.disable' },
    steps: [[START[lang], ['twoFactor.disableWarning']]],
    expectedStatus: DialogTurnStatus.waiting,
  },
]);

describeJourney('MissingTabDialog', (session, replies) => new MissingTabDialog(session, replies), (lang) => [
  {
    name: 'finds different sign-up and invited emails and drafts the request for a new invitation',
    steps: [
      [START[lang], ['missingTab.intro', 'missingTab.askSignupEmail']],
      ['marie.dupont', ['email.retry']],
      [EMAIL, ['missingTab.askInvitedEmail']],
      ['contact@acme', ['email.retry']],
      [OTHER_EMAIL, [['missingTab.mismatch', { signup: EMAIL }], 'journey.askCustomerName']],
      [CUSTOMER, ['journey.messageForCustomer', ['missingTab.message', { customer: CUSTOMER, signup: EMAIL }]]],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'drafts the request for a new invitation when the invited email is unknown',
    steps: [
      [START[lang], ['missingTab.intro', 'missingTab.askSignupEmail']],
      [EMAIL, ['missingTab.askInvitedEmail']],
      [{ press: 'missingTab.dontKnow' }, [['missingTab.unknownInvited', { signup: EMAIL }], 'journey.askCustomerName']],
      [CUSTOMER, ['journey.messageForCustomer', ['missingTab.message', { customer: CUSTOMER, signup: EMAIL }]]],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'does not explain the usual cause again when it was just explained',
    options: { introShown: true },
    steps: [[START[lang], ['missingTab.askSignupEmail']]],
    expectedStatus: DialogTurnStatus.waiting,
  },
  {
    name: 'ends at a dead end when both emails are the same',
    steps: [
      [START[lang], ['missingTab.intro', 'missingTab.askSignupEmail']],
      [EMAIL, ['missingTab.askInvitedEmail']],
      [EMAIL.toUpperCase(), ['missingTab.sameEmail']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: { outcome: 'dead-end' },
  },
]);

describeJourney('RoleAccessDialog', (session, replies) => new RoleAccessDialog(session, replies), (lang) => [
  {
    name: 'sends a supplier with the Admin tab to check roles and customers',
    steps: [
      [START[lang], ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
      [{ press: 'choice.yes' }, ['roleAccess.documentsSteps']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'tells a supplier with the Admin tab how to invite an employee',
    steps: [
      [START[lang], ['roleAccess.askGoal']],
      [{ press: 'roleAccess.employee' }, ['roleAccess.askAdminTab']],
      [{ press: 'choice.yes' }, ['roleAccess.employeeSteps']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'drafts a request for roles to the administrator when there is no Admin tab',
    steps: [
      [START[lang], ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
      [{ press: 'choice.no' }, ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
      ['marie.dupont(at)acme.fr', ['email.retry']],
      [EMAIL, ['journey.askCustomerName']],
      [CUSTOMER, ['journey.messageForAdmin', ['roleAccess.messageDocuments', { customer: CUSTOMER, email: EMAIL }]]],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'drafts a request to invite the employee to the administrator when there is no Admin tab',
    steps: [
      [START[lang], ['roleAccess.askGoal']],
      [{ press: 'roleAccess.employee' }, ['roleAccess.askAdminTab']],
      [{ press: 'choice.no' }, ['roleAccess.noAdminEmployee', 'roleAccess.askEmployeeEmail']],
      [OTHER_EMAIL, ['journey.messageForAdmin', ['roleAccess.messageEmployee', { email: OTHER_EMAIL }]]],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'skips the first question when the trigger phrase was about POs/invoices',
    options: { goal: 'roleAccess.documents' },
    steps: [[START[lang], ['roleAccess.askAdminTab']]],
    expectedStatus: DialogTurnStatus.waiting,
  },
  {
    name: 'skips the Admin tab question when the supplier already said there is none',
    options: { goal: 'roleAccess.employee', hasAdminTab: false },
    steps: [[START[lang], ['roleAccess.noAdminEmployee', 'roleAccess.askEmployeeEmail']]],
    expectedStatus: DialogTurnStatus.waiting,
  },
  {
    name: 'points at the steps of the answer just shown instead of giving them again',
    options: { goal: 'roleAccess.employee', afterAnswer: 'shown' },
    steps: [
      [START[lang], ['roleAccess.askAdminTab']],
      [{ press: 'choice.yes' }, ['roleAccess.stepsAbove']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: DONE,
  },
  {
    name: 'ends at a dead end when the steps of the answer did not work despite the Admin tab',
    options: { goal: 'roleAccess.documents', afterAnswer: 'failed' },
    steps: [
      [START[lang], ['roleAccess.askAdminTab']],
      [{ press: 'choice.yes' }, ['roleAccess.noFurtherStep']],
    ],
    expectedStatus: DialogTurnStatus.complete,
    expectedResult: { outcome: 'dead-end' },
  },
]);
