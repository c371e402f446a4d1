/**
 * An inverted index from index terms to the numbers of the items (entries, phrasings) that
 * hold them, so a query touches only the items sharing one of its terms instead of all of them.
 */
export class Postings {
  private readonly lists = new Map<string, number[]>();

  /** Items must come in ascending order (entry by entry), which makes a repeat easy to spot. */
  add(term: string, item: number): void {
    const list = this.lists.get(term);
    if (!list) this.lists.set(term, [item]);
    else if (list[list.length - 1] !== item) list.push(item);
  }

  get(term: string): readonly number[] {
    return this.lists.get(term) ?? NO_ITEMS;
  }
}

const NO_ITEMS: readonly number[] = [];

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

  /** Adds `weight` to every item of `items` that the current unit has not credited yet. */
  credit(items: readonly number[], weight: number): void {
    const { mark, totals, unit } = this;
    for (const item of items) {
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
