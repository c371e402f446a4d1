/** What replaces an e-mail address in stored question text. */
export const EMAIL_PLACEHOLDER = '[email]';
/** What replaces a phone number (or any long run of digits) in stored question text. */
const PHONE_PLACEHOLDER = '[phone]';
/**
 * The most of a message the analytics ever look at (stored text is cut to 500 after redaction).
 * `/api/messages` accepted a 200 KB text, and every step after this one is at least linear in it.
 */
export const MAX_REDACTED_TEXT = 1000;

// What may come before the @ of an address: "+tags", dots, apostrophes. No '@', no space, so a
// run of these ends at most at one '@', which is what makes the scan below linear.
const LOCAL_CHAR = /^[\p{L}\p{N}._%+'-]$/u;
// The domain, tried once, at the position right after an '@' (sticky). Its labels cannot hold a
// '.', so giving back one label at a time is the only backtracking: linear in the domain.
const DOMAIN_AT = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/uy;
// Seven or more digits, possibly split by spaces, dots, dashes, slashes or parentheses, with an
// optional leading +: phone numbers ("06 12 34 56 78", "+33 (0)1 23 45 67 89"), IBAN-like runs.
// Linear: separators are never digits, so each digit run splits one way only.
const PHONE = /\+?\(?\d(?:[\s.\-/()]{0,2}\d){6,}/g;

/** Where the run of local-part characters that ends at `end` starts (not before `floor`). */
function localPartStart(text: string, end: number, floor: number): number {
  let start = end;
  while (start > floor) {
    const low = text.charCodeAt(start - 1);
    const isPair = low >= 0xdc00 && low <= 0xdfff && start - 2 >= floor;
    const width = isPair ? 2 : 1;
    if (!LOCAL_CHAR.test(text.slice(start - width, start))) break;
    start -= width;
  }
  return start;
}

/**
 * Replaces e-mail addresses, as `/[\p{L}\p{N}._%+'-]+@<domain>/gu` would, in time linear in
 * the text. That regex was quadratic: on a long run of letters without an '@' it tried every
 * start and read to the end of the run each time (a 200 KB message blocked the event loop 38 s).
 * Here each '@' is found once, the local part is read backwards from it and the domain forwards;
 * neither can cross another '@', so each character is read a bounded number of times.
 */
export function replaceEmails(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at < copiedUpTo) continue;
    const start = localPartStart(text, at, copiedUpTo);
    if (start === at) continue;
    DOMAIN_AT.lastIndex = at + 1;
    if (!DOMAIN_AT.test(text)) continue;
    out += text.slice(copiedUpTo, start) + EMAIL_PLACEHOLDER;
    copiedUpTo = DOMAIN_AT.lastIndex;
  }
  return out + text.slice(copiedUpTo);
}

/**
 * The first `limit` characters of a text, without a word cut in two at the end: half an
 * address ("jean.dupont@fourn") would no longer look like one and would escape redaction.
 */
export function capText(text: string, limit = MAX_REDACTED_TEXT): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  if (/\s/.test(text[limit]!)) return cut;
  for (let i = cut.length - 1; i >= 0; i--) if (/\s/.test(cut[i]!)) return cut.slice(0, i);
  return '';
}

/**
 * Removes contact details from a question before it is stored for analytics: e-mail
 * addresses and phone-like runs of seven or more digits. Short numbers (a PO number's
 * "2024", "2FA", "top 5") are kept, since they say what the question is about. Only the first
 * MAX_REDACTED_TEXT characters are looked at, and kept.
 */
export function stripContactDetails(text: string): string {
  return replaceEmails(capText(text)).replace(PHONE, PHONE_PLACEHOLDER);
}
