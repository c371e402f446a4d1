/**
 * Numbers strings (index terms, words) in the order first seen, so indexes hold small integers
 * instead of strings. Only ever grows: the knowledge bases built one after another by edits
 * share one vocabulary, and an older one simply has no postings for the numbers added after it.
 */
export class Vocabulary {
  private readonly numbers = new Map<string, number>();
  private readonly strings: string[] = [];

  /** A vocabulary holding `strings` as numbers 0, 1, 2… (as a worker thread built it). */
  static of(strings: readonly string[]): Vocabulary {
    const vocabulary = new Vocabulary();
    for (const string of strings) vocabulary.intern(string);
    return vocabulary;
  }

  /** The string's number, added if new. */
  intern(string: string): number {
    let number = this.numbers.get(string);
    if (number === undefined) {
      number = this.strings.length;
      this.numbers.set(string, number);
      this.strings.push(string);
    }
    return number;
  }

  /** The string's number, or -1 when it was never seen. */
  find(string: string): number {
    return this.numbers.get(string) ?? -1;
  }

  string(number: number): string {
    return this.strings[number]!;
  }

  get size(): number {
    return this.strings.length;
  }

  /** Every string, in number order (what a worker sends back). */
  list(): readonly string[] {
    return this.strings;
  }
}
