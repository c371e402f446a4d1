import type { SynonymGroup } from '../schema';
import { foldAccents, tokenize } from './normalize';

/** A synonym phrase found in a text: which words it spans and the concept it stands for. */
export interface ConceptMatch {
  readonly start: number;
  readonly length: number;
  /** The concept as an index term, e.g. "#purchase-order"; never stemmed. */
  readonly term: string;
}

/**
 * The domain lexicon: terms of both languages grouped by concept
 * ("bc", "bon de commande", "purchase order" → #purchase-order), so that a query
 * and an entry that use different words, or different languages, still meet.
 */
export class SynonymLexicon {
  private readonly conceptOf = new Map<string, string>();
  /** The words phrases begin with: from any other word, no phrase needs to be looked up. */
  private readonly firstWords = new Set<string>();
  private readonly longest: number;
  /** Every word of every term, for typo correction: "tuotriels" should find "tutoriels". */
  readonly words = new Set<string>();

  constructor(groups: readonly SynonymGroup[]) {
    let longest = 1;
    for (const group of groups) {
      for (const term of group.terms) {
        const words = tokenize(foldAccents(term)).map(foldAccents);
        if (words.length === 0) continue;
        longest = Math.max(longest, words.length);
        this.conceptOf.set(words.join(' '), `#${group.concept}`);
        this.firstWords.add(words[0]!);
        for (const word of words) this.words.add(word);
      }
    }
    this.longest = longest;
  }

  /** Every term as its folded words joined by single spaces, with its concept ("bon de commande", "#purchase-order"). */
  terms(): IterableIterator<[string, string]> {
    return this.conceptOf.entries();
  }

  /** Finds concept phrases in a sequence of folded words, longest phrase first, left to right. */
  match(words: readonly string[]): ConceptMatch[] {
    const found: ConceptMatch[] = [];
    let start = 0;
    while (start < words.length) {
      const word = words[start]!;
      // (A "word" holding a space could still begin a phrase: only tokenized words are skipped.)
      if (!this.firstWords.has(word) && !word.includes(' ')) {
        start++;
        continue;
      }
      let matched = false;
      for (let length = Math.min(this.longest, words.length - start); length > 0; length--) {
        const term = this.conceptOf.get(words.slice(start, start + length).join(' '));
        if (term) {
          found.push({ start, length, term });
          start += length;
          matched = true;
          break;
        }
      }
      if (!matched) start++;
    }
    return found;
  }
}
