import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import {
  MAX_ACTIVITY_PART_BYTES,
  MAX_FILE_BYTES,
  MAX_FILES_PER_UPLOAD,
  MAX_PARTS_PER_UPLOAD,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_BYTES_IN_FLIGHT,
} from './limits';

/** One file part as it arrived: its field, the name and type the client declared (not trusted), its bytes. */
interface UploadedPart {
  readonly field: string;
  readonly name: string;
  readonly declaredType: string;
  readonly data: Buffer;
}

/** A Direct Line upload: the `activity` part's text (JSON, not parsed yet) and the file parts. */
export interface Upload {
  readonly activity?: string;
  readonly files: readonly UploadedPart[];
  /** Bytes counted against the instance's budget until releaseUpload. */
  readonly heldBytes: number;
}

/** Why an upload was refused: the status, the field it is about and a message naming the limit. */
export interface UploadProblem {
  readonly status: 400 | 413 | 415 | 503;
  readonly error: 'bad_request' | 'too_large' | 'unsupported_media_type' | 'unavailable';
  readonly field: string;
  readonly message: string;
}

const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;

/** The part name Direct Line gives the activity (DirectLineJS sends it as a Blob, hence as a "file" part). */
const ACTIVITY_PART = 'activity';

/**
 * Upload bytes held in memory by this instance, all uploads together (MAX_UPLOAD_BYTES_IN_FLIGHT).
 * One per process: every upload route shares it.
 */
export class ByteBudget {
  private used = 0;
  constructor(private readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes: number): void {
    this.used -= bytes;
  }
  get inUse(): number {
    return this.used;
  }
}


export const uploadBudget = new ByteBudget(MAX_UPLOAD_BYTES_IN_FLIGHT);

/**
 * Reads a multipart/form-data upload with busboy, in memory only (nothing is written to disk),
 * enforcing every limit while the bytes arrive: the declared and the real body size, the number
 * of parts and files, each file's size, the activity part's size, part headers, and this
 * instance's budget of upload bytes in flight. On a refusal the rest of the body is read and
 * dropped (never kept) and the caller answers with the problem and closes the connection.
 */
