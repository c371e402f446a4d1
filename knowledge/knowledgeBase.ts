import { LRUCache } from 'lru-cache';
import { loadKnowledgeData } from './loader';
import type { Category, FaqEntry, KnowledgeData, Language } from './schema';
import { ConfidenceJudge, type ConfidenceModel } from './search/confidence';
import { CONFIDENCE_MODEL } from './search/confidenceModel';
import type { ConfidenceFeatures } from './search/confidenceFeatures';
import { CoverageRanker } from './search/coverageRanker';
import { Corpus } from './search/corpus';
import { DEFAULT_FUSE_THRESHOLD, FuzzyRanker } from './search/fuzzyRanker';
import { DEFAULT_FUSION_WEIGHTS, HybridRanker, type FusionWeights } from './search/hybrid';
import { LunrRanker } from './search/lunrRanker';
import { PhrasingRanker } from './search/phrasingRanker';
import { PrefixAnalysis } from './search/prefix';
import { searchPrefix } from './search/prefixSearch';
import { DEFAULT_UNKNOWN_WEIGHT, QueryAnalysis } from './search/queryAnalysis';
import { buildIndexInWorker } from './search/buildInWorker';
import { buildIndex, sameTexts } from './search/indexBuilder';
import type { SearchIndex } from './search/searchIndex';
import { TypoCorrector } from './search/typos';
import type { AnalyzedQuery, SearchHit, SearchOptions, SearchResponse, SearchStrategy } from './search/types';
import { TextAnalyzer } from './text/analyzer';
import { LanguageDetector } from './text/language';
import { SynonymLexicon } from './text/synonyms';

/** Tuning of the search; every field has a default measured with `npm run eval`. */
export interface KnowledgeBaseOptions {
  /** Weights of the hybrid's methods (coverage, lunr, phrasing). */
  fusion: FusionWeights;
  /** fuse.js threshold of the fuse-only baseline's phrasing matcher (0 exact … 1 anything). */
  fuseThreshold: number;
  /** Weight of a word no entry knows, relative to the rarest known term. */
  unknownWeight: number;
  /**
   * When the best hit is answered outright: a logistic model over the confidence features, fitted
   * by `npm run fit:confidence` on `queries.json` and the tuning part of the generalisation set only.
   */
  confidenceModel: ConfidenceModel;
  /** The runner-up is a real alternative when it scores at least this… */
  ambiguousFloor: number;
  /** …and is closer to the best than this; a best hit this close to the next is never answered outright. */
  ambiguousMargin: number;
  /**
   * Below the confident cut, a hit scoring at least this is still offered as "did you mean …?"
   * (chosen on `queries.json` and the tuning part of the generalisation set only).
   */
  suggestionFloor: number;
  /** How many hits such an offer names at most. */
  maxSuggestions: number;
  /** Confidence threshold of the lunr-only baseline, on BM25 mapped to [0, 1] as s / (s + 1). */
  lunrConfidentScore: number;
  /** Confidence threshold of the fuse-only baseline, on similarity (1 − fuse score). */
  fuseConfidentScore: number;
  /**
   * Search responses kept, most recently asked first (0: none). Suppliers ask the same few
   * hundred questions and the widget asks again as they type; a response depends only on the
   * query, the options and this immutable knowledge base, so it never goes stale: an edit
   * builds a new knowledge base with an empty cache.
   */
  searchCacheSize: number;
}

export const DEFAULT_KNOWLEDGE_BASE_OPTIONS: Readonly<KnowledgeBaseOptions> = Object.freeze({
  fusion: DEFAULT_FUSION_WEIGHTS,
  unknownWeight: DEFAULT_UNKNOWN_WEIGHT,
  fuseThreshold: DEFAULT_FUSE_THRESHOLD,
  confidenceModel: CONFIDENCE_MODEL,
  ambiguousFloor: 0.45,
  ambiguousMargin: 0.05,
  suggestionFloor: 0.3,
  maxSuggestions: 2,
  lunrConfidentScore: 0.75,
  fuseConfidentScore: 0.7,
  searchCacheSize: 2000,
});

/** Longer queries are searched every time: pasted e-mails, not questions asked again. */
export const MAX_CACHED_QUERY_LENGTH = 500;

const DEFAULT_TOP = 5;

/** An entry as shown to a user in one language. */
export interface LocalizedEntryView {
  readonly id: string;
  readonly category: string;
  readonly categoryLabel: string;
  readonly question: string;
  readonly answer: string;
  readonly references: readonly string[];
  readonly related: readonly string[];
  readonly journey: FaqEntry['journey'];
}

/**
 * The FAQ: entries, and the search that answers from them. One immutable object per
 * version of the data; it hides lunr, fuse.js and the text pipeline behind `search`.
 */
