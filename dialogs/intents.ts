import type { JourneyId, Language } from '../knowledge';
import { normalizeUtterance } from './text';

/**
 * The rules that run before the FAQ search. Phrases are compared in normalized form
 * (lower case, no accents); they recognise what users type, they are never shown.
 */

/** What can interrupt any dialog, mid-journey included. */
export type Interruption =
  | { readonly kind: 'help' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'restart' }
  | { readonly kind: 'menu' }
  | { readonly kind: 'language'; readonly language: Language };

const HELP =
  /^(help|aide|a l'aide|au secours|help me|aidez-moi|aide-moi|\?|what can you do( for me)?|what do you do|who are you|what are you|are you a (bot|robot)|que (peux-tu|pouvez-vous|peux tu|pouvez vous) faire|qu'est-ce que (tu peux|vous pouvez) faire|tu sers a quoi|vous servez a quoi|qui es-tu|qui etes-vous|qui es tu|qui etes vous|t'es qui|tu es un robot|vous etes un robot|aide moi|aidez moi)( (please|pls|svp|stp|s'il vous plait|s'il te plait))?$/;
const CANCEL = /^(cancel|annuler|annule|stop|arreter|arrete|quit|quitter|abandonner|never mind|nevermind|nvm|forget it|laisse tomber|oublie|oublie ca|oubliez|oubliez ca)$/;
const RESTART = /^(restart|recommencer|recommence|start over|reset|reinitialiser|on recommence)$/;
const MENU =
  /^(show (me )?(the )?|back to (the )?|go back to (the )?|retour (au|a) |revenir au |afficher le |voir le |le |the |main |open (the )?)?menu( principal| please| pls| svp| stp| s il vous plait)?$/;
const TO_ENGLISH =
  /^((in|en) )?(english|anglais)( (please|svp|s'il vous plait|s'il te plait))?$|^(can you |could you |please )?(speak|reply|answer|talk|write|continue|switch to) (in )?english( please)?$|^(parlez|parle|repondez|ecrivez|passez|passer) (en )?anglais( (svp|s'il vous plait))?$/;
const TO_FRENCH =
  /^((in|en) )?(french|francais)( (please|svp|s'il vous plait|s'il te plait))?$|^(can you |could you |please )?(speak|reply|answer|talk|write|continue|switch to) (in )?french( please)?$|^(parlez|parle|repondez|ecrivez|passez|passer|continuez|continuer) (en )?francais( (svp|s'il vous plait))?$/;

/** Recognises a help, cancel, restart, menu or language-switch request; the whole message must be one. */
export function recognizeInterruption(text: string): Interruption | undefined {
  const said = normalizeUtterance(text);
  if (HELP.test(said)) return { kind: 'help' };
  if (CANCEL.test(said)) return { kind: 'cancel' };
  if (RESTART.test(said)) return { kind: 'restart' };
  if (MENU.test(said)) return { kind: 'menu' };
  if (TO_ENGLISH.test(said)) return { kind: 'language', language: 'en' };
  if (TO_FRENCH.test(said)) return { kind: 'language', language: 'fr' };
  return undefined;
}

/**
 * Who a user asks for when they want a person (Premium support), in the words people use:
 * "quelqu'un", "un conseiller", "a real person"… Matched on `wordsOnly` text, where apostrophes
 * and hyphens are spaces, so "quelqu'un", "quelqu un" and "quelqu’un" read alike.
 */
const SOMEONE = '(quelqu un|quelquun|quelqun|qqn|qq1|someone|somebody|anyone|anybody)';
const PERSON_NOUN =
  '(conseiller|conseillere|agent|humain|etre humain|human|human being|personne|person|advisor|adviser|expert|operateur|operatrice|operator|representative|technicien|technician)';
const DETERMINER = '(un |une |a |an |the |le |la |l |un vrai |une vraie |un veritable |une veritable |a real |an actual |a live |real |live |vrai |vraie )';
const PERSON = `${DETERMINER}?${PERSON_NOUN}\\b`;
const WHO = `(${SOMEONE}\\b|${PERSON})`;
const POLITE = '( (please|pls|svp|stp|s il vous plait|s il te plait))?';
const ASK_FOR_PERSON = new RegExp(
  [
    // The whole message: "agent", "un conseiller svp", "real person", "premium".
    `^(${DETERMINER}?(conseiller|conseillere|agent|humain|human|advisor|adviser|operator|operateur|representative)|${DETERMINER}(person|personne)|premium|support)${POLITE}$`,
    // "(je veux) parler à quelqu'un", "être mis en relation avec un conseiller", "j'ai besoin d'un humain".
    `\\b(parler|discuter|echanger) (a|avec) ${WHO}`,
    `\\b(mis|mise|mettre|mettez moi|mets moi|me mettre) en (relation|contact) avec ${WHO}`,
    `\\b(contacter|joindre|appeler) ${WHO}`,
    // Wanting "someone" is often wanting someone to do something ("I need someone to approve…"): a person by name only.
    `\\b(je veux|jveux|j veux|je voudrais|j aimerais|je souhaite|je souhaiterais|il me faut|besoin d|passez moi|passe moi) ${PERSON}`,
    // "est-ce que quelqu'un peut m'aider ?", "can somebody help me": someone to help, not someone to do a task.
    `\\b${SOMEONE} (peut|pourrait|pour|can|could|to) (m aider|me aider|help)\\b|\\b(can|could) ${SOMEONE} help\\b`,
    // "talk to a human", "connect me with an agent", "I want a real person".
    `\\b(talk|speak|chat) (to|with) ${WHO}`,
    `\\b(connect|put|transfer) me (to|with|through to) ${WHO}`,
    `\\b(i want|i need|i d like|i would like|get me|give me|can i have|can i get) ${PERSON}`,
    '(assistance|support) premium|premium (support|assistance)|passer (au|a l assistance) premium|upgrade to premium',
  ].join('|'),
);
/** A question about Premium support ("c'est quoi l'assistance premium ?") is for the FAQ, not a request for it. */
const ASKS_ABOUT = /^((attends|wait|au fait|en fait|btw|by the way|actually|sinon) )*(c est quoi|c quoi|qu est ce que|qu est ce qu|what is|what s|whats|how much|combien|how does|comment fonctionne)\b/;
/** Someone at Coupa itself: the FAQ's contact entry answers that ("parler à quelqu'un de chez Coupa"), not Premium support. */
const AT_COUPA = /\bcoupa\b/;

/** `normalizeUtterance`, then apostrophes and hyphens as spaces: "quelqu'un" → "quelqu un", "est-ce" → "est ce". */
function wordsOnly(text: string): string {
  return normalizeUtterance(text).replace(/['-]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The user asks for a person (Premium support). */
export function asksForPerson(text: string): boolean {
  const said = wordsOnly(text);
  if (AT_COUPA.test(said) && !said.includes('premium')) return false;
  if (ASKS_ABOUT.test(said.replace(/,/g, ''))) return false;
  return ASK_FOR_PERSON.test(said);
}

const WITHDRAW =
  /^(annuler|retirer|supprimer|abandonner) (ma|la) demande|^(cancel|withdraw|drop) (my|the) (request|ticket)|^(annuler|fermer) (mon|le) ticket/;

/** The user withdraws their Premium support request ("annuler ma demande"). */
export function asksToWithdraw(text: string): boolean {
  return WITHDRAW.test(normalizeUtterance(text));
}

const GREETING = /^(bonjour|bonsoir|salut|coucou|hello|hi|hey|good (morning|afternoon|evening)|bjr)( (a vous|there|assistant|le bot|bot))?$/;
const THANKS = /^(merci|merci beaucoup|merci bien|thanks|thank you|thanks a lot|thank you very much|thx|super merci|parfait merci|ok merci|great thanks)$/;

export function isGreeting(text: string): boolean {
  return GREETING.test(normalizeUtterance(text));
}

export function isThanks(text: string): boolean {
  return THANKS.test(normalizeUtterance(text));
}

const CUSTOMER = "(client|clients|customer|customers|acheteur|buyer|client's|customer's)";
const JOURNEY_TRIGGERS: ReadonlyArray<readonly [JourneyId, readonly RegExp[]]> = [
  [
    'missing-tab',
    [
      // Both words, in either order, as two scans: one pattern with ".*" between them re-read the
      // rest of the text from every "tab", quadratic (200 KB of "tab " took seconds).
      /\b(onglet|tab)\b/,
      new RegExp(`\\b${CUSTOMER}\\b`),
      /(vois pas|voit pas|manque|pas d'onglet|disparu|introuvable|trouve pas|can'?t see|cannot see|can not see|missing|no tab|disappeared|can'?t find|cannot find|don'?t see|not showing|where is)/,
    ],
  ],
  [
    'role-access',
    [
      /\b(factures?|bc|bons? de commande|po|pos|invoices?|purchase orders?|commandes?|orders?)\b/,
      /(peux pas|arrive pas|impossible|pas acces|pas d'acces|vois pas|trouve pas|trouve plus|can'?t|cannot|can not|unable|no access|don'?t see|not able)/,
    ],
  ],
  [
    'two-factor',
    [
      /\b(2fa|a2f|mfa|deux facteurs|two-factor|two factor|double authentification|double auth)\b/,
      /(probleme|problem|aide|help|bloque|stuck|trouble|guide|souci|issue|broken|not working|locked|blocked|marche pas|marche plus|fonctionne pas)/,
    ],
  ],
  [
    'connect-customer',
    [
      new RegExp(`(me connecter|se connecter|me relier|me lier|connect to|connect with|link to|linked to) (a |avec |to |with )?(mon |my |un |a |ma |le |the )?(nouveau |new )?${CUSTOMER}\\b`),
      /(comment|how|veux|want|aide|help|peux pas|arrive pas|can'?t|cannot|unable|impossible)/,
    ],
  ],
];

/** The journey a free-text problem statement starts ("je ne vois pas l'onglet de mon client"), if any. */
export function journeyTriggeredBy(text: string): JourneyId | undefined {
  const said = normalizeUtterance(text);
  return JOURNEY_TRIGGERS.find(([, patterns]) => patterns.every((pattern) => pattern.test(said)))?.[0];
}
