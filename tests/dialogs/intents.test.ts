import { asksForPerson, asksToWithdraw, isGreeting, isThanks, journeyTriggeredBy, recognizeInterruption } from '../../dialogs/intents';

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

  it.each(['parler à un conseiller', 'agent', 'human', 'humain', 'premium', 'support', 'I want to talk to a real person', "Parler à l'assistance Premium"])(
    'hears a request for a person in "%s"',
    (text) => {
      expect(asksForPerson(text)).toBe(true);
    },
  );

  it.each(['numéro de téléphone du support Coupa', 'comment activer la 2FA', 'my agent code'])('hears no request for a person in "%s"', (text) => {
    expect(asksForPerson(text)).toBe(false);
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
    ['qui me paie ?', undefined],
    ['how do I enable 2fa', undefined],
  ])('routes "%s" to the journey %s', (text, journey) => {
    expect(journeyTriggeredBy(text)).toBe(journey);
  });
});