export class KnowledgeBase {
  readonly entries: readonly FaqEntry[];
  readonly categories: readonly Category[];
  private readonly byId: ReadonlyMap<string, FaqEntry>;
  private readonly options: KnowledgeBaseOptions;
  private readonly detector: LanguageDetector;
  private readonly analysis: QueryAnalysis;
  private readonly prefix: PrefixAnalysis;
  private readonly lunr: LunrRanker;
  /** fuse.js over every phrasing, only for the fuse-only baseline: built when first asked for. */
  private fuse: FuzzyRanker | undefined;
  private readonly hybrid: HybridRanker;
  private readonly judge: ConfidenceJudge;
  private readonly responses: LRUCache<string, SearchResponse> | undefined;
  private readonly pipeline: TextPipeline;
  private readonly corpus: Corpus;

  /**
   * Builds the index of `data`, or adopts `index` when it was already built from `data.entries`
   * (in a worker thread: `buildKnowledgeIndex`, or by `withData`) with the same synonyms and fillers.
   */
  constructor(data: KnowledgeData, options: Partial<KnowledgeBaseOptions> = {}, index?: SearchIndex) {
    this.options = { ...DEFAULT_KNOWLEDGE_BASE_OPTIONS, ...options };
    this.entries = Object.freeze([...data.entries]);
    this.categories = Object.freeze([...data.categories]);
    this.byId = new Map(data.entries.map((entry) => [entry.id, entry]));
    this.pipeline = textPipeline(data);
    const { lexicon, analyzer } = this.pipeline;
    const corpus = new Corpus(data.entries, analyzer, index);
    this.corpus = corpus;
    this.detector = new LanguageDetector(corpus.words);
    this.analysis = new QueryAnalysis(
      corpus,
      lexicon,
      new TypoCorrector(corpus, lexicon.words),
      this.options.unknownWeight,
      data.abbreviations,
    );
    this.prefix = new PrefixAnalysis(corpus, lexicon, this.analysis);
    this.lunr = new LunrRanker(corpus);
    this.hybrid = new HybridRanker(new CoverageRanker(corpus), this.lunr, new PhrasingRanker(corpus), this.options.fusion);
    this.judge = new ConfidenceJudge(corpus, this.options.confidenceModel, this.options.ambiguousMargin);
    this.responses = this.options.searchCacheSize > 0 ? new LRUCache({ max: this.options.searchCacheSize }) : undefined;
  }

  /** Loads and validates the knowledge files in `dir`, then builds the index. */
  static fromDirectory(dir: string, options?: Partial<KnowledgeBaseOptions>): KnowledgeBase {
    return new KnowledgeBase(loadKnowledgeData(dir), options);
  }

  /**
   * Builds the knowledge base of `data` with its index made in a worker thread: the event loop
   * stays free while the entries go through the text pipeline (see `buildIndexInWorker`).
   */
  static async buildInWorker(data: KnowledgeData, options?: Partial<KnowledgeBaseOptions>): Promise<KnowledgeBase> {
    return new KnowledgeBase(data, options, await buildIndexInWorker(data));
  }

  /**
   * How many entries of `data` `withData` would put through the text pipeline: new ones, ones
   * whose texts changed; all of them when the synonyms or fillers changed.
   */
  entriesToAnalyze(data: KnowledgeData): number {
    if (textPipeline(data, this.pipeline) !== this.pipeline) return data.entries.length;
    return data.entries.filter((entry) => {
      const current = this.byId.get(entry.id);
      return !current || !sameTexts(current, entry);
    }).length;
  }

  /**
   * The knowledge base of `data` (an edit of this one's), built from this one's index: entries
   * whose texts are unchanged keep their analysis, so a one-entry edit analyzes one entry.
   * This object is untouched (readers keep it). Same synonyms and fillers required for the
   * reuse; otherwise everything is analyzed again.
   */
  withData(data: KnowledgeData, options: Partial<KnowledgeBaseOptions> = this.options): KnowledgeBase {
    const pipeline = textPipeline(data, this.pipeline);
    if (pipeline !== this.pipeline) return new KnowledgeBase(data, options);
    return new KnowledgeBase(data, options, buildIndex(data.entries, pipeline.analyzer, this.corpus.index));
  }

  /** The search index (read-only): for tests and diagnostics of how it was built. */
  get index(): SearchIndex {
    return this.corpus.index;
  }

  get(id: string): FaqEntry | undefined {
    return this.byId.get(id);
  }

  /** The language a text is written in, or the hint when it can't be told. */
  detectLanguage(text: string, hint?: Language): Language {
    return this.detector.detect(text, hint);
  }

  /** An entry's texts in one language, with its category's label. */
  localize(entry: FaqEntry, lang: Language): LocalizedEntryView {
    const category = this.categories.find((c) => c.id === entry.category);
    return {
      id: entry.id,
      category: entry.category,
      categoryLabel: category ? category[lang] : entry.category,
      question: entry[lang].question,
      answer: entry[lang].answer,
      references: entry.references.map((reference) => reference[lang]),
      related: entry.related,
      journey: entry.journey,
    };
  }

