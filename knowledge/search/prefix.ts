import { LANGUAGES } from '../schema';
import { wordKeys } from '../text/analyzer';
import { normalize, toWords } from '../text/normalize';
import type { SynonymLexicon } from '../text/synonyms';
import { CompletionIndex, type Completion } from './completions';
import { askedTexts, type Corpus } from './corpus';
import type { QueryAnalysis } from './queryAnalysis';
import type { AnalyzedQuery, WeightedUnit } from './types';

/**
 * Letters needed before a word in progress is guessed at: a single letter says too little ("f"
 * begins a tenth of a vocabulary); after other words, two letters guess wrong more often than
 * they help (measured on the tuning part of the generalisation set).
 */
const MIN_PREFIX_FIRST_WORD = 2;
const MIN_PREFIX_LATER_WORD = 3;
/** How many completions a word in progress matches. */
const COMPLETIONS = 8;
/**
 * What the completions other than the likeliest are worth, relative to it. The likeliest
 * completion of "fac" stays the likeliest of "fact" and "factu" for as long as it still fits,
 * so results led by it don't flip as letters are added; the others keep their entries in the list.
 */
const OTHER_COMPLETIONS_SHARE = 0.25;
/**
 * What a guessed word weighs, relative to the same word typed in full: a guess should order the
 * entries the finished words found, not overturn them (a full weight made the right entry settle
 * later: median at 65% of the query's length against 39% with a quarter, tuning part).
 */
const GUESS_WEIGHT = 0.25;
/** A word in progress that is already a word carrying no topic ("mon", "how") is most likely just that. */
const NOISE_GUESS_WEIGHT = 0.25;

/** A query typed so far, read for an as-you-type lookup. */
export interface PrefixQuery {
  readonly query: AnalyzedQuery;
  /**
   * The words typed before the one in progress, when the text ends inside a word. An answer is
   * confident only if it holds on these alone, whatever the word in progress turns out to be.
   */
  readonly completed?: string;
  /** The vocabulary words (or phrases) the word in progress was read as, likeliest first. */
  readonly completions?: readonly string[];
  /** The word in progress, folded, when it was read as the vocabulary words it begins. */
  readonly inProgress?: string;
  /** The word in progress is too short to guess at: it may still become any word. */
  readonly tooShortToGuess?: boolean;
}

/**
 * Query analysis for partial input (`mode: 'prefix'`): the word being typed, or the synonym
 * phrase it ends ("bon de com"), matches the vocabulary words and phrases it begins, through
 * `CompletionIndex`; the words before it are read as a full query is.
 */
export class PrefixAnalysis {
  private readonly words: CompletionIndex;
  private readonly phrases: CompletionIndex;
  private readonly longestPhrase: number;

  constructor(
    private readonly corpus: Corpus,
    lexicon: SynonymLexicon,
    private readonly analysis: QueryAnalysis,
  ) {
    const asked = askedCounts(corpus);
    const keysOf = new Map<string, readonly string[]>();
    for (const word of new Set([...corpus.words.fr, ...corpus.words.en])) {
      if (this.isNoise(word)) continue;
      keysOf.set(word, this.known([...lexicon.match([word]).map((match) => match.term), ...wordKeys(word)]));
    }
    const phrasesOf = new Map<string, readonly string[]>();
    let longest = 1;
    for (const [phrase, concept] of lexicon.terms()) {
      const length = phrase.split(' ').length;
      longest = Math.max(longest, length);
      if (length > 1) phrasesOf.set(phrase, this.known([concept]));
      else keysOf.set(phrase, this.known([...(keysOf.get(phrase) ?? []), concept]));
    }
    // How often each key is asked about: the questions and phrasings using a word that stands for it.
    const keyAsked = new Map<string, number>();
    for (const [word, keys] of keysOf) for (const key of keys) keyAsked.set(key, (keyAsked.get(key) ?? 0) + (asked.get(word) ?? 0));
    // Then how often the word itself is used, as a tie-break among words of the same key (a share below 1).
    let mostAsked = 0;
    for (const count of asked.values()) mostAsked = Math.max(mostAsked, count);
    const likelihood = (text: string, keys: readonly string[]) =>
      Math.max(0, ...keys.map((key) => keyAsked.get(key) ?? 0)) + (asked.get(text) ?? 0) / (mostAsked + 1);
    const completions = (of: Map<string, readonly string[]>) =>
      [...of].filter(([, keys]) => keys.length > 0).map(([text, keys]): Completion => ({ text, keys, score: likelihood(text, keys) }));
    const words = completions(keysOf);
    const phrases = completions(phrasesOf).map((phrase) => ({ ...phrase, score: this.entriesHolding(phrase.keys) }));
    this.words = new CompletionIndex(words);
    this.phrases = new CompletionIndex(phrases);
    this.longestPhrase = longest;
  }

