import type { Corpus } from './corpus';
import { FieldSums, type PostingLists } from './postings';
import type { SearchIndex } from './searchIndex';
import type { AnalyzedQuery, Ranker } from './types';

/** Answers are long and mention neighbouring topics: their words count for less. */
const ANSWER_BOOST = 0.3;
/** lunr's BM25 parameters (its defaults). */
const K1 = 1.2;
const B = 0.75;

/** One entry's unnormalized BM25 score. */
export interface LunrResult {
  readonly ref: string;
  readonly score: number;
}

/**
 * BM25 ranking as lunr 2.3 computed it, over the search index's postings instead of a lunr
 * index (whose per-document field vectors, token set and match data took most of the heap:
 * 504 MB at 10,000 entries). Same formulas: two fields (questions and phrasings; answers boosted
 * by 0.3), k1 1.2, b 0.75, lunr's IDF (which counts an entry once per field holding the term),
 * each term's weight rounded to 3 decimals, and the score of an entry the dot product of the
 * query vector (1 per known query term) with its field vectors, divided by the query vector's
 * length. Weights are computed at query time from document frequencies and field lengths, so
 * an edit that changes them changes every score as a rebuilt lunr index would.
 * Scores are divided by the best one: relative, in [0, 1].
 */
export class LunrRanker implements Ranker {
  private readonly index: SearchIndex;
  private readonly coreNorm: Float64Array;
  private readonly answerNorm: Float64Array;
  private readonly sums: FieldSums;

  constructor(corpus: Corpus) {
    this.index = corpus.index;
    this.coreNorm = fieldNorms(this.index.coreLength);
    this.answerNorm = fieldNorms(this.index.answerLength);
    this.sums = new FieldSums(this.index.entries.length);
  }

  rank(query: AnalyzedQuery): Map<string, number> {
    const scores = new Map<string, number>();
    const results = this.scores(query);
    let best = 0;
    for (const result of results) best = Math.max(best, result.score);
    if (best <= 0) return scores;
    for (const result of results) scores.set(result.ref, result.score / best);
    return scores;
  }

  /** Unnormalized BM25 scores, best first (the lunr-only baseline judges confidence on them). */
  rawScores(query: AnalyzedQuery): LunrResult[] {
    return this.scores(query).sort((a, b) => b.score - a.score);
  }

  private scores(query: AnalyzedQuery): LunrResult[] {
    const { core, answer, entries } = this.index;
    // lunr's query vector: each distinct key that some entry holds, in either field.
    const terms: number[] = [];
    for (const unit of query.units) {
      for (const key of unit.keys) {
        const t = this.index.termNumber(key);
        if (t >= 0 && !terms.includes(t)) terms.push(t);
      }
    }
    if (terms.length === 0) return [];
    const sums = this.sums;
    sums.begin();
    const n = entries.length;
    for (const t of terms) {
      // lunr counts the entries holding the term in each field: one in both counts twice.
      const df = core.frequency(t) + answer.frequency(t);
      const idf = Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
      this.addField(sums.first, core, this.coreNorm, t, idf, 1);
      this.addField(sums.second, answer, this.answerNorm, t, idf, ANSWER_BOOST);
    }
    const magnitude = Math.sqrt(terms.length);
    const results: LunrResult[] = [];
    for (const i of sums.items()) {
      results.push({ ref: entries[i]!.id, score: (sums.first[i]! / magnitude || 0) + (sums.second[i]! / magnitude || 0) });
    }
    return results;
  }

  private addField(into: Float64Array, postings: PostingLists, norms: Float64Array, term: number, idf: number, boost: number): void {
    const { items, counts } = postings;
    for (let i = postings.start(term), end = postings.end(term); i < end; i++) {
      const entry = items[i]!;
      const tf = counts[i]!;
      let score = (idf * ((K1 + 1) * tf)) / (norms[entry]! + tf);
      score *= boost;
      this.sums.add(into, entry, Math.round(score * 1000) / 1000);
    }
  }
}

/** BM25's length normalization of each entry's field, as lunr wrote it: k1 (1 − b + b · length / average). */
function fieldNorms(lengths: Int32Array): Float64Array {
  let total = 0;
  for (const length of lengths) total += length;
  const average = total / lengths.length;
  return Float64Array.from(lengths, (length) => K1 * (1 - B + B * (length / average)));
}
