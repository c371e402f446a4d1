/** The most of a candidate's key kept (stored text is itself cut at 500 characters). */
const MAX_KEY_LENGTH = 500;

/**
 * How accepted questions are grouped into one candidate phrasing: "Self help resources?" and
 * "self  help resources" are the same candidate; accents are folded as the editor does when it
 * tells a phrasing it already has.
 */
export function candidateKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.…]+$/u, '')
    .slice(0, MAX_KEY_LENGTH);
}
