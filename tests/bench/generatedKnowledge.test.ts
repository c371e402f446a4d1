import { generatedKnowledge, GENERATED_ID_PREFIX, ANSWER_WORDS, PHRASINGS_PER_LANGUAGE } from '../../bench/generated/generatedKnowledge';
import { seededRandom } from '../../bench/generated/random';
import { zipfSampler } from '../../bench/generated/zipf';
import { fromTsv, toTsv } from '../../knowledge/editing';
import { checkLiveConsistency } from '../../knowledge/editing/draft';
import { loadKnowledgeData } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';
import { entrySchema } from '../../knowledge/schema';

const base = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);

/** Least-squares slope of log(frequency) against log(rank) over ranks 1..n. */
function zipfSlope(counts: number[], n: number): number {
  const points = counts.slice(0, n).map((count, i) => [Math.log(i + 1), Math.log(count)] as const);
  const meanX = points.reduce((s, [x]) => s + x, 0) / points.length;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const covariance = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  return covariance / variance;
}

describe('generatedKnowledge', () => {
  const data = generatedKnowledge(base, { entries: 1_000 });

  it('keeps every real entry, unchanged, as the needles among the generated ones', () => {
    expect(data.entries).toHaveLength(1_000);
    expect(data.entries.slice(0, base.entries.length)).toEqual(base.entries);
    const generated = data.entries.slice(base.entries.length);
    expect(generated.every((entry) => entry.id.startsWith(GENERATED_ID_PREFIX))).toBe(true);
    expect(new Set(data.entries.map((entry) => entry.id)).size).toBe(1_000);
  });

  it('is deterministic: the same seed gives the same entries, another seed others', () => {
    expect(generatedKnowledge(base, { entries: 1_000 })).toEqual(data);
    const other = generatedKnowledge(base, { entries: 1_000, seed: 7 });
    expect(other.entries[base.entries.length]).not.toEqual(data.entries[base.entries.length]);
  });

  it('makes entries of a real shape that the schema and the live knowledge base accept', () => {
    for (const entry of data.entries.slice(base.entries.length)) {
      expect(entrySchema.parse(entry)).toEqual(entry);
      for (const lang of ['fr', 'en'] as const) {
        expect(entry[lang].phrasings).toHaveLength(PHRASINGS_PER_LANGUAGE);
        const words = entry[lang].answer.split(/\s+/).length;
        expect(words).toBeGreaterThanOrEqual(ANSWER_WORDS.min);
        expect(words).toBeLessThanOrEqual(ANSWER_WORDS.max);
      }
    }
    expect(() => checkLiveConsistency(data)).not.toThrow();
  });

  it('round-trips through the kb:import TSV format', () => {
    const small = generatedKnowledge(base, { entries: 60 });
    const read = fromTsv(toTsv(small.entries), base.categories.map((c) => c.id));
    expect(new Map(read.map((e) => [e.id, e.en.phrasings]))).toEqual(new Map(small.entries.map((e) => [e.id, e.en.phrasings])));
  });

  it('draws a diverse dictionary vocabulary with Zipf-shaped word frequencies', () => {
    const counts = new Map<string, number>();
    for (const entry of data.entries.slice(base.entries.length)) {
      for (const word of entry.en.answer.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    // Thousands of distinct words, not the real entries' few hundred copied.
    expect(counts.size).toBeGreaterThan(10_000);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    // Zipf's law with exponent 1: log frequency falls about one for one with log rank.
    const slope = zipfSlope(sorted, 1_000);
    expect(slope).toBeLessThan(-0.8);
    expect(slope).toBeGreaterThan(-1.2);
  });

  it('refuses fewer entries than the real knowledge base holds', () => {
    expect(() => generatedKnowledge(base, { entries: 3 })).toThrow(/at least 18/);
  });
});

describe('zipfSampler', () => {
  it('draws rank r about 1/r as often as rank 1', () => {
    const draw = zipfSampler(1_000, seededRandom(1));
    const counts = new Array<number>(1_000).fill(0);
    for (let i = 0; i < 200_000; i++) counts[draw()]!++;
    expect(counts[0]! / counts[9]!).toBeGreaterThan(8);
    expect(counts[0]! / counts[9]!).toBeLessThan(12.5);
  });
});
