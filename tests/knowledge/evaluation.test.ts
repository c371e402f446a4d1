import fs from 'node:fs';
import { evaluate, labelledQueriesSchema } from '../../knowledge/evaluation';
import { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET } from '../../knowledge/paths';

const queries = labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(EVALUATION_SET, 'utf8')));
const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);

describe('the labelled evaluation set', () => {
  it('has at least 250 queries in both languages, 50 of them out of scope', () => {
    expect(queries.length).toBeGreaterThanOrEqual(250);
    expect(queries.filter((q) => q.expected === null).length).toBeGreaterThanOrEqual(50);
    expect(new Set(queries.map((q) => q.lang))).toEqual(new Set(['fr', 'en']));
  });

  it('only labels queries with ids the knowledge base has', () => {
    for (const query of queries) if (query.expected) expect(kb.get(query.expected)).toBeDefined();
  });
});

describe('the hybrid search on the evaluation set', () => {
  const report = evaluate(kb, queries, 'hybrid');

  it('puts the expected entry first for at least 95% of in-scope queries', () => {
    expect(report.top1).toBeGreaterThanOrEqual(0.95);
  });

  it('declines to answer at least 90% of out-of-scope queries', () => {
    expect(report.rejection).toBeGreaterThanOrEqual(0.9);
  });

  it('beats lunr alone and fuse.js alone on top-1', () => {
    expect(report.top1).toBeGreaterThan(evaluate(kb, queries, 'lunr').top1);
    expect(report.top1).toBeGreaterThan(evaluate(kb, queries, 'fuse').top1);
  });
});