  /**
   * Finds the entries that answer a question, best first, and says whether to answer outright.
   * The response is frozen: it may be the one given for the same question before.
   */
  search(query: string, options: SearchOptions = {}): SearchResponse {
    const cache = query.length <= MAX_CACHED_QUERY_LENGTH ? this.responses : undefined;
    if (!cache) return this.searchIndex(query, options);
    const key = responseKey(query, options);
    let response = cache.get(key);
    if (!response) cache.set(key, (response = this.searchIndex(query, options)));
    return response;
  }

  private searchIndex(query: string, options: SearchOptions): SearchResponse {
    const respond = (analyzed: AnalyzedQuery) => this.respond(query, analyzed, options);
    if (options.mode === 'prefix') {
      const searchFull = (text: string) => this.search(text, { ...options, mode: 'full' });
      const searchAsTyped = (text: string) => this.search(text, options);
      return searchPrefix(query, this.prefix, respond, searchFull, searchAsTyped);
    }
    return respond(this.analysis.analyze(query));
  }

  private respond(query: string, analyzed: AnalyzedQuery, options: SearchOptions): SearchResponse {
    const lang = options.lang ?? this.detector.detect(query, options.langHint);
    const top = options.top ?? DEFAULT_TOP;
    const strategy: SearchStrategy = options.strategy ?? 'hybrid';
    const scored = this.score(analyzed, strategy);
    const ranked = [...scored.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const hits: SearchHit[] = ranked.slice(0, top).flatMap(([id, score]) => {
      const entry = this.byId.get(id);
      return entry ? [Object.freeze({ entry, score: round(score) })] : [];
    });
    const best = hits[0]?.score ?? 0;
    // From the ranking, not the hits: asking for one result must not make a close runner-up vanish.
    const second = round(ranked[1]?.[1] ?? 0);
    const ambiguous =
      strategy === 'hybrid' && second >= this.options.ambiguousFloor && best - second < this.options.ambiguousMargin;
    const confident =
      strategy === 'hybrid'
        ? this.judge.isConfident(analyzed, hits[0] && { id: hits[0].entry.id, score: best }, second)
        : best >= this.confidenceThreshold(strategy);
    const suggestions = confident || strategy !== 'hybrid' ? [] : this.worthSuggesting(hits);
    return Object.freeze({ query, lang, confident, ambiguous, suggestions: Object.freeze(suggestions), hits: Object.freeze(hits) });
  }

  /**
   * What the confidence model sees for a query's best hit (full search): for fitting the model
   * (`npm run fit:confidence`) and for explaining a decision; undefined when nothing is found.
   */
  confidenceFeatures(query: string): ConfidenceFeatures | undefined {
    const analyzed = this.analysis.analyze(query);
    const ranked = [...this.hybrid.rank(analyzed).entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const best = ranked[0];
    return best && this.judge.features(analyzed, { id: best[0], score: round(best[1]) }, round(ranked[1]?.[1] ?? 0));
  }

  /** The best hits a supplier may have meant, when none is sure enough to answer. */
  private worthSuggesting(hits: readonly SearchHit[]): SearchHit[] {
    return hits.filter((hit) => hit.score >= this.options.suggestionFloor).slice(0, this.options.maxSuggestions);
  }

  private score(query: AnalyzedQuery, strategy: SearchStrategy): Map<string, number> {
    switch (strategy) {
      case 'lunr':
        return new Map(this.lunr.rawScores(query).map((r) => [r.ref, r.score / (r.score + 1)]));
      case 'fuse':
        this.fuse ??= new FuzzyRanker(this.corpus, this.options.fuseThreshold);
        return this.fuse.rank(query);
      case 'hybrid':
        return this.hybrid.rank(query);
    }
  }

  private confidenceThreshold(strategy: SearchStrategy): number {
    switch (strategy) {
      case 'lunr':
        return this.options.lunrConfidentScore;
      case 'fuse':
        return this.options.fuseConfidentScore;
      case 'hybrid':
        return 1; // the hybrid's confidence is the judge's, never a bare cut on the score
    }
  }
}

/** Every option that changes a response, then the query as typed (the response repeats it). */
function responseKey(query: string, options: SearchOptions): string {
  return `${options.lang ?? ''}|${options.langHint ?? ''}|${options.top ?? DEFAULT_TOP}|${options.strategy ?? 'hybrid'}|${options.mode ?? 'full'}|${query}`;
}

function round(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 10000) / 10000;
}

/** The text pipeline of a knowledge base's synonyms and fillers; `key` tells when two are the same. */
interface TextPipeline {
  readonly key: string;
  readonly lexicon: SynonymLexicon;
  readonly analyzer: TextAnalyzer;
}

/** The pipeline of `data`: `previous` itself when its synonyms and fillers are the same. */
function textPipeline(data: KnowledgeData, previous?: TextPipeline): TextPipeline {
  const key = JSON.stringify([data.synonyms, data.fillers]);
  if (previous?.key === key) return previous;
  const lexicon = new SynonymLexicon(data.synonyms);
  return { key, lexicon, analyzer: new TextAnalyzer(lexicon, data.fillers) };
}
