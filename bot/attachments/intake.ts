import { detectFileType } from './fileType';
import { safeFileName } from './fileName';
import { MAX_FILE_BYTES } from './limits';
import type { FileMessageKey } from './messages';
import type { NewAttachment } from './store';

/** A file as received (from an upload part or a download): the name the client gave and the bytes. */
export interface ReceivedFile {
  readonly field: string;
  readonly name: string;
  readonly data: Buffer;
}

/** A file refused: the field it came in, its (given) name, why, and the chat message that says so. */
export interface RefusedFile {
  readonly field: string;
  readonly name: string;
  readonly status: 413 | 415;
  readonly message: string;
  readonly chatKey: FileMessageKey;
}

/**
 * Checks each file: its type from its first bytes (PNG, JPEG or PDF; the declared type and the
 * name are never trusted) and its size; names are made safe. All accepted, or the first refusal.
 */
export function checkFiles(files: readonly ReceivedFile[]): { accepted: NewAttachment[] } | { refused: RefusedFile } {
  const accepted: NewAttachment[] = [];
  for (const file of files) {
    const shown = JSON.stringify(file.name.slice(0, 120));
    if (file.data.length > MAX_FILE_BYTES) {
      return { refused: { field: file.field, name: file.name, status: 413, chatKey: 'file.refusedSize', message: `${file.field} ${shown} must be at most ${MAX_FILE_BYTES / (1024 * 1024)} MB` } };
    }
    const contentType = detectFileType(file.data);
    if (!contentType) {
      return {
        refused: {
          field: file.field,
          name: file.name,
          status: 415,
          chatKey: 'file.refusedType',
          message: `${file.field} ${shown} must be a PNG, JPEG or PDF file (its content is none of them, whatever its name or declared type)`,
        },
      };
    }
    accepted.push({ name: safeFileName(file.name, contentType), contentType, data: file.data });
  }
  return { accepted };
}
