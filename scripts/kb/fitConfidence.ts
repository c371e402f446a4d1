/**
 * `npm run fit:confidence [-- --write] [-- --wrong-rate=R]`: fits the confidence model
 * (knowledge/search/confidenceModel.ts) on `queries.json` and the tuning part of the generalisation
 * set, never on its held-out part. It prints 5-fold cross-validated figures (the model and its
 * threshold fitted on four folds, judged on the fifth), then fits on all of them; `--write` stores
 * that model. The threshold is the lowest that answers at most a share R of the queries it is fitted on
 * with a wrong entry (default `WRONG_RATE`): a share, not a count, so that four folds and the whole
 * set are held to the same standard.
 */
import fs from 'node:fs';
import path from 'node:path';
import { labelledQueriesSchema, type LabelledQuery } from '../../knowledge/evaluation';
import { DEFAULT_KNOWLEDGE_BASE_OPTIONS, KnowledgeBase } from '../../knowledge/knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR, EVALUATION_SET, GENERALISATION_SET } from '../../knowledge/paths';
import { FEATURE_NAMES, featureVector } from '../../knowledge/search/confidenceFeatures';
import { isCorroborated, type ConfidenceModel } from '../../knowledge/search/confidence';
import { fitLogistic, type Sample } from '../../knowledge/search/logisticFit';

const FOLDS = 5;
const read = (file: string) => labelledQueriesSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
/**
 * Chosen on the cross-validated trade-off (DESIGN.md, "Confidence"): the highest rate at which
 * each further wrong answer still buys at least five right ones (0.01 → 0.015: +37 right, +2
 * wrong; 0.015 → 0.02: +5 right, +4 wrong, cross-validated). The wrong answers left are mostly
 * entries ranked first for a question they match word for word but do not answer, which no
 * confidence on these features can tell apart.
 */
const WRONG_RATE = 0.015;
/** A wrong best hit counts this many times a right one in the fit: the boundary that matters is at the sure end. */
const WRONG_WEIGHT = 3;
const wrongRate = Number(process.argv.find((a) => a.startsWith('--wrong-rate='))?.split('=')[1] ?? WRONG_RATE);

/** A labelled query as the model sees it; `eligible`: the runner-up is far enough behind to answer at all. */
interface Example extends Sample {
  readonly query: LabelledQuery;
  readonly eligible: boolean;
  /** Answered outright whatever the model says (`isCorroborated`). */
  readonly corroborated: boolean;
}

function examples(kb: KnowledgeBase, queries: readonly LabelledQuery[]): Example[] {
  return queries.map((query) => {
    const features = kb.confidenceFeatures(query.q);
    const best = kb.search(query.q, { top: 1 }).hits[0]?.entry.id;
    const right = query.expected !== null && best === query.expected;
    return {
      query,
      x: features ? featureVector(features) : FEATURE_NAMES.map(() => 0),
      right,
      eligible: features !== undefined && features.lead >= DEFAULT_KNOWLEDGE_BASE_OPTIONS.ambiguousMargin,
      corroborated: features !== undefined && isCorroborated(features),
    };
  });
}

/** Probability of each example under a fitted model. */
const probability = (model: ConfidenceModel, x: readonly number[]) =>
  1 / (1 + Math.exp(-(model.bias + FEATURE_NAMES.reduce((z, name, i) => z + model.weights[name] * x[i]!, 0))));

/** The lowest threshold that answers at most a share `wrongRate` of `train` with a wrong entry. */
function chooseThreshold(model: ConfidenceModel, train: readonly Example[]): number {
  const wrong = train
    .filter((e) => e.eligible && !e.right)
    .map((e) => probability(model, e.x))
    .sort((a, b) => b - a);
  const cut = wrong[Math.floor(wrongRate * train.length)];
  return cut === undefined ? 0 : Math.min(1, cut + 1e-9);
}

function fit(train: readonly Example[]): ConfidenceModel {
  const { bias, weights } = fitLogistic(train, WRONG_WEIGHT);
  const model: ConfidenceModel = {
    bias,
    weights: Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, weights[i]!])) as ConfidenceModel['weights'],
    threshold: 1,
  };
  return { ...model, threshold: chooseThreshold(model, train) };
}

interface Figures {
  inScope: number;
  answered: number;
  outOfScope: number;
  rejected: number;
  confidentWrong: number;
}

function judge(model: ConfidenceModel, test: readonly Example[], into: Figures): void {
  for (const e of test) {
    const confident = e.eligible && (probability(model, e.x) >= model.threshold || e.corroborated);
    if (e.query.expected !== null) into.inScope++;
    else into.outOfScope++;
    if (confident && e.right) into.answered++;
    if (confident && !e.right) into.confidentWrong++;
    if (e.query.expected === null && !confident) into.rejected++;
  }
}

const format = (f: Figures) =>
  `answered ${(f.answered / f.inScope).toFixed(3)} (${f.answered}/${f.inScope}), rejection ${(f.rejected / f.outOfScope).toFixed(3)}, confident-wrong ${f.confidentWrong}`;

/** A fixed fold for each query, from its text: the folds do not move when queries are added elsewhere. */
function foldOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) % FOLDS;
}

const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);
const tunable = [...read(EVALUATION_SET), ...read(GENERALISATION_SET).filter((q) => q.split === 'tune')];
const all = examples(kb, tunable);
const cv: Figures = { inScope: 0, answered: 0, outOfScope: 0, rejected: 0, confidentWrong: 0 };
for (let fold = 0; fold < FOLDS; fold++) {
  const model = fit(all.filter((e) => foldOf(e.query.q) !== fold));
  judge(model, all.filter((e) => foldOf(e.query.q) === fold), cv);
}
console.log(`${FOLDS}-fold cross-validation on ${all.length} tunable queries, wrong rate ${wrongRate}: ${format(cv)}`);
const model = fit(all);
const whole: Figures = { inScope: 0, answered: 0, outOfScope: 0, rejected: 0, confidentWrong: 0 };
judge(model, all, whole);
console.log(`fitted on all of them: ${format(whole)}`);
console.log(JSON.stringify(model, null, 2));

if (process.argv.includes('--write')) {
  const file = path.join(__dirname, '..', '..', '..', 'knowledge', 'search', 'confidenceModel.ts');
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const weights = FEATURE_NAMES.map((name) => `${name}: ${round(model.weights[name])}`).join(', ');
  fs.writeFileSync(
    file,
    `/**
 * The fitted confidence model. Written by \`npm run fit:confidence -- --write\` (scripts/kb/fitConfidence.ts)
 * from queries.json and the tuning part of generalisation.json only; do not edit by hand, refit.
 * ${FOLDS}-fold cross-validation when written: ${format(cv)}.
 */
import type { ConfidenceModel } from './confidence';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  bias: ${round(model.bias)},
  weights: { ${weights} },
  threshold: ${round(model.threshold)},
};
`,
  );
  console.log(`wrote ${file}`);
}
