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
  | { readonly kind: 'language'; readonly language: Language };

const HELP = /^(help|aide|a l'aide|au secours|help me|aidez-moi|aide-moi|\?)$/;
const CANCEL = /^(cancel|annuler|annule|stop|arreter|arrete|quit|quitter|abandonner)$/;
const RESTART = /^(restart|recommencer|recommence|start over|reset|reinitialiser|on recommence)$/;
const TO_ENGLISH =
  /^((in|en) )?(english|anglais)( (please|svp|s'il vous plait|s'il te plait))?$|^(can you |could you |please )?(speak|reply|answer|talk|write|continue|switch to) (in )?english( please)?$|^(parlez|parle|repondez|ecrivez|passez|passer) (en )?anglais( (svp|s'il vous plait))?$/;
const TO_FRENCH =
  /^((in|en) )?(french|francais)( (please|svp|s'il vous plait|s'il te plait))?$|^(can you |could you |please )?(speak|reply|answer|talk|write|continue|switch to) (in )?french( please)?$|^(parlez|parle|repondez|ecrivez|passez|passer|continuez|continuer) (en )?francais( (svp|s'il vous plait))?$/;

/** Recognises a help, cancel, restart or language-switch request; the whole message must be one. */
export function recognizeInterruption(text: string): Interruption | undefined {
  const said = normalizeUtterance(text);
  if (HELP.test(said)) return { kind: 'help' };
  if (CANCEL.test(said)) return { kind: 'cancel' };
  if (RESTART.test(said)) return { kind: 'restart' };
  if (TO_ENGLISH.test(said)) return { kind: 'language', language: 'en' };
  if (TO_FRENCH.test(said)) return { kind: 'language', language: 'fr' };
  return undefined;
}

const PERSON = "(un |une |a |an |a real |une vraie |un vrai |quelqu'un|someone|somebody)?(conseiller|conseillere|agent|humain|human|personne|person|advisor|adviser|expert|operateur|operator)";
const ASK_FOR_PERSON = new RegExp(
  `^(premium|support|agent|humain|human|conseiller|un agent|un humain|a human|an agent)( (please|svp|s'il vous plait))?$` +
    `|(parler|discuter|etre mis en relation|contacter|joindre|je veux|je voudrais) (a |avec )?${PERSON}` +
    `|(talk|speak|chat) (to|with) ${PERSON}|(i want|i need|i'd like|get me) ${PERSON}` +
    `|(assistance|support) premium|premium (support|assistance)|passer (au|a l'assistance) premium|upgrade to premium`,
);

/** The user asks for a person (Premium support). */
export function asksForPerson(text: string): boolean {
  return ASK_FOR_PERSON.test(normalizeUtterance(text));
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
      new RegExp(`(onglet|tab)\\b.*\\b${CUSTOMER}\\b|\\b${CUSTOMER}\\b.*\\b(onglet|tab)`),
      /(vois pas|voit pas|manque|pas d'onglet|disparu|introuvable|trouve pas|can't see|cannot see|can not see|missing|no tab|disappeared|can't find|cannot find|don't see|not showing|where is)/,
    ],
  ],
  [
    'role-access',
    [
      /\b(factures?|bc|bons? de commande|po|pos|invoices?|purchase orders?|commandes?|orders?)\b/,
      /(ne peux pas|n'arrive pas|impossible|pas acces|pas d'acces|ne vois pas|can't|cannot|can not|unable|no access|don't see|not able)/,
    ],
  ],
  [
    'two-factor',
    [
      /\b(2fa|a2f|mfa|deux facteurs|two-factor|two factor|double authentification|double auth)\b/,
      /(probleme|problem|aide|help|bloque|stuck|trouble|guide|souci|issue)/,
    ],
  ],
  [
    'connect-customer',
    [
      new RegExp(`(me connecter|se connecter|me relier|me lier|connect to|connect with|link to|linked to) (a |avec |to |with )?(mon |my |un |a |ma |le |the )?(nouveau |new )?${CUSTOMER}\\b`),
      /(comment|how|veux|want|aide|help|ne peux|n'arrive|can't|cannot|unable|impossible)/,
    ],
  ],
];

/** The journey a free-text problem statement starts ("je ne vois pas l'onglet de mon client"), if any. */
export function journeyTriggeredBy(text: string): JourneyId | undefined {
  const said = normalizeUtterance(text);
  return JOURNEY_TRIGGERS.find(([, patterns]) => patterns.every((pattern) => pattern.test(said)))?.[0];
}
