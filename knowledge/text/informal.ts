import type { Abbreviations } from '../schema';
import { foldAccents } from './normalize';
import type { Word } from './normalize';

/** What the query's reader may ask of the knowledge base's words (accent-folded). */
export interface KnownWords {
  /** The word means something as it is: a stop or filler word, or a word of some entry. */
  isKnown(folded: string): boolean;
  /** The word says what a question is about: some entry or synonym uses it, and it is no stop word. */
  isTopic(folded: string): boolean;
}

/**
 * French articles and pronouns that lose their vowel before a vowel: l', d', j', m', n', s', c', qu'.
 * Not t' ("t'as"): chat rarely glues it, and "tout" would read as "t'out".
 */
const ELIDED = ['qu', 'l', 'd', 'j', 'm', 'n', 's', 'c'];
/** Elision happens before a vowel or a mute h; only "j" is glued to consonants too ("jvois"). */
const STARTS_WITH_VOWEL = /^[aeiouyh]/;

/** Letters held down: three or more of the same in a row ("heeelp", "svppp") are never spelling. */
const HELD_LETTER = /(\p{L})\1{2,}/gu;

/**
 * Reads a query written the way people chat: letters held down, SMS and chat spellings
 * ("pk", "thru", "cant"), and French elisions typed without their apostrophe ("longlet",
 * "jai", "jvois"). It works word by word, before synonyms and stop words, so what it
 * writes out is read like any other word; it never rewrites a word the knowledge base or
 * the stop-word lists know, so "demande" or "lance" are never split into "d"+"emande".
 */
export class InformalWriting {
  private readonly expansions = new Map<string, readonly string[]>();

  constructor(
    abbreviations: Abbreviations | undefined,
    private readonly vocabulary: KnownWords,
  ) {
    for (const table of [abbreviations?.fr ?? {}, abbreviations?.en ?? {}]) {
      for (const [short, expansion] of Object.entries(table)) this.expansions.set(short, expansion.split(' '));
    }
  }

  /** The words a query meant, in order. */
  rewrite(words: readonly Word[]): Word[] {
    return words.flatMap((word) => this.rewriteWord(word));
  }

  private rewriteWord(word: Word): Word[] {
    const folded = word.folded.replace(HELD_LETTER, '$1$1');
    const expansion = this.expansions.get(folded);
    if (expansion) return expansion.map(asWord);
    if (this.vocabulary.isKnown(folded)) return [{ raw: word.raw.replace(HELD_LETTER, '$1$1'), folded }];
    const unelided = this.unelide(folded);
    if (unelided) return unelided.map(asWord);
    // "heeelp" held to two letters is "heelp": one letter, as a typo, is the corrector's to mend.
    return [{ raw: word.raw.replace(HELD_LETTER, '$1$1'), folded }];
  }

  /**
   * "longlet" → "l onglet", "jvois" → "j vois": an elided article glued to a word. The word must
   * be one the knowledge base is about ("test" is not "t'est"), except after "j", which chat
   * glues to any verb ("jai", "jdois", "jen").
   */
  private unelide(folded: string): string[] | undefined {
    for (const article of ELIDED) {
      const rest = folded.slice(article.length);
      if (!folded.startsWith(article) || rest.length < 2) continue;
      if (article !== 'j' && !STARTS_WITH_VOWEL.test(rest)) continue;
      if (this.vocabulary.isTopic(rest) || (article === 'j' && this.vocabulary.isKnown(rest))) return [article, rest];
    }
    return undefined;
  }
}

function asWord(folded: string): Word {
  return { raw: folded, folded: foldAccents(folded) };
}
