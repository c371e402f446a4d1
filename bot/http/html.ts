/**
 * HTML text for the server's few pages. Hand-written, not escape-html: that package writes
 * `&lt;` where these pages have always written `&#60;` (tests/bot/staff/signInRoutes.test.ts and tests/bot/handoff/consolePage.test.ts check
 * the bytes), and the whole of it is one line.
 */

/** `value` safe inside HTML text and quoted attributes: `& < > " '` as numeric character references. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fills the `{{name}}` placeholders of a page template with HTML-escaped values (missing ones: empty). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => escapeHtml(values[name] ?? ''));
}
