import { STRINGS } from '../../../dialogs';
import { answer, buttons, chat, question } from './script';

/** What the conversation remembers: the last answer, the last journey step, and what was tried. */
const EMAIL = 'marie.dupont@acme-supplies.fr';

describe('conversation memory', () => {
  it('lists the answer that did not work in the ticket (fr)', async () => {
    const { turn, gateway } = chat('fr');
    await turn('comment activer la 2fa ?', [answer('fr', '2fa-enable'), 'faq.helpfulQuestion']);
    const [offer] = await turn('ça marche toujours pas', ['repair.premium']);
    expect(buttons(offer)).toEqual([STRINGS.t('fr', 'menu.premium'), STRINGS.t('fr', 'menu.askQuestion')]);
    await turn({ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']);
    await turn('la 2fa ne marche pas', ['escalation.askEmail']);
    await turn(EMAIL, [/./]);
    await turn('oui', [/PS-000001/]);
    expect(gateway.tickets[0]!.tried).toEqual({ faqShown: ['2fa-enable'], journeySteps: ['2fa-enable: did not work'] });
  });

  it('lists the journey steps and that they did not work in the ticket (en)', async () => {
    const { turn, gateway } = chat('en');
    await turn({ press: 'menu.missingTab' }, ['missingTab.intro', 'missingTab.askSignupEmail']);
    await turn(EMAIL, ['missingTab.askInvitedEmail']);
    await turn('contact@acme-supplies.fr', [/./, 'journey.askCustomerName']);
    await turn('Globex', ['journey.messageForCustomer', /Globex/, 'journey.anythingElse']);
    await turn('still doesnt work', ['repair.premium']);
    await turn({ press: 'menu.premium' }, ['escalation.introShort', 'escalation.askSummary']);
    await turn('customer re-sent the invite, still no tab', ['escalation.askEmail']);
    await turn(EMAIL, [/./]);
    await turn('yes', [/PS-000001/]);
    expect(gateway.tickets[0]!.tried.journeySteps).toEqual([
      'missing-tab: started',
      'missing-tab: emails differ',
      'missing-tab: message to the customer prepared',
      'missing-tab: did not work',
    ]);
  });

  it('remembers an answer given in passing during a journey', async () => {
    const { turn, gateway } = chat('en');
    await turn({ press: 'menu.twoFactor' }, ['twoFactor.askGoal']);
    await turn('btw who pays me, coupa or my customer?', [answer('en', 'who-pays-me'), 'journey.resume', 'twoFactor.askGoal']);
    await turn('i want to talk to a human', ['escalation.intro', 'escalation.askSummary']);
    await turn('payment question', ['escalation.askEmail']);
    await turn(EMAIL, [/./]);
    await turn('yes', [/PS-000001/]);
    expect(gateway.tickets[0]!.tried).toEqual({ faqShown: ['who-pays-me'], journeySteps: ['two-factor: started'] });
  });

  it.each(['fr', 'en'] as const)('names a reference once when the answer already names it (%s)', async (lang) => {
    const { turn } = chat(lang);
    await turn(question(lang, 'csp-coupa-integration'), [{ exact: answerText(lang) }, 'faq.helpfulQuestion']);
  });

  it.each(['fr', 'en'] as const)('offers no walk-through that would repeat the answer just given (%s)', async (lang) => {
    const { turn } = chat(lang);
    const [, follow] = await turn(question(lang, '2fa-enable'), [answer(lang, '2fa-enable'), 'faq.helpfulQuestion']);
    expect(buttons(follow)).not.toContain(STRINGS.t(lang, 'faq.walkThrough'));
  });
});

function answerText(lang: 'fr' | 'en'): string {
  return lang === 'fr'
    ? "Pour plus d'informations sur l'intégration avec Coupa, voir **Fournisseurs**."
    : 'For more information about integrating with Coupa, see **Suppliers**.';
}
