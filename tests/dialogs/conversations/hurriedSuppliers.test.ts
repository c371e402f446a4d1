import { answer, play, question, type Script } from './script';

/**
 * Suppliers in a hurry: chat spellings and typos ("jai pa longlet admin", "sa marche tjr pas",
 * "je veu un humain"), a topic switched at a journey's prompt, and short endings. Each turn lists
 * every message the bot sends.
 */
const DRAFT = /\n/;

const SCRIPTS: readonly Script[] = [
  {
    name: 'jai pa longlet admin, then je veu un humain at the next question',
    lang: 'fr',
    turns: [
      ['jai pa longlet admin', ['roleAccess.askGoal']],
      ['je veu un humain', ['escalation.intro', 'escalation.askSummary']],
    ],
  },
  {
    name: 'sa marche pa after an answer, then tjrs pas',
    lang: 'fr',
    turns: [
      ['comment ajouter un employe', [answer('fr', 'add-employee'), 'faq.helpfulQuestion']],
      ['sa marche pa', ['repair.walkThrough', 'roleAccess.askAdminTab']],
      ['tjrs pas', ['repair.premium']],
      ['oui', ['escalation.introShort', 'escalation.askSummary']],
    ],
  },
  {
    name: 'a question about the RIB in the middle of connecting, then nn merci',
    lang: 'fr',
    turns: [
      ['jarrive pas a me connecter a mon client', ['connect.askSituation']],
      ['attend, comment on change son rib ?', [answer('fr', 'update-banking-info'), 'journey.resume', 'connect.askSituation']],
      ['avec le lien', ['connect.linkedAutomatically', 'connect.askSeesCustomer']],
      ['nn je le vois pas', ['connect.notListed', 'journey.anythingElse']],
      ['nn merci', ['goodbye.text']],
    ],
  },
  {
    name: 'chui bloqué avec la double auth, asks who pays him mid-way, merci bcp',
    lang: 'fr',
    turns: [
      ['chui bloqué avec la double auth', ['twoFactor.askGoal']],
      ['desactiver', ['twoFactor.disableWarning']],
      ['au fait qui me paie coupa ou mon client ?', [answer('fr', 'who-pays-me'), 'journey.resume', 'twoFactor.disableWarning']],
      ['oui', ['twoFactor.disableSteps', 'journey.anythingElse']],
      ['merci bcp', ['thanks.text']],
    ],
  },
  {
    name: 'je vois pa longlet de mon client, jsai pas mon mail',
    lang: 'fr',
    turns: [
      ['je vois pa longlet de mon client', ['missingTab.intro', 'missingTab.askSignupEmail']],
      ['jsai pas mon mail', ['email.retry']],
      ['marie@acme.fr', ['missingTab.askInvitedEmail']],
      ['jsai pas son mail', [['missingTab.unknownInvited', { signup: 'marie@acme.fr' }], 'journey.askCustomerName']],
      ['Globex', ['journey.messageForCustomer', DRAFT, 'journey.anythingElse']],
    ],
  },
  {
    name: 'vs pouvez m aider pr mes factures, then no Admin tab',
    lang: 'fr',
    turns: [
      ['vs pouvez m aider pr mes factures jarrive pa a les voir', ['roleAccess.askAdminTab']],
      ['jai pa longlet admin', ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
      ['marie@acme.fr', ['journey.askCustomerName']],
      ['Globex', ['journey.messageForAdmin', DRAFT, 'journey.anythingElse']],
    ],
  },
  {
    name: 'pb de 2fa, then someone real',
    lang: 'fr',
    turns: [
      ['pb de 2fa', ['twoFactor.askGoal']],
      ['je veux parler a qqn de reel', ['escalation.intro', 'escalation.askSummary']],
    ],
  },
  {
    name: 'slt, aide moi stp, menu stp',
    lang: 'fr',
    turns: [
      ['slt', ['greeting.text']],
      ['aide moi stp', ['help.text']],
      ['menu stp', ['menu.text']],
    ],
  },
  {
    name: 'c bon ca marche merci after an answer, then non c tout',
    lang: 'fr',
    turns: [
      ['comment ajouter un employe', [answer('fr', 'add-employee'), 'faq.helpfulQuestion']],
      ['c bon ca marche merci', ['faq.feedbackThanks']],
      ['non c tout', ['goodbye.text']],
    ],
  },
  {
    name: 'my 2fa is broken, who pays me in passing, nope at the end',
    lang: 'en',
    turns: [
      ['my 2fa is broken', ['twoFactor.askGoal']],
      ['wait who pays me, coupa or my customer?', [answer('en', 'who-pays-me'), 'journey.resume', 'twoFactor.askGoal']],
      ['disable', ['twoFactor.disableWarning']],
      ['yes', ['twoFactor.disableSteps', 'journey.anythingElse']],
      ['nope', ['goodbye.text']],
    ],
  },
  {
    name: 'cant access invoices, no admin, get me a human pls',
    lang: 'en',
    turns: [
      ['i cant access invoices', ['roleAccess.askAdminTab']],
      ['i dont have admin', ['roleAccess.noAdminDocuments', 'journey.askLoginEmail']],
      ['get me a human pls', ['escalation.intro', 'escalation.askSummary']],
      ['cant see invoices', ['escalation.askEmail']],
    ],
  },
  {
    name: 'nvm at a prompt, then thx',
    lang: 'en',
    turns: [
      [{ press: 'menu.connectCustomer' }, ['connect.askSituation']],
      ['nvm', ['cancel.done']],
      ['thx', ['thanks.text']],
    ],
  },
  {
    name: 'bank details asked at the e-mail question, idk at the name',
    lang: 'en',
    turns: [
      ['how do i connect to my new customer', ['connect.askSituation']],
      ['new customer', ['connect.newCustomerExplained', 'journey.askLoginEmail']],
      ['how do i change my bank details?', [answer('en', 'update-banking-info'), 'journey.resume', 'journey.askLoginEmail']],
      ['bob@acme.com', ['journey.askCustomerName']],
      ['idk', ['journey.customerNameRetry']],
      ['Initech', ['journey.messageForCustomer', DRAFT, 'journey.anythingElse']],
    ],
  },
  {
    name: 'yes to the one entry offered answers it',
    lang: 'en',
    turns: [
      ['wait actualy how do i add an employe?', [['faq.didYouMeanOne', { first: question('en', 'add-employee') }]]],
      ['yes', [answer('en', 'add-employee'), 'faq.helpfulQuestion']],
    ],
  },
  {
    name: 'non to the entries offered is none of these',
    lang: 'fr',
    turns: [
      ['comment activer la 2fa', [answer('fr', '2fa-enable'), 'faq.helpfulQuestion']],
      ['ok', ['faq.feedbackThanks']],
      ['et pour la désactiver ?', [/Comment désactiver l'authentification à deux facteurs/]],
      ['non', ['faq.rephraseOther']],
    ],
  },
  {
    // The choices are buttons, never a numbered list: "un" or "deux" in a sentence is no option's
    // number. botbuilder read "un employé" as "1", i.e. "Oui".
    name: 'un employé mentioned at "do you see the Admin tab?" is not read as option 1',
    lang: 'fr',
    turns: [
      ['comment ajouter un employe', [answer('fr', 'add-employee'), 'faq.helpfulQuestion']],
      ['sa marche pa', ['repair.walkThrough', 'roleAccess.askAdminTab']],
      ["un employé m'a dit de regarder", ['choice.retry']],
    ],
  },
];

describe('suppliers in a hurry', () => {
  it.each(SCRIPTS.map((script) => [`${script.lang}: ${script.name}`, script] as const))('%s', async (_name, script) => {
    await play(script);
  });
});
