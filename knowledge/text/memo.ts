/** How many results a memoized function keeps: far more than the distinct words of a day's queries. */
const MEMO_LIMIT = 5000;

/**
 * Remembers a pure function of one string (stemming a word, folding its accents): the same
 * few hundred words come back in every query. The cache is simply emptied when it outgrows
 * `limit`, so memory stays bounded at the cost of recomputing each word once after a clear.
 */
export function memoize<T>(fn: (key: string) => T, limit = MEMO_LIMIT): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const cached = cache.get(key);
    if (cached !== undefined || cache.has(key)) return cached as T;
    const value = fn(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
