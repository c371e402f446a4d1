/** What replaces an e-mail address in stored question text. */
export const EMAIL_PLACEHOLDER = '[email]';
/** What replaces a phone number (or any long run of digits) in stored question text. */
export const PHONE_PLACEHOLDER = '[phone]';

// local@domain.tld, including "+tags", dots and sub-domains; no attempt to validate.
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Seven or more digits, possibly split by spaces, dots, dashes, slashes or parentheses, with an
// optional leading +: phone numbers ("06 12 34 56 78", "+33 (0)1 23 45 67 89"), IBAN-like runs.
const PHONE = /\+?\(?\d(?:[\s.\-/()]{0,2}\d){6,}/g;

/**
 * Removes contact details from a question before it is stored for analytics: e-mail
 * addresses and phone-like runs of seven or more digits. Short numbers (a PO number's
 * "2024", "2FA", "top 5") are kept, since they say what the question is about.
 */
export function stripContactDetails(text: string): string {
  return text.replace(EMAIL, EMAIL_PLACEHOLDER).replace(PHONE, PHONE_PLACEHOLDER);
}
