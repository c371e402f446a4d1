/** Something a typed prefix may be the beginning of: a word, or a synonym phrase. */
export interface Completion {
  /** Accent-folded, lower case; a phrase's words joined by single spaces. */
  readonly text: string;
  /** The index terms it stands for (only ones some entry holds). */
  readonly keys: readonly string[];
  /** How likely it is meant: higher first (the number of entries holding its commonest key). */
  readonly score: number;
}

/**
 * Completions sorted by text, with a segment tree of the best completion of every span, so the
 * k best completions of a prefix cost O(k log n): a binary search finds the prefix's span and the
 * tree answers "best in [a, b)" without visiting the span (at "f", a tenth of a large vocabulary).
 * Ties go to the completion sorted first, which puts a word before its own extensions
 * ("facture" before "factures").
 */
export class CompletionIndex {
  private readonly items: Completion[];
  private readonly size: number;
  /** tree[node]: the position of the best completion under node, -1 for none; leaves from `size`. */
  private readonly tree: Int32Array;

  constructor(completions: Iterable<Completion>) {
    const byText = new Map<string, Completion>();
    for (const completion of completions) {
      const known = byText.get(completion.text);
      if (!known || completion.score > known.score) byText.set(completion.text, completion);
    }
    this.items = [...byText.values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    let size = 1;
    while (size < this.items.length) size *= 2;
    this.size = size;
    this.tree = new Int32Array(2 * size).fill(-1);
    this.items.forEach((_, i) => (this.tree[size + i] = i));
    for (let node = size - 1; node > 0; node--) this.tree[node] = this.better(this.tree[2 * node]!, this.tree[2 * node + 1]!);
  }

  get length(): number {
    return this.items.length;
  }

  /** The `k` likeliest completions that begin with `prefix`, likeliest first. */
  best(prefix: string, k: number): Completion[] {
    const spans: [number, number, number][] = [];
    const open = (from: number, to: number) => {
      if (from < to) spans.push([from, to, this.bestIn(from, to)]);
    };
    open(this.lowerBound(prefix), this.lowerBound(`${prefix}\uffff`));
    const found: Completion[] = [];
    // Take the best of the open spans, then open the two spans on either side of it.
    while (found.length < k && spans.length > 0) {
      let pick = 0;
      for (let i = 1; i < spans.length; i++) if (this.better(spans[i]![2], spans[pick]![2]) !== spans[pick]![2]) pick = i;
      const [from, to, position] = spans.splice(pick, 1)[0]!;
      found.push(this.items[position]!);
      open(from, position);
      open(position + 1, to);
    }
    return found;
  }

  /** The first position whose text is not before `text`. */
  private lowerBound(text: string): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.items[middle]!.text < text) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The position of the best completion in [from, to), which must not be empty. */
  private bestIn(from: number, to: number): number {
    let best = -1;
    for (let left = from + this.size, right = to + this.size; left < right; left >>= 1, right >>= 1) {
      if (left & 1) best = this.better(best, this.tree[left++]!);
      if (right & 1) best = this.better(best, this.tree[--right]!);
    }
    return best;
  }

  /** Of two positions (-1: none), the likelier completion; the one sorted first on a tie. */
  private better(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const scoreA = this.items[a]!.score;
    const scoreB = this.items[b]!.score;
    if (scoreA !== scoreB) return scoreA > scoreB ? a : b;
    return a < b ? a : b;
  }
}