export function readUpload(req: IncomingMessage, contentType: string, budget: ByteBudget = uploadBudget): Promise<Upload | UploadProblem> {
  return new Promise((resolve) => {
    let held = 0;
    let settled = false;
    const files: UploadedPart[] = [];
    let activity: string | undefined;
    /** File parts begun (their ends come later, in any order). */
    let fileParts = 0;
    let parser: busboy.Busboy | undefined;

    const release = () => {
      budget.give(held);
      held = 0;
    };
    const finish = (result: Upload | UploadProblem) => {
      if (settled) return;
      settled = true;
      if ('status' in result) {
        release();
        files.length = 0;
        if (parser) req.unpipe(parser);
        parser?.removeAllListeners();
        // Drop whatever still comes (the answer closes the connection; requestTimeout bounds a slow sender).
        req.on('data', () => undefined);
        req.resume();
      }
      resolve(result);
    };

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
      return finish({ status: 413, error: 'too_large', field: 'body', message: `an upload must be at most ${mb(MAX_UPLOAD_BYTES)} (Content-Length says ${declared} bytes)` });
    }
    try {
      parser = busboy({
        headers: { ...req.headers, 'content-type': contentType },
        // Browsers send UTF-8 file names in the plain filename parameter.
        defParamCharset: 'utf8',
        limits: {
          fieldNameSize: 100,
          fieldSize: MAX_ACTIVITY_PART_BYTES,
          fields: 1,
          // busboy calls a file that reaches its limit too large: one byte more, so exactly MAX_FILE_BYTES passes.
          fileSize: MAX_FILE_BYTES + 1,
          // Backstops above the counts checked part by part below (those name the field): the
          // activity comes as a file part too (a Blob).
          files: MAX_FILES_PER_UPLOAD + 3,
          parts: MAX_PARTS_PER_UPLOAD + 2,
          headerPairs: 20,
        },
      });
    } catch (error) {
      return finish({ status: 400, error: 'bad_request', field: 'Content-Type', message: `the body must be multipart/form-data with a boundary (${(error as Error).message})` });
    }

    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > MAX_UPLOAD_BYTES) {
        finish({ status: 413, error: 'too_large', field: 'body', message: `an upload must be at most ${mb(MAX_UPLOAD_BYTES)}` });
      }
    });

    const hold = (bytes: number): boolean => {
      if (!budget.take(bytes)) {
        finish({ status: 503, error: 'unavailable', field: 'body', message: 'too many uploads are being received right now; retry in a few seconds' });
        return false;
      }
      held += bytes;
      return true;
    };

    parser.on('file', (field, stream, info) => {
      if (settled) return stream.resume();
      const isActivity = field === ACTIVITY_PART;
      if (!isActivity && field !== 'file' && !/^file\d{0,3}$/.test(field)) {
        stream.resume();
        return finish({ status: 400, error: 'bad_request', field, message: `unexpected part ${JSON.stringify(field.slice(0, 40))}: an upload holds an "activity" part and "file" parts` });
      }
      if (isActivity && activity !== undefined) {
        stream.resume();
        return finish({ status: 400, error: 'bad_request', field: ACTIVITY_PART, message: 'the activity part must be sent once' });
      }
      if (!isActivity && ++fileParts > MAX_FILES_PER_UPLOAD) {
        stream.resume();
        return finish({ status: 413, error: 'too_large', field, message: `an upload holds at most ${MAX_FILES_PER_UPLOAD} files` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (isActivity && size > MAX_ACTIVITY_PART_BYTES) {
          return finish({ status: 413, error: 'too_large', field: ACTIVITY_PART, message: `the activity part must be at most ${MAX_ACTIVITY_PART_BYTES} bytes` });
        }
        if (!hold(chunk.length)) return;
        chunks.push(chunk);
      });
      stream.on('limit', () => {
        finish({
          status: 413,
          error: 'too_large',
          field,
          message: `${JSON.stringify(info.filename?.slice(0, 120) ?? field)}: a file must be at most ${mb(MAX_FILE_BYTES)}`,
        });
      });
      stream.on('end', () => {
        if (settled) return;
        const data = Buffer.concat(chunks);
        if (isActivity) activity = data.toString('utf8');
        else files.push({ field, name: info.filename ?? '', declaredType: info.mimeType, data });
      });
    });
    parser.on('field', (field, value, info) => {
      if (settled) return;
      if (field !== ACTIVITY_PART) {
        return finish({ status: 400, error: 'bad_request', field, message: `unexpected field ${JSON.stringify(field.slice(0, 40))}: an upload holds an "activity" part and "file" parts` });
      }
      if (info.valueTruncated) {
        return finish({ status: 413, error: 'too_large', field, message: `the activity part must be at most ${MAX_ACTIVITY_PART_BYTES} bytes` });
      }
      if (activity !== undefined) return finish({ status: 400, error: 'bad_request', field, message: 'the activity part must be sent once' });
      activity = value;
    });
    parser.on('partsLimit', () => finish({ status: 413, error: 'too_large', field: 'body', message: `an upload holds at most ${MAX_PARTS_PER_UPLOAD} parts` }));
    parser.on('filesLimit', () => finish({ status: 413, error: 'too_large', field: 'file', message: `an upload holds at most ${MAX_FILES_PER_UPLOAD} files` }));
    parser.on('fieldsLimit', () => finish({ status: 400, error: 'bad_request', field: 'body', message: 'an upload holds one "activity" part and "file" parts' }));
    parser.on('error', (error: Error) => finish({ status: 400, error: 'bad_request', field: 'body', message: `malformed multipart body: ${error.message.slice(0, 120)}` }));
    parser.on('close', () => {
      if (settled) return;
      if (files.length === 0) return finish({ status: 400, error: 'bad_request', field: 'file', message: 'an upload needs at least one "file" part' });
      // Handed over with the bytes held: the caller stores them, then calls releaseUpload.
      finish({ activity, files: [...files], heldBytes: held });
    });
    req.on('error', () => finish({ status: 400, error: 'bad_request', field: 'body', message: 'the upload was interrupted' }));
    req.on('aborted', () => finish({ status: 400, error: 'bad_request', field: 'body', message: 'the upload was interrupted' }));
    req.pipe(parser);
  });
}

/** Gives back to the budget the bytes of an upload once it is stored or dropped. */
export function releaseUpload(upload: Upload, budget: ByteBudget = uploadBudget): void {
  budget.give(upload.heldBytes);
}
