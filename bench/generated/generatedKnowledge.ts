/**
 * A help centre of any size for benchmarks and scale tests: the real entries (the needles the
 * evaluation questions are about) among generated entries of dictionary words of both languages,
 * drawn with Zipf-distributed frequencies, shaped like real entries (a question, 6 phrasings per
 * language that share the entry's topic words, an answer of 40–150 words, a real category).
 * Deterministic: the same seed and size give the same entries.
 */
import type { Category, FaqEntry, KnowledgeData, Language, LocalizedEntry } from '../../knowledge/schema';
import { seededRandom } from './random';
import { dictionaryWords, rankedVocabulary } from './wordLists';
import { zipfSampler } from './zipf';

export interface GeneratedKnowledgeOptions {
  /** Entries in all, the real ones included (at least as many as there are real entries). */
  entries: number;
  /** Seed of every random choice; the default is the benchmark's. */
  seed?: number;
  /** Distinct words per language, ranked 1..n by a seeded shuffle. */
  vocabularySize?: number;
  /** Zipf's exponent: 1 is the classic law of word frequencies. */
  zipfExponent?: number;
}

export const GENERATED_DEFAULTS = { seed: 42, vocabularySize: 30_000, zipfExponent: 1 } as const;

/** The schema asks every language for at least 6 phrasings; real entries have 6 to 12. */
export const PHRASINGS_PER_LANGUAGE = 6;
export const ANSWER_WORDS = { min: 40, max: 150 } as const;
/** Prefix of generated ids, so a needle is never mistaken for a distractor. */
export const GENERATED_ID_PREFIX = 'generated-';

/**
 * How suppliers ask, per language: {0}, {1}, {2} are topic words. Function words are the
 * languages' own (the search's stop words and fillers take them out, as in real questions).
 */
const TEMPLATES: Record<Language, readonly string[]> = {
  en: [
    'How do I {0} the {1}?',
    'Why can I not {0} my {1} {2}?',
    'Where do I find the {0} {1}?',
    'What is a {0} {1}?',
    'Can I {0} {1} and {2}?',
    'I need help with {0} {1}',
    'How to {0} {1} {2}',
    'Is it possible to {0} a {1}?',
    '{0} {1} not working',
    'Who can {0} the {1} {2}?',
  ],
  fr: [
    'Comment {0} le {1} ?',
    'Pourquoi je ne peux pas {0} mes {1} {2} ?',
    'Où trouver le {0} {1} ?',
    "Qu'est-ce qu'un {0} {1} ?",
    'Puis-je {0} {1} et {2} ?',
    "J'ai besoin d'aide pour {0} {1}",
    'Comment faire pour {0} {1} {2}',
    'Est-il possible de {0} un {1} ?',
    '{0} {1} ne fonctionne pas',
    'Qui peut {0} le {1} {2} ?',
  ],
};

/** Topic words per entry and language: its phrasings draw three of them each. */
const TOPIC_WORDS = 4;

interface LanguageSource {
  /** A word with Zipf-distributed frequency. */
  word(): string;
}

function languageSource(words: readonly string[], options: Required<Omit<GeneratedKnowledgeOptions, 'entries'>>, random: () => number): LanguageSource {
  const vocabulary = rankedVocabulary(words, options.vocabularySize, random);
  const rank = zipfSampler(vocabulary.length, random, options.zipfExponent);
  return { word: () => vocabulary[rank()]! };
}

function fill(template: string, topic: readonly string[], random: () => number): string {
  return template.replace(/\{(\d)\}/g, (_, i: string) => topic[(Number(i) + Math.floor(random() * topic.length)) % topic.length]!);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 40–150 words in sentences of 6 to 14 words, topic words mixed in as an answer would. */
function answer(source: LanguageSource, topic: readonly string[], random: () => number): string {
  const length = ANSWER_WORDS.min + Math.floor(random() * (ANSWER_WORDS.max - ANSWER_WORDS.min + 1));
  const sentences: string[] = [];
  let written = 0;
  while (written < length) {
    const size = Math.min(length - written, 6 + Math.floor(random() * 9));
    const words = Array.from({ length: size }, () => (random() < 0.1 ? topic[Math.floor(random() * topic.length)]! : source.word()));
    sentences.push(`${capitalize(words.join(' '))}.`);
    written += size;
  }
  return sentences.join(' ');
}

function localized(language: Language, source: LanguageSource, random: () => number): LocalizedEntry {
  const topic = Array.from({ length: TOPIC_WORDS }, () => source.word());
  const templates = TEMPLATES[language];
  const pick = () => templates[Math.floor(random() * templates.length)]!;
  const question = fill(pick(), topic, random);
  const phrasings = new Set<string>();
  // Distinct phrasings; a few tries more than needed, then a topic word appended keeps them apart.
  for (let tries = 0; phrasings.size < PHRASINGS_PER_LANGUAGE && tries < 40; tries++) {
    const phrasing = fill(pick(), topic, random);
    if (phrasing !== question) phrasings.add(phrasing);
  }
  while (phrasings.size < PHRASINGS_PER_LANGUAGE) phrasings.add(`${question} ${source.word()} ${phrasings.size}`);
  return { question, answer: answer(source, topic, random), phrasings: [...phrasings] };
}

/** One generated entry: its own topic per language (not translations of each other, as in a real import of two sources). */
function generatedEntry(index: number, categories: readonly Category[], sources: Record<Language, LanguageSource>, random: () => number): FaqEntry {
  return {
    id: `${GENERATED_ID_PREFIX}${index}`,
    category: categories[Math.floor(random() * categories.length)]!.id,
    fr: localized('fr', sources.fr, random),
    en: localized('en', sources.en, random),
    related: [],
    references: [],
    journey: null,
  };
}

/**
 * `base` (the real knowledge base) grown to `options.entries` entries: the real entries first and
 * unchanged, then generated ones (`generated-<n>`). The shared files (categories, synonyms,
 * fillers) are the real ones.
 */
export function generatedKnowledge(base: KnowledgeData, options: GeneratedKnowledgeOptions): KnowledgeData {
  const settings = { ...GENERATED_DEFAULTS, ...options };
  if (!Number.isInteger(settings.entries) || settings.entries < base.entries.length) {
    throw new Error(`generatedKnowledge: entries must be a whole number of at least ${base.entries.length} (the real entries), got ${options.entries}`);
  }
  const random = seededRandom(settings.seed);
  const words = dictionaryWords();
  const sources = { en: languageSource(words.en, settings, random), fr: languageSource(words.fr, settings, random) };
  const entries: FaqEntry[] = [...base.entries];
  for (let i = base.entries.length; i < settings.entries; i++) entries.push(generatedEntry(i, base.categories, sources, random));
  return { ...base, entries };
}
