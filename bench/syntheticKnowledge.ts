import type { FaqEntry, KnowledgeData } from '../knowledge/schema';

/** A small deterministic random generator (mulberry32), so runs compare like with like. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A knowledge base of `size` entries grown from the real one: each synthetic entry takes a
 * real entry's texts and mixes in words from the whole vocabulary, so indexes grow as they
 * would with more, similar FAQ entries. Only for benchmarks.
 */
export function syntheticKnowledge(base: KnowledgeData, size: number, seed = 42): KnowledgeData {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = {
    fr: base.entries.flatMap((e) => [e.fr.question, ...e.fr.phrasings].join(' ').split(/\s+/)),
    en: base.entries.flatMap((e) => [e.en.question, ...e.en.phrasings].join(' ').split(/\s+/)),
  };
  const mix = (text: string, language: 'fr' | 'en') =>
    `${text} ${Array.from({ length: 3 }, () => pick(words[language])).join(' ')}`;
  const entries: FaqEntry[] = [];
  for (let i = 0; i < size; i++) {
    const source = base.entries[i % base.entries.length]!;
    const id = i < base.entries.length ? source.id : `${source.id}-${i}`;
    entries.push({
      ...source,
      id,
      related: [],
      fr: { ...source.fr, question: mix(source.fr.question, 'fr'), phrasings: source.fr.phrasings.map((p) => mix(p, 'fr')) },
      en: { ...source.en, question: mix(source.en.question, 'en'), phrasings: source.en.phrasings.map((p) => mix(p, 'en')) },
    });
  }
  return { ...base, entries };
}
