import { ActivityTypes, type Activity } from 'botbuilder';
import { memoize } from '../knowledge/text/memo';

const MESSAGE: string = ActivityTypes.Message;

/** The text of a message activity, trimmed; '' for any other activity (a conversation update, an event). */
export function messageText(activity: Activity): string {
  if (activity.type !== MESSAGE) return '';
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- from the wire: a message may carry no text (an attachment alone)
  return (activity.text ?? '').trim();
}

/**
 * Words suppliers type in a hurry, as the recognisers' phrases spell them ("jai pa longlet admin",
 * "sa marche tjr pas", "je veu un humain"). Only words that mean nothing else in a support chat.
 */
const CHAT_SPELLING: ReadonlyMap<string, string> = new Map([
  ['tjr', 'toujours'],
  ['tjrs', 'toujours'],
  ['pa', 'pas'],
  ['koi', 'quoi'],
  ['jai', "j'ai"],
  ['jarrive', "j'arrive"],
  ['jsais', 'je sais'],
  ['jsai', 'je sais'],
  ['chui', 'je suis'],
  ['chuis', 'je suis'],
  ['jvois', 'je vois'],
  ['jtrouve', 'je trouve'],
  ['veu', 'veux'],
  ['bcp', 'beaucoup'],
  ['pr', 'pour'],
  ['nn', 'non'],
  ['pb', 'probleme'],
  ['longlet', "l'onglet"],
  ['slt', 'salut'],
  ['dsl', 'desole'],
  ['c', "c'est"],
]);

/** A whole word of lower-case letters, not part of "c'est" or "j'ai". */
const WORD = /(?<![\p{L}\p{N}'])[\p{L}\p{N}]+(?![\p{L}\p{N}'])/gu;

/** The text with chat spellings written out ("sa marche tjr pa" → "sa marche toujours pas"); case kept elsewhere. */
function spelledOut(text: string): string {
  return text.replace(WORD, (word) => CHAT_SPELLING.get(word.toLowerCase()) ?? word);
}

/**
 * Lower-cased, accent-free, single-spaced text with typographic apostrophes unified, chat
 * spellings written out and trailing punctuation dropped: the form in which user messages are
 * compared with phrases.
 */
export function normalizeUtterance(text: string): string {
  return withoutTrailingPunctuation(
    spelledOut(
      text
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[’‘`]/g, "'")
        .replace(/[«»"“”]/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

const TRAILING_PUNCTUATION = new Set([' ', '.', '!', '?', '…']);

/**
 * "merci !!!" → "merci", by walking back from the end. The regex it replaces, /[\s.!?…]+$/u,
 * was quadratic: on a long run of dots not at the end it started at every dot and read to the
 * end of the run (20,000 dots then "x": 0.8 s; 200,000: a hundred times that).
 */
function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/**
 * `normalizeUtterance` for the fixed texts a message is compared with (resource strings, FAQ
 * questions): every turn compares the message with dozens of them, and normalizing each again
 * showed in turn profiles. Memoized, bounded.
 */
export const normalizedPhrase = memoize(normalizeUtterance);

/** Whether a user message equals one of the given texts, once both are normalized. */
export function matchesAny(text: string, candidates: readonly string[]): boolean {
  const said = normalizeUtterance(text);
  return said.length > 0 && candidates.some((candidate) => normalizedPhrase(candidate) === said);
}
