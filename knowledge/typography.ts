/**
 * French spacing: a no-break space (U+00A0) before ? ! : ; and » and after «, where the text has a
 * plain one. Written with ordinary spaces, "facteurs ?" let the "?" wrap alone onto the next line
 * of a chat bubble. Only spaces already there change: "facteurs?" stays as it is, and a colon with
 * no space before it (a URL, a time) is never touched. The dialogs' own texts are written with the
 * no-break spaces already (dialogs/resources).
 */
const SPACE_BEFORE = /[ \t]+([?!:;»])/g;
const SPACE_AFTER = /«[ \t]+/g;

export function frenchSpacing(text: string): string {
  return text.replace(SPACE_BEFORE, '\u00a0$1').replace(SPACE_AFTER, '«\u00a0');
}
