import { lacksAdminTab, saysDontKnow, saysItFailed } from '../../dialogs/followUpIntents';
import { asksForPerson, asksToWithdraw, isGreeting, isThanks, journeyTriggeredBy, recognizeInterruption } from '../../dialogs/intents';
import { normalizeUtterance } from '../../dialogs/text';

describe('intents', () => {
  describe('recognizeInterruption', () => {
    it.each([
      ['aide', { kind: 'help' }],
      ['Help!', { kind: 'help' }],
      ['annuler', { kind: 'cancel' }],
      ['Cancel', { kind: 'cancel' }],
      ['recommencer', { kind: 'restart' }],
      ['start over', { kind: 'restart' }],
      ['in English please', { kind: 'language', language: 'en' }],
      ['English', { kind: 'language', language: 'en' }],
      ['parlez anglais svp', { kind: 'language', language: 'en' }],
      ['en français', { kind: 'language', language: 'fr' }],
      ['En Francais SVP', { kind: 'language', language: 'fr' }],
      ['can you speak French please?', { kind: 'language', language: 'fr' }],
    ])('recognises "%s"', (text, expected) => {
      expect(recognizeInterruption(text)).toEqual(expected);
    });

    it.each(["j'ai besoin d'aide pour la 2FA", 'how do I cancel an invoice', 'le français est ma langue', 'annuler ma demande'])(
      'leaves a sentence that merely contains the word alone: "%s"',
      (text) => {
        expect(recognizeInterruption(text)).toBeUndefined();
      },
    );
  });

  describe('asksForPerson', () => {
    // Issue 13: "je veux parler à quelqu'un", the README's own example, got a "did you mean".
    it.each([
      // French, with and without accents and apostrophes
      "je veux parler à quelqu'un",
      'je veux parler a quelqu un',
      'je veux parler à quelqu’un',
      'Je voudrais parler à quelquun svp',
      "est-ce que je peux parler à quelqu'un ?",
      'parler à un humain',
      'parler a un humain',
      'parler à un être humain',
      'un conseiller',
      'un conseiller svp',
      'conseiller',
      'humain',
      'un humain stp',
      'je veux un conseiller',
      "j'aimerais parler à un conseiller",
      'j aimerais parler a une vraie personne',
      "j'ai besoin d'un humain",
      'puis-je discuter avec un agent ?',
      'mettez-moi en relation avec un conseiller',
      'je souhaite être mis en relation avec une personne',
      'passez-moi un conseiller',
      'contacter un conseiller',
      'parler à un conseiller',
      "Parler à l'assistance Premium",
      'premium',
      'support',
      // English
      'talk to a human',
      'speak to someone',
      'real person',
      'agent please',
      'agent',
      'human',
      'a real person please',
      'live agent',
      'Can I speak to someone?',
      "I'd like to talk to somebody",
      'let me talk to a person',
      'I need to speak with a human',
      'connect me with an agent',
      'get me a human',
      'I want a human',
      'I want to talk to a real person',
      'speak to a representative',
      'Premium support please',
    ])('hears a request for a person in "%s"', (text) => {
      expect(asksForPerson(text)).toBe(true);
    });

    it.each([
      'numéro de téléphone du support Coupa',
      // Someone at Coupa: the FAQ's contact entry answers (its own phrasings).
      "parler à quelqu'un de chez Coupa",
      'talk to someone at Coupa',
      'comment activer la 2FA',
      'my agent code',
      'comment ajouter une personne à mon compte',
      'how do I add a person to my account',
      'personne ne répond',
      "quelqu'un a modifié mes coordonnées bancaires",
      'someone changed my password',
      'I need someone to approve my invoice',
      'I talked to someone yesterday about my invoice',
      'how do I speak to my customer',
    ])('hears no request for a person in "%s"', (text) => {
      expect(asksForPerson(text)).toBe(false);
    });
  });

  it.each(['annuler ma demande', 'Cancel my request', 'withdraw my request'])('hears a withdrawal in "%s"', (text) => {
    expect(asksToWithdraw(text)).toBe(true);
  });

  it('tells greetings and thanks', () => {
    expect(['Bonjour', 'hello!', 'salut'].every(isGreeting)).toBe(true);
    expect(['merci !', 'Thank you', 'thanks a lot'].every(isThanks)).toBe(true);
    expect(isGreeting('bonjour, comment activer la 2FA ?')).toBe(false);
  });

  it.each([
    ["je ne vois pas l'onglet de mon client", 'missing-tab'],
    ['Customer tab missing', 'missing-tab'],
    ["I can't open invoices", 'role-access'],
    ['impossible de voir mes bons de commande', 'role-access'],
    ['problème avec la 2FA', 'two-factor'],
    ['how do I connect to my customer', 'connect-customer'],
    ['je vois pa longlet de mon client', 'missing-tab'],
    ['je trouve pas mes bc', 'role-access'],
    ['pb de 2fa', 'two-factor'],
    ['my 2fa is broken', 'two-factor'],
    ['kebab client introuvable', undefined],
    ['qui me paie ?', undefined],
    ['how do I enable 2fa', undefined],
  ])('routes "%s" to the journey %s', (text, journey) => {
    expect(journeyTriggeredBy(text)).toBe(journey);
  });

  describe('chat spellings', () => {
    it('writes out whole words only, never part of one', () => {
      expect(normalizeUtterance("jai pa longlet, c koi ?")).toBe("j'ai pas l'onglet, c'est quoi");
      expect(normalizeUtterance("c'est pas ça, papa")).toBe("c'est pas ca, papa");
    });

    it.each([
      ['jai pa longlet admin', lacksAdminTab],
      ['sa marche tjr pas', saysItFailed],
      ['tjrs pas', saysItFailed],
      ['jsai pas son mail', saysDontKnow],
      ['je veu un humain', asksForPerson],
      ['merci bcp', isThanks],
      ['slt', isGreeting],
    ] as const)('reads "%s"', (text, recogniser) => {
      expect(recogniser(text)).toBe(true);
    });

    it.each([
      ['aide moi stp', { kind: 'help' }],
      ['nvm', { kind: 'cancel' }],
      ['laisse tomber', { kind: 'cancel' }],
    ])('recognises the command "%s"', (text, expected) => {
      expect(recognizeInterruption(text)).toEqual(expected);
    });
  });
});
