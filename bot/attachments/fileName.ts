import contentDisposition from 'content-disposition';
import { EXTENSIONS, type AcceptedType } from './fileType';
import { MAX_FILE_NAME_LENGTH } from './limits';

/**
 * A user-written file name made safe to keep and show: the last path segment only, no control
 * or bidirectional-override characters, at most MAX_FILE_NAME_LENGTH characters, and the
 * extension of its real type (a "facture.pdf" that is a PNG is kept as "facture.pdf.png").
 * It is still user text: pages render it as text, never as HTML.
 */
export function safeFileName(name: unknown, type: AcceptedType): string {
  const given = typeof name === 'string' ? name : '';
  const lastSegment = given.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  let clean = lastSegment.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '').trim();
  clean = clean.replace(/^\.+/, '');
  const extension = EXTENSIONS[type];
  const alias = type === 'image/jpeg' ? /\.jpe?g$/i : new RegExp(`${extension.replace('.', '\\.')}$`, 'i');
  if (!alias.test(clean)) clean = `${clean || 'fichier'}${extension}`;
  if (clean.length > MAX_FILE_NAME_LENGTH) {
    const ext = /\.[A-Za-z0-9]{1,5}$/.exec(clean)?.[0] ?? '';
    clean = `${clean.slice(0, MAX_FILE_NAME_LENGTH - ext.length)}${ext}`;
  }
  return clean;
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the exact name, quoted safely. */
export function attachmentDisposition(name: string): string {
  // An ASCII fallback whenever the name is not ASCII, so filename* carries the exact name (Latin-1 included).
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return contentDisposition(name, { type: 'attachment', fallback: ascii });
}
