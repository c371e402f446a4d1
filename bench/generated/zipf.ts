/**
 * Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^exponent: Zipf's law, the
 * shape of word frequencies in every natural-language corpus (a few words everywhere, most words
 * rare). Inverse transform sampling over the cumulative weights, a binary search per draw.
 */
export function zipfSampler(n: number, random: () => number, exponent = 1): () => number {
  if (n < 1) throw new Error('zipfSampler: needs at least one rank');
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += 1 / Math.pow(rank + 1, exponent);
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}
