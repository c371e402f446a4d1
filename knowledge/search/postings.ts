/**
 * An inverted index from term numbers to the numbers of the items (entries, phrasings) that
 * hold them, so a query touches only the items sharing one of its terms instead of all of them.
 * All lists live in one Int32Array (compressed sparse rows): term t's items are
 * `items[starts[t]] … items[starts[t + 1] - 1]`, in ascending order, each once; `counts` holds,
 * beside each item, how many times the item holds the term (BM25's term frequency).
 * Two typed arrays instead of a Map of arrays: 10,000 entries' postings took tens of MB as
 * JS arrays, and typed arrays go from a worker thread to the main one without a copy.
 */
export class PostingLists {
  constructor(
    readonly starts: Int32Array,
    readonly items: Int32Array,
    /** Empty when every count is 1 (phrasings hold each term once). */
    readonly counts: Int32Array,
  ) {}

  /** The number of terms the lists were built for; a higher term number has no items. */
  get termCount(): number {
    return this.starts.length - 1;
  }

  start(term: number): number {
    return term < this.termCount ? this.starts[term]! : 0;
  }

  end(term: number): number {
    return term < this.termCount ? this.starts[term + 1]! : 0;
  }

  /** How many items hold the term. */
  frequency(term: number): number {
    return this.end(term) - this.start(term);
  }
}

/**
 * Builds PostingLists in two passes over the same items (a counting sort): first count every
 * (item, term) pair in `starts[term + 1]`, then `allocate`, then place each pair again, in the
 * same order, at `items[next[term]++]` (and its count beside it). The arrays are exposed so the
 * index's loops write them directly: a method call per pair cost more than the pair.
 * Items must come in ascending order, each term at most once per item.
 */
export class PostingListsBuilder {
  readonly starts: Int32Array;
  next = new Int32Array(0);
  items = new Int32Array(0);
  counts = new Int32Array(0);

  /** @param counted whether to keep each item's count (else they are all 1). */
  constructor(
    termCount: number,
    private readonly counted = true,
  ) {
    this.starts = new Int32Array(termCount + 1);
  }

  /** Ends the counting pass. */
  allocate(): void {
    const { starts } = this;
    for (let t = 1; t < starts.length; t++) starts[t]! += starts[t - 1]!;
    this.next = starts.slice(0, starts.length - 1);
    this.items = new Int32Array(starts[starts.length - 1]!);
    this.counts = new Int32Array(this.counted ? this.items.length : 0);
  }

  build(): PostingLists {
    return new PostingLists(this.starts, this.items, this.counts);
  }
}

/**
 * Sums query units' weights per item, as the rankers' loops over every item did: unit by unit,
 * in query order, each unit credited at most once per item (whichever of its keys matched), so
 * the floating-point sums are the very same. Scratch arrays are reused across queries (search
 * is synchronous); `mark` remembers the last unit that credited each item.
 */
export class UnitAccumulator {
  private readonly totals: Float64Array;
  private readonly mark: Float64Array;
  private readonly hit: number[] = [];
  /** Numbers units across all queries; a float counts far beyond any realistic lifetime. */
  private unit = 0;
  private queryStart = 1;

  constructor(size: number) {
    this.totals = new Float64Array(size);
    this.mark = new Float64Array(size);
  }

  /** Starts a query: forgets the previous one's totals. */
  begin(): void {
    for (const item of this.hit) this.totals[item] = 0;
    this.hit.length = 0;
    this.queryStart = this.unit + 1;
  }

  /** Moves to the next query unit. */
  nextUnit(): void {
    this.unit++;
  }

  /**
   * Adds `weight` to every item of `items[from … to - 1]` that the current unit has not
   * credited yet (all of `items` by default).
   */
  credit(items: ArrayLike<number>, weight: number, from = 0, to = items.length): void {
    const { mark, totals, unit } = this;
    for (let i = from; i < to; i++) {
      const item = items[i]!;
      if (mark[item] === unit) continue;
      if (mark[item]! < this.queryStart) this.hit.push(item);
      mark[item] = unit;
      totals[item] = totals[item]! + weight;
    }
  }

  /** The items credited since `begin`, in the order first credited. */
  items(): readonly number[] {
    return this.hit;
  }

  /** The items credited since `begin`, in ascending order (a full scan costs less than sorting many). */
  itemsInOrder(): number[] {
    if (this.hit.length * 16 < this.mark.length) return [...this.hit].sort((a, b) => a - b);
    const items: number[] = [];
    for (let item = 0; item < this.mark.length; item++) if (this.mark[item]! >= this.queryStart) items.push(item);
    return items;
  }

  total(item: number): number {
    return this.totals[item]!;
  }
}

/**
 * Per-item sums of two fields' contributions (BM25's questions and answers), kept apart so they
 * are added in the same order as lunr added them. Scratch arrays reused across queries.
 */
export class FieldSums {
  readonly first: Float64Array;
  readonly second: Float64Array;
  private readonly hit: number[] = [];
  private readonly touched: Uint8Array;

  constructor(size: number) {
    this.first = new Float64Array(size);
    this.second = new Float64Array(size);
    this.touched = new Uint8Array(size);
  }

  /** Starts a query: forgets the previous one's sums. */
  begin(): void {
    for (const item of this.hit) {
      this.first[item] = 0;
      this.second[item] = 0;
      this.touched[item] = 0;
    }
    this.hit.length = 0;
  }

  add(field: Float64Array, item: number, value: number): void {
    if (!this.touched[item]) {
      this.touched[item] = 1;
      this.hit.push(item);
    }
    field[item] = field[item]! + value;
  }

  /** The items added to since `begin`, in the order first added. */
  items(): readonly number[] {
    return this.hit;
  }
}
