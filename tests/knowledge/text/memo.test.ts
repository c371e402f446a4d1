import { memoize } from '../../../knowledge/text/memo';

describe('memoize', () => {
  it('computes a word once and answers again from memory', () => {
    const fn = jest.fn((word: string) => word.toUpperCase());
    const upper = memoize(fn);
    expect([upper('rib'), upper('rib'), upper('po')]).toEqual(['RIB', 'RIB', 'PO']);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('remembers undefined results too (a word with no typo correction)', () => {
    const fn = jest.fn((): string | undefined => undefined);
    const correct = memoize(fn);
    correct('netflix');
    correct('netflix');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('empties itself past its limit, so memory stays bounded, and still answers right', () => {
    const fn = jest.fn((word: string) => word.length);
    const length = memoize(fn, 2);
    expect([length('a'), length('bb'), length('ccc'), length('a')]).toEqual([1, 2, 3, 1]);
    expect(fn).toHaveBeenCalledTimes(4);
  });
});