  /** Vocabulary words and phrases held by the index; for tests and benchmarks. */
  get size(): number {
    return this.words.length + this.phrases.length;
  }

  analyze(text: string): PrefixQuery {
    const typed = toWords(text);
    const words = typed.map((word) => word.folded);
    // The words before the one in progress, as typed (accents tell stop words and languages apart).
    const upTo = (count: number) => typed.slice(0, count).map((word) => word.raw);
    if (words.length === 0 || !/[\p{L}\p{N}]$/u.test(normalize(text))) return { query: this.analysis.analyze(text) };
    const inProgress = words[words.length - 1]!;
    for (let length = Math.min(this.longestPhrase, words.length); length >= 2; length--) {
      const tail = words.slice(words.length - length).join(' ');
      const found = this.phrases.best(tail, COMPLETIONS);
      if (found.length > 0) return this.withCompletions(text, upTo(words.length - length), found);
    }
    const before = upTo(words.length - 1);
    const minPrefix = before.length === 0 ? MIN_PREFIX_FIRST_WORD : MIN_PREFIX_LATER_WORD;
    const completed = before.join(' ');
    if (inProgress.length < minPrefix) {
      return { query: { text, units: this.analysis.analyze(completed).units }, completed, tooShortToGuess: true };
    }
    const found = this.words.best(inProgress, COMPLETIONS);
    if (found.length > 0) {
      return { ...this.withCompletions(text, before, found, this.isNoise(inProgress) ? NOISE_GUESS_WEIGHT : 1), inProgress };
    }
    // Nothing begins so: a typo or a word no entry knows, read as a full query reads it.
    return { query: this.analysis.analyze(text), completed };
  }

  /**
   * The words typed before the one in progress, with one more unit that no entry covers and that
   * weighs what an unknown word weighs: the worst the word in progress can turn out to be.
   */
  withUnknownWord(completed: string): AnalyzedQuery {
    const units = this.analysis.analyze(completed).units;
    return { text: completed, units: [...units, { keys: [], known: false, weight: this.analysis.unknownWordWeight }] };
  }

  /** Whether a folded word carries no topic in either language (a query may mix both). */
  private isNoise(word: string): boolean {
    return LANGUAGES.some((language) => this.corpus.analyzer.isNoise({ raw: word, folded: word }, language));
  }

  private withCompletions(text: string, before: readonly string[], found: readonly Completion[], certainty = 1): PrefixQuery {
    const completed = before.join(' ');
    const likeliest = found[0]!;
    const weight = certainty * GUESS_WEIGHT * Math.max(...likeliest.keys.map((key) => this.corpus.idf(key)));
    const units: WeightedUnit[] = [...this.analysis.analyze(completed).units, { keys: likeliest.keys, known: true, weight }];
    const keys = [...new Set(found.flatMap((completion) => completion.keys))];
    if (keys.length > likeliest.keys.length) units.push({ keys, known: true, weight: weight * OTHER_COMPLETIONS_SHARE });
    return { query: { text, units }, completed, completions: found.map((completion) => completion.text) };
  }

  /** The keys some entry holds, once each. */
  private known(keys: readonly string[]): string[] {
    return [...new Set(keys)].filter((key) => this.corpus.has(key));
  }

  private entriesHolding(keys: readonly string[]): number {
    return Math.max(0, ...keys.map((key) => this.corpus.documentFrequency(key)));
  }
}

/** Per folded word, the number of questions and phrasings (either language) that use it. */
function askedCounts(corpus: Corpus): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { entry } of corpus.entries) {
    for (const language of LANGUAGES) {
      for (const text of askedTexts(entry, language)) {
        for (const word of new Set(toWords(text).map((w) => w.folded))) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
  }
  return counts;
}
