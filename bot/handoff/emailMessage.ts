import type { Language } from '../../knowledge';
import { escapeHtml } from '../http/html';
import en from './resources/email.en.json';
import fr from './resources/email.fr.json';

type EmailTextKey = keyof typeof en;

const TEXTS: Readonly<Record<Language, Readonly<Record<EmailTextKey, string>>>> = { en, fr };

/** What a follow-up e-mail says: an agent's reply, or that the ticket is resolved. */
export interface FollowUpContent {
  readonly kind: 'reply' | 'resolved';
  readonly language: Language;
  readonly ticketId: string;
  /** The agent's reply (kind `reply`), as the agent wrote it. */
  readonly text?: string;
  /** The link that reopens the supplier's conversation, and how many days it works. */
  readonly link: string;
  readonly linkDays: number;
}

/** A composed e-mail: subject, plain text and HTML (every value written by a person escaped). */
export interface ComposedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The follow-up e-mail in the ticket's language, from the texts in resources/email.{fr,en}.json.
 * It holds the ticket id, the agent's words and the link back, nothing else: no name or address
 * of the agent, nothing the supplier wrote, no Direct Line token beyond the link's resume token.
 */
export function composeFollowUp(content: FollowUpContent): ComposedEmail {
  const texts = Object.hasOwn(TEXTS, content.language) ? TEXTS[content.language] : TEXTS.fr;
  const values = { ticketId: content.ticketId, days: String(content.linkDays) };
  const t = (key: EmailTextKey) => fill(texts[key], values);
  const subject = t(content.kind === 'reply' ? 'replySubject' : 'resolvedSubject');
  const intro = t(content.kind === 'reply' ? 'replyIntro' : 'resolvedIntro');
  const quoted = content.kind === 'reply' && content.text ? content.text : undefined;

  const text = [
    t('greeting'),
    '',
    intro,
    ...(quoted ? ['', ...quoted.split(/\r?\n/).map((line) => `> ${line}`)] : []),
    '',
    t('linkIntro'),
    content.link,
    t('linkLifetime'),
    '',
    t('signature'),
    '',
    '-- ',
    t('why'),
    '',
  ].join('\n');

  const paragraph = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="${content.language === 'en' ? 'en' : 'fr'}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#eef2f7;font:16px/1.5 system-ui,-apple-system,\'Segoe UI\',Roboto,Arial,sans-serif;color:#1b2430">',
    '<div style="max-width:36rem;margin:0 auto;background:#ffffff;border-radius:12px;padding:24px">',
    paragraph(t('greeting')),
    // The ticket number never splits at its hyphen ("PS-" / "000042").
    paragraph(intro).replace(escapeHtml(content.ticketId), `<span style="white-space:nowrap">${escapeHtml(content.ticketId)}</span>`),
    quoted
      ? `<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #0b5cab;background:#e3eefa;white-space:pre-wrap">${escapeHtml(quoted)}</blockquote>`
      : '',
    paragraph(t('linkIntro')),
    `<p style="margin:0 0 16px"><a href="${escapeHtml(content.link)}" style="display:inline-block;padding:10px 18px;border-radius:999px;background:#0b5cab;color:#ffffff;text-decoration:none">${escapeHtml(t('linkLabel'))}</a></p>`,
    paragraph(t('linkLifetime')),
    paragraph(t('signature')),
    `<p style="margin:24px 0 0;font-size:13px;color:#4a5568">${escapeHtml(t('why'))}</p>`,
    '</div></body></html>',
  ].join('\n');

  return { subject, text, html };
}
