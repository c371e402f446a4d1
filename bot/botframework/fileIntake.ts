import type { Logger } from '../logger';
import { checkFiles } from '../attachments/intake';
import { DOWNLOAD_TIMEOUT_MS, MAX_FILE_BYTES } from '../attachments/limits';
import type { FileMessageKey } from '../attachments/messages';
import { AttachmentQuotaError, type AttachmentInfo, type SqlAttachmentStore } from '../attachments/store';

/** The fields of an incoming activity the intake reads (botbuilder's Activity has them all). */
export interface IncomingFiles {
  readonly channelId?: string;
  readonly serviceUrl?: string;
  readonly conversation?: { readonly id: string };
  readonly attachments?: readonly { contentType?: string; contentUrl?: string; name?: string }[];
}

/** What became of a message's files: the ones kept, and each refused one with the chat message that says why. */
export interface FileIntakeResult {
  readonly stored: readonly AttachmentInfo[];
  readonly refused: readonly { readonly name: string; readonly key: FileMessageKey }[];
}

export interface FileIntakeOptions {
  readonly store: SqlAttachmentStore;
  /**
   * Origins files may be downloaded from: the cloud channel's own attachment host (the origin of
   * DIRECT_LINE_ENDPOINT). A contentUrl anywhere else is never fetched.
   */
  readonly allowedOrigins: readonly string[];
  /** Whether an activity came through this server's built-in Direct Line (its files are stored already, by the upload). */
  readonly isBuiltIn: (activity: IncomingFiles) => boolean;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

const OWN_FILE = /\/v3\/directline\/conversations\/[^/]+\/attachments\/(att_[A-Za-z0-9_-]{22})(?:\?|$)/;

class DownloadError extends Error {
  constructor(
    message: string,
    readonly key: FileMessageKey,
  ) {
    super(message);
  }
}

/**
 * Files suppliers send in a message. On the built-in Direct Line the upload route has checked and
 * stored them already; from a cloud channel (Azure Direct Line) they arrive as attachments with a
 * contentUrl, downloaded here only from the channel's own attachment host, without following
 * redirects, capped at MAX_FILE_BYTES while reading and within a timeout, then checked from their
 * content and stored the same way.
 */
export class FileIntake {
  constructor(private readonly options: FileIntakeOptions) {}

  /** The message's files, or undefined when it carries none (cards and other attachments are not files). */
  async receive(activity: IncomingFiles): Promise<FileIntakeResult | undefined> {
    // Teams' files live in the sender's OneDrive (and its inline images behind the connector's
    // token): not Direct Line's attachment host, so not taken here; the message goes on as text.
    if (activity.channelId === 'msteams') return undefined;
    const files = (activity.attachments ?? []).filter(
      (attachment) => typeof attachment.contentUrl === 'string' && !/^application\/vnd\.microsoft\.card\./i.test(attachment.contentType ?? ''),
    );
    const conversationId = activity.conversation?.id;
    if (files.length === 0 || !conversationId) return undefined;
    const channelId = activity.channelId ?? 'unknown';
    if (this.options.isBuiltIn(activity)) {
      const stored: AttachmentInfo[] = [];
      for (const file of files) {
        const id = OWN_FILE.exec(file.contentUrl!)?.[1];
        const found = id ? await this.options.store.get(id, channelId, conversationId) : undefined;
        if (found) stored.push(found);
      }
      return { stored, refused: [] };
    }
    const stored: AttachmentInfo[] = [];
    const refused: { name: string; key: FileMessageKey }[] = [];
    for (const [index, file] of files.entries()) {
      const name = typeof file.name === 'string' ? file.name : '';
      try {
        const data = await this.download(file.contentUrl!);
        const checked = checkFiles([{ field: `attachments[${index}]`, name, data }]);
        if ('refused' in checked) {
          refused.push({ name, key: checked.refused.chatKey });
          continue;
        }
        stored.push(...(await this.options.store.save(channelId, conversationId, checked.accepted)));
      } catch (error) {
        if (error instanceof AttachmentQuotaError) refused.push({ name, key: 'file.refusedQuota' });
        else if (error instanceof DownloadError) {
          this.options.logger.warn({ conversation: conversationId, reason: error.message }, 'attachments: a file was not downloaded');
          refused.push({ name, key: error.key });
        } else throw error;
      }
    }
    return { stored, refused };
  }

  /** The file's bytes, from an allowed origin only, at most MAX_FILE_BYTES, within the timeout. */
  private async download(contentUrl: string): Promise<Buffer> {
    let url: URL;
    try {
      url = new URL(contentUrl);
    } catch {
      throw new DownloadError('not a URL', 'file.refusedDownload');
    }
    if (!this.options.allowedOrigins.includes(url.origin) || url.username || url.password) {
      throw new DownloadError(`not the channel's attachment host (${url.origin})`, 'file.refusedDownload');
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS);
    try {
      const response = await fetch(url, { redirect: 'error', signal: controller.signal });
      if (!response.ok || !response.body) throw new DownloadError(`HTTP ${response.status}`, 'file.refusedDownload');
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > MAX_FILE_BYTES) {
        controller.abort();
        throw new DownloadError(`declared ${declared} bytes`, 'file.refusedSize');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        size += read.value.length;
        if (size > MAX_FILE_BYTES) {
          controller.abort();
          throw new DownloadError('over the size limit', 'file.refusedSize');
        }
        chunks.push(Buffer.from(read.value));
      }
      return Buffer.concat(chunks);
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      throw new DownloadError(controller.signal.aborted ? 'timed out' : (error as Error).message, 'file.refusedDownload');
    } finally {
      clearTimeout(timer);
    }
  }
}
