import type { Response } from 'restify';
import { attachmentDisposition } from './fileName';
import type { AttachmentInfo, StoredAttachment } from './store';

/**
 * Sends a stored file: its real type, always as a download (Content-Disposition: attachment with
 * a safe filename*), never sniffed, under a CSP that lets it run nothing even if opened directly,
 * and readable by this origin only. An <img> still shows a PNG or JPEG served this way.
 */
export function sendAttachment(res: Response, file: StoredAttachment): void {
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': String(file.data.length),
    'Content-Disposition': attachmentDisposition(file.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'private, no-store',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(file.data);
}

/** A file as the ticket API lists it, with the address staff open it at. */
export function attachmentView(file: AttachmentInfo, url: string) {
  return { id: file.id, name: file.name, contentType: file.contentType, size: file.size, createdAt: file.createdAt, url };
}
