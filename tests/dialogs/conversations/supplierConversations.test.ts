import { answer, play, question, type Script } from './script';

/**
 * Conversations as suppliers have them over the web chat: typos, no accents, mixed case, topic
 * switches, anger, "that didn't work", and endings. Each turn lists every message the bot sends.
 */
const EMAIL = 'marie.dupont@acme-supplies.fr';
const DRAFT = /\n/;

const SCRIPTS: readonly Script[] = [
  // Anger and requests for a person in rough form.
  {
    name: 'angry French supplier asking for someone',
    lang: 'fr',
    turns: [
      ["c'est nul votre truc, ça marche jamais, je veux parler à quelqu'un", ['frustration.ack', 'escalation.intro', 'escalation.askSummary']],
      ['mon onglet client a disparu', ['escalation.askEmail']],
    ],
  },
  {
    name: 'English supplier calling the bot useless',
    lang: 'en',
    turns: [["this bot is useless, get me a real person", ['frustration.ack', 'escalation.intro', 'escalation.askSummary']]],
  },
  {
    name: 'fed up, in English, with a 2FA problem',
    lang: 'en',
    turns: [["i'm so fed up, my 2fa has a problem again", ['frustration.ack', 'twoFactor.askGoal']]],
  },
  {
    name: 'jveux un conseiller',
    lang: 'fr',
    turns: [['jveux un conseiller svp', ['escalation.intro', 'escalation.askSummary']]],
  },
  {
    name: 'est ce que qqn peut m aider',
    lang: 'fr',
    turns: [["est ce que qqn peut m'aider ??", ['escalation.intro', 'escalation.askSummary']]],
  },
  {
    name: 'can somebody help me',
    lang: 'en',
    turns: [['can somebody help me please', ['escalation.intro', 'escalation.askSummary']]],
  },
  {
    name: 'fed up with a missing tab',
    lang: 'fr',
    turns: [["ras le bol, je vois pas l onglet de mon client !!", ['frustration.ack', 'missingTab.intro', 'missingTab.askSignupEmail']]],
  },
  {
    name: 'only anger',
    lang: 'fr',
    turns: [["c'est vraiment nul", ['frustration.ack', 'frustration.whatIsWrong']]],
  },
  {
    name: 'only anger in English',
    lang: 'en',
    turns: [['wtf this is ridiculous', ['frustration.ack', 'frustration.whatIsWrong']]],
  },
  {
    name: 'asking for someone in the middle of the e-mail question',
    lang: 'fr',
    turns: [
      [{ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']],
      ["je veux parler à quelqu'un", ['escalation.intro', 'escalation.askSummary']],
    ],
  },
  // "That didn't work" after an answer or a journey.
  {
    name: 'no access to invoices, then it did not work',
    lang: 'fr',
    turns: [
      ['pourquoi ne puis-je pas acceder aux bc/factures', [answer('fr', 'access-pos-invoices'), 'faq.helpfulQuestion']],
      ['ca marche pas', ['repair.walkThrough', 'roleAccess.askAdminTab']],
      ['non', ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
    ],
  },
  {
    name: 'no Admin tab after the invoices answer',
    lang: 'fr',
    turns: [
      ['pourquoi ne puis-je pas acceder aux bc/factures', [answer('fr', 'access-pos-invoices'), 'faq.helpfulQuestion']],
      ["j'ai pas l'onglet admin", ['repair.nextStep', 'roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
      [EMAIL, ['journey.askCustomerName']],
      ['Globex', ['journey.messageForAdmin', DRAFT, 'journey.anythingElse']],
    ],
  },
  {
    name: 'no Admin tab after the add-an-employee answer',
    lang: 'en',
    turns: [
      ['how do i add an employe?', [answer('en', 'add-employee'), 'faq.helpfulQuestion']],
      ["I don't have the admin tab", ['repair.nextStep', 'roleAccess.noAdminEmployee', 'roleAccess.askEmployeeEmail']],
      ['bob@acme.com', ['journey.messageForAdmin', /bob@acme\.com/, 'journey.anythingElse']],
    ],
  },
  {
    name: 'Admin tab steps, then toujours pas',
    lang: 'fr',
    turns: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
      ['oui', ['roleAccess.documentsSteps', 'journey.anythingElse']],
      ['toujours pas', ['repair.nextStep', 'roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
    ],
  },
  {
    name: "employee steps, then that didn't work",
    lang: 'en',
    turns: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.employee' }, ['roleAccess.askAdminTab']],
      ['yes', ['roleAccess.employeeSteps', 'journey.anythingElse']],
      ["that didn't work", ['repair.nextStep', 'roleAccess.noAdminEmployee', 'roleAccess.askEmployeeEmail']],
    ],
  },
  {
    name: '2FA answer did not work: Premium support, offered once',
    lang: 'fr',
    turns: [
      ['comment activer la 2fa ?', [answer('fr', '2fa-enable'), 'faq.helpfulQuestion']],
      ['ça marche pas', ['repair.premium']],
      ['toujours pas', ['escalation.stillAvailable']],
      [{ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'missing tab answer, still not working: the journey without repeating the answer',
    lang: 'en',
    turns: [
      [question('en', 'missing-customer-tab'), [answer('en', 'missing-customer-tab'), 'faq.helpfulQuestion']],
      ['still not working', ['repair.walkThrough', 'missingTab.askSignupEmail']],
      [EMAIL, ['missingTab.askInvitedEmail']],
    ],
  },
  {
    name: 'not listed after signing up with the link, then ca marche pas',
    lang: 'fr',
    turns: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      [{ press: 'connect.withLink' }, ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
      ['non', ['connect.notListed', 'journey.anythingElse']],
      ['ca marche pas', ['repair.nextStep', 'missingTab.askSignupEmail']],
    ],
  },
  {
    name: 'ça marche pas as the first message',
    lang: 'fr',
    turns: [['ça marche pas', ['repair.what']]],
  },
  {
    name: "it doesnt work as the first message",
    lang: 'en',
    turns: [['it doesnt work', ['repair.what']]],
  },
  {
    name: 'toujours pas after an answer without a journey',
    lang: 'fr',
    turns: [
      ['si j utilise le csp qui me paie', [answer('fr', 'who-pays-me'), 'faq.helpfulQuestion']],
      ['toujours pas', ['repair.premium']],
    ],
  },
  {
    name: 'still nothing after payment information, then Premium support without a second pitch',
    lang: 'en',
    turns: [
      ['where do i find payment info', [answer('en', 'payment-info'), 'faq.helpfulQuestion']],
      ['still nothing', ['repair.premium']],
      [{ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'no Admin tab, nothing said before',
    lang: 'fr',
    turns: [
      ["j'ai pas l'onglet admin", ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
    ],
  },
  {
    name: 'no Admin tab at the Admin tab question',
    lang: 'fr',
    turns: [
      ["j'arrive pas a voir mes factures", ['roleAccess.askAdminTab']],
      ["j'ai pas l'onglet admin", ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
    ],
  },
  {
    name: 'nope no admin tab',
    lang: 'en',
    turns: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.employee' }, ['roleAccess.askAdminTab']],
      ['i dont see any admin tab', ['roleAccess.noAdminEmployee', 'roleAccess.askEmployeeEmail']],
    ],
  },
  // Repetition: one Premium pitch, a walk-through that goes on from the answer, varying fallbacks.
  {
    name: 'not helpful, then Premium support: one pitch',
    lang: 'fr',
    turns: [
      ['comment activer la 2fa ?', [answer('fr', '2fa-enable'), 'faq.helpfulQuestion']],
      [{ press: 'faq.helpfulNo' }, ['faq.feedbackSorry', 'escalation.offer']],
      [{ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'dead end, then Premium support: one pitch',
    lang: 'en',
    turns: [
      [{ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']],
      [EMAIL, ['missingTab.askInvitedEmail']],
      [EMAIL.toUpperCase(), ['missingTab.sameEmail', 'escalation.offer']],
      [{ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'walk me through the missing tab answer',
    lang: 'fr',
    turns: [
      ["ou est l onglet de mon client", [answer('fr', 'missing-customer-tab'), 'faq.helpfulQuestion']],
      [{ press: 'faq.walkThrough' }, ['missingTab.askSignupEmail']],
    ],
  },
  {
    name: 'walk-through of the add-an-employee answer, with the Admin tab: no second copy of the steps',
    lang: 'en',
    turns: [
      [question('en', 'add-employee'), [answer('en', 'add-employee'), 'faq.helpfulQuestion']],
      [{ press: 'faq.walkThrough' }, ['roleAccess.askAdminTab']],
      ['Yes I do', ['roleAccess.stepsAbove', 'journey.anythingElse']],
    ],
  },
  {
    name: 'the invoices answer failed even with the Admin tab: a dead end, then Premium support pitched once',
    lang: 'fr',
    turns: [
      ['pourquoi ne puis-je pas acceder aux bc/factures', [answer('fr', 'access-pos-invoices'), 'faq.helpfulQuestion']],
      ['ça marche pas', ['repair.walkThrough', 'roleAccess.askAdminTab']],
      ['oui', ['roleAccess.noFurtherStep', 'escalation.offer']],
      [{ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'walk-through of the new-customer answer goes straight to the message',
    lang: 'fr',
    turns: [
      [question('fr', 'connect-new-customer'), [answer('fr', 'connect-new-customer'), 'faq.helpfulQuestion']],
      [{ press: 'faq.walkThrough' }, ['connect.letsPrepare', 'journey.askLoginEmail']],
      [EMAIL, ['journey.askCustomerName']],
    ],
  },
  {
    name: 'walk-through of the connection check does not explain the check again',
    lang: 'en',
    turns: [
      [question('en', 'check-customer-connection'), [answer('en', 'check-customer-connection'), 'faq.helpfulQuestion']],
      [{ press: 'faq.walkThrough' }, ['connect.askSituation']],
      [{ press: 'connect.withLink' }, ['connect.askSeesCustomer']],
      ['no', ['connect.notListed', 'journey.anythingElse']],
    ],
  },
  {
    name: 'misses after an answer point back at it, then the scope',
    lang: 'fr',
    turns: [
      ['blabla', ['faq.rephrase']],
      ['comment ajouter un employe', [answer('fr', 'add-employee'), 'faq.helpfulQuestion']],
      ['bof truc machin', ['faq.missAfterAnswer']],
      ['je mange quoi ce soir', ['fallback.scope']],
    ],
  },
  {
    name: 'never the same fallback twice',
    lang: 'en',
    turns: [
      ['asdf', ['faq.rephrase']],
      ['qwerty', ['fallback.scope']],
      ['zxcv', ['escalation.offer']],
      ['what time is it in tokyo', ['faq.rephraseOther']],
    ],
  },
  {
    name: 'rephrase examples never include the question just answered',
    lang: 'en',
    turns: [
      ['HOW DO I ADD AN EMPLOYEE', [answer('en', 'add-employee'), 'faq.helpfulQuestion']],
      [{ press: 'faq.helpfulYes' }, ['faq.feedbackThanks']],
      ['asdf', ['faq.rephraseOther']],
    ],
  },
  {
    name: 'an answer not understood twice at a choice is not met with the same words twice',
    lang: 'en',
    turns: [
      [{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']],
      ['dunno', ['choice.retry']],
      ['idk really', ['choice.retryAgain']],
      [{ press: 'twoFactor.enable' }, ['twoFactor.enableSteps', 'journey.anythingElse']],
    ],
  },
  {
    name: 'pas compris deux fois a une question oui/non',
    lang: 'fr',
    turns: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.employee' }, ['roleAccess.askAdminTab']],
      ['bof', ['choice.retry']],
      ['je sais pas trop', ['choice.retryAgain']],
      ['oui', ['roleAccess.employeeSteps', 'journey.anythingElse']],
    ],
  },
  // Answers in the supplier's own words.
  {
    name: 'activer, typed at the 2FA question',
    lang: 'fr',
    turns: [
      ['Authentification a deux facteurs', ['twoFactor.askGoal']],
      ['activer', ['twoFactor.enableSteps', 'journey.anythingElse']],
    ],
  },
  {
    name: 'avec le lien, typed at the situation question',
    lang: 'fr',
    turns: [
      ['jarrive pas a me connecter a mon client', ['connect.askSituation']],
      ['avec le lien', ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
      ['non', ['connect.notListed', 'journey.anythingElse']],
      ['ca marche toujours pas', ['repair.nextStep', 'missingTab.askSignupEmail']],
    ],
  },
  {
    name: 'enable it please',
    lang: 'en',
    turns: [
      ['I need help with 2FA', ['twoFactor.askGoal']],
      ['enable it please', ['twoFactor.enableSteps', 'journey.anythingElse']],
    ],
  },
  {
    name: 'jsp at the e-mail questions, and thanks instead of a customer name',
    lang: 'fr',
    turns: [
      [{ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']],
      ['euh c quoi mon email deja', ['email.retry']],
      ['jsp', ['email.retryAgain']],
      ['marie@acme.fr', ['missingTab.askInvitedEmail']],
      ['jsp', [['missingTab.unknownInvited', { signup: 'marie@acme.fr' }], 'journey.askCustomerName']],
      ['oui', ['journey.customerNameRetry']],
      ['ok merci', ['thanks.text']],
    ],
  },
  {
    name: 'ça marche pas twice with nothing to go on: Premium support',
    lang: 'fr',
    turns: [
      ['ça marche pas', ['repair.what']],
      ['toujours pas', ['repair.stillStuck']],
      [{ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'pas vraiment, said after an answer without a journey',
    lang: 'fr',
    turns: [
      ["Si j'utilise le CSP, qui me paie ?", [answer('fr', 'who-pays-me'), 'faq.helpfulQuestion']],
      ['pas vraiment', ['faq.feedbackSorry', 'escalation.offer']],
      ['et sinon les infos sont archivées ?', [answer('fr', 'csp-data-archiving'), 'faq.helpfulQuestion']],
      ['ouais', ['faq.feedbackThanks']],
    ],
  },
  {
    name: 'nope, said after the add-an-employee answer',
    lang: 'en',
    turns: [
      [question('en', 'add-employee'), [answer('en', 'add-employee'), 'faq.helpfulQuestion']],
      ['nope', ['faq.feedbackSorry', 'repair.walkThrough', 'roleAccess.askAdminTab']],
      ['no', ['roleAccess.noAdminEmployee', 'roleAccess.askEmployeeEmail']],
    ],
  },
  {
    name: 'nan at the Admin tab question',
    lang: 'fr',
    turns: [
      ['je veux voir mes factures mais jy arrive pas', ['roleAccess.askAdminTab']],
      ['nan', ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
    ],
  },
  {
    name: 'a third answer that is none leaves the question',
    lang: 'fr',
    turns: [
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
      [{ press: 'roleAccess.documents' }, ['roleAccess.askAdminTab']],
      ['bof', ['choice.retry']],
      ['je sais pas trop', ['choice.retryAgain']],
      ['Carrefour', ['faq.rephrase']],
      [{ press: 'menu.roleAccess' }, ['roleAccess.askGoal']],
    ],
  },
  {
    name: 'walk-through asked for after saying the answer helped',
    lang: 'fr',
    turns: [
      ['COMMENT AJOUTER UN EMPLOYE', [answer('fr', 'add-employee'), 'faq.helpfulQuestion']],
      ['ok', ['faq.feedbackThanks']],
      ["m'accompagner pas a pas", ['roleAccess.askAdminTab']],
      ['oui', ['roleAccess.stepsAbove', 'journey.anythingElse']],
      ['au revoir', ['goodbye.text']],
    ],
  },
  {
    name: 'bye after an answer',
    lang: 'en',
    turns: [
      ['wait what happens if i disable 2fa?', [answer('en', '2fa-disable'), 'faq.helpfulQuestion']],
      ['yes', ['faq.feedbackThanks']],
      ['bye', ['goodbye.text']],
    ],
  },
  // Off-topic: say what the assistant covers.
  {
    name: 'off-topic in French',
    lang: 'fr',
    turns: [
      ['quelle est la recette des crepes', ['faq.rephrase']],
      ['raconte moi une blague', ['fallback.scope']],
      [{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']],
    ],
  },
  {
    name: 'off-topic in English',
    lang: 'en',
    turns: [
      ['who won the football last night', ['faq.rephrase']],
      ['tell me a joke', ['fallback.scope']],
      ['whats the weather in paris', ['escalation.offer']],
    ],
  },
  // Endings and the menu.
  {
    name: 'a journey ends with anything else, and no thanks ends the conversation',
    lang: 'fr',
    turns: [
      [{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']],
      [{ press: 'twoFactor.enable' }, ['twoFactor.enableSteps', 'journey.anythingElse']],
      ['non merci', ['goodbye.text']],
    ],
  },
  {
    name: 'connected, anything else, no thanks',
    lang: 'en',
    turns: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      [{ press: 'connect.withLink' }, ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
      ['yep', ['connect.connected', 'journey.anythingElse']],
      ["no thanks that's all", ['goodbye.text']],
    ],
  },
  {
    name: 'MENU in capitals',
    lang: 'en',
    turns: [['MENU', ['menu.text']]],
  },
  {
    name: 'retour au menu',
    lang: 'fr',
    turns: [
      ['comment changer mon rib ?', [answer('fr', 'update-banking-info'), 'faq.helpfulQuestion']],
      ['retour au menu', ['menu.text']],
    ],
  },
  {
    name: 'main menu please',
    lang: 'en',
    turns: [
      ['hey', ['greeting.text']],
      ['main menu pls', ['menu.text']],
    ],
  },
  // Questions in passing, from the issue.
  {
    name: 'who pays me, asked at the e-mail question',
    lang: 'fr',
    turns: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      [{ press: 'connect.withoutLink' }, ['connect.withoutLinkExplained', 'journey.askLoginEmail']],
      ['au fait, qui me paie, coupa ou mon client ?', [answer('fr', 'who-pays-me'), 'journey.resume', 'journey.askLoginEmail']],
      [EMAIL, ['journey.askCustomerName']],
      ['Globex', ['journey.messageForCustomer', /Globex/, 'journey.anythingElse']],
    ],
  },
  {
    name: 'how to turn on 2FA, asked at a yes/no question',
    lang: 'en',
    turns: [
      [{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']],
      [{ press: 'twoFactor.disable' }, ['twoFactor.disableWarning']],
      ['wait, how do i turn on 2fa?', [answer('en', '2fa-enable'), 'journey.resume', 'twoFactor.disableWarning']],
      ['no', ['twoFactor.keptEnabled', 'journey.anythingElse']],
    ],
  },
  {
    name: 'premium support explained at the 2FA warning',
    lang: 'fr',
    turns: [
      [{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']],
      [{ press: 'twoFactor.disable' }, ['twoFactor.disableWarning']],
      ["attends, c quoi l'assistance premium ?", [answer('fr', 'premium-support'), 'journey.resume', 'twoFactor.disableWarning']],
      ['oui', ['twoFactor.disableSteps', 'journey.anythingElse']],
    ],
  },
  {
    name: 'a person asked for at the customer name never becomes the name',
    lang: 'en',
    turns: [
      [{ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']],
      [EMAIL, ['missingTab.askInvitedEmail']],
      ['contact@acme-supplies.fr', [['missingTab.mismatch', { signup: EMAIL }], 'journey.askCustomerName']],
      ['actually I want to talk to a human', ['escalation.intro', 'escalation.askSummary']],
    ],
  },
  {
    name: 'a new problem in the middle of a journey',
    lang: 'fr',
    turns: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      ["jai un probleme de 2fa", ['twoFactor.askGoal']],
      [{ press: 'twoFactor.enable' }, ['twoFactor.enableSteps', 'journey.anythingElse']],
    ],
  },
  // Yes or no in words to the question just asked.
  {
    name: 'yes in words to the Premium offer starts it without the pitch again',
    lang: 'en',
    turns: [
      ['asdf', ['faq.rephrase']],
      ['qwerty', ['fallback.scope']],
      ['zxcv', ['escalation.offer']],
      ['yes please', ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'non to the Premium offer: no request sent',
    lang: 'fr',
    turns: [
      ['blabla', ['faq.rephrase']],
      ['truc', ['fallback.scope']],
      ['machin', ['escalation.offer']],
      ['non', ['escalation.declined']],
    ],
  },
  {
    name: 'oui to anything else after a journey: asked for the question',
    lang: 'fr',
    turns: [
      [{ press: 'menu.twoFactor' }, ['twoFactor.askGoal']],
      [{ press: 'twoFactor.enable' }, ['twoFactor.enableSteps', 'journey.anythingElse']],
      ['oui', ['askQuestion.prompt']],
    ],
  },
  {
    name: 'thanks, then nope to anything else',
    lang: 'en',
    turns: [
      ['thanks', ['thanks.text']],
      ['nope', ['goodbye.text']],
    ],
  },
  {
    name: 'what can you do, who are you',
    lang: 'en',
    turns: [
      ['what can you do?', ['help.text']],
      ['are you a robot', ['help.text']],
    ],
  },
  {
    name: 'tu sers a quoi',
    lang: 'fr',
    turns: [["tu sers à quoi ?", ['help.text']]],
  },
];

describe('conversations with suppliers', () => {
  it('has at least 40 of them', () => {
    expect(SCRIPTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(SCRIPTS.map((script) => [`${script.lang}: ${script.name}`, script] as const))('%s', async (_name, script) => {
    await play(script);
  });
});
