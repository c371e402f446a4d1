/** One labelled observation: its features and whether the best hit was the right entry. */
export interface Sample {
  readonly x: readonly number[];
  readonly right: boolean;
}

/**
 * Logistic regression by full-batch gradient descent on standardised features, with a little L2
 * so that features which barely differ between right and wrong keep small weights. Returns the
 * weights on the raw features. Deterministic: same samples, same model.
 */
export function fitLogistic(samples: readonly Sample[], wrongWeight = 1, l2 = 0.01, steps = 4000, rate = 0.5): { bias: number; weights: number[] } {
  const dims = samples[0]?.x.length ?? 0;
  const mean = Array.from({ length: dims }, (_, j) => samples.reduce((s, e) => s + e.x[j]!, 0) / samples.length);
  const sd = mean.map((m, j) => Math.sqrt(samples.reduce((s, e) => s + (e.x[j]! - m) ** 2, 0) / samples.length) || 1);
  const z = samples.map((e) => e.x.map((v, j) => (v - mean[j]!) / sd[j]!));
  let bias = 0;
  const w = new Array<number>(dims).fill(0);
  for (let step = 0; step < steps; step++) {
    let gradBias = 0;
    const grad = new Array<number>(dims).fill(0);
    samples.forEach((sample, i) => {
      const zi = z[i]!;
      const p = 1 / (1 + Math.exp(-(bias + zi.reduce((s, v, j) => s + v * w[j]!, 0))));
      const error = (p - (sample.right ? 1 : 0)) * (sample.right ? 1 : wrongWeight);
      gradBias += error;
      for (let j = 0; j < dims; j++) grad[j]! += error * zi[j]!;
    });
    bias -= (rate * gradBias) / samples.length;
    for (let j = 0; j < dims; j++) w[j]! -= rate * (grad[j]! / samples.length + l2 * w[j]!);
  }
  const weights = w.map((wj, j) => wj / sd[j]!);
  return { bias: bias - w.reduce((s, wj, j) => s + (wj * mean[j]!) / sd[j]!, 0), weights };
}
