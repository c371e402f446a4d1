import crypto from 'node:crypto';
import type { Database } from '../storage/database';
import type { AcceptedType } from './fileType';
import { CONVERSATION_FILE_QUOTA } from './limits';

/** A stored file as lists show it (no content). */
export interface AttachmentInfo {
  readonly id: string;
  readonly channelId: string;
  readonly conversationId: string;
  /** The user's name for it, made safe (safeFileName); user text all the same. */
  readonly name: string;
  /** Read from the content (detectFileType), never the declared one. */
  readonly contentType: AcceptedType;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

/** A stored file with its bytes. */
export interface StoredAttachment extends AttachmentInfo {
  readonly data: Buffer;
}

export interface NewAttachment {
  readonly name: string;
  readonly contentType: AcceptedType;
  readonly data: Buffer;
}

/** The conversation already holds CONVERSATION_FILE_QUOTA files or bytes. */
export class AttachmentQuotaError extends Error {
  constructor(readonly what: 'files' | 'bytes') {
    super(
      what === 'files'
        ? `attachments: a conversation keeps at most ${CONVERSATION_FILE_QUOTA.files} files`
        : `attachments: a conversation keeps at most ${CONVERSATION_FILE_QUOTA.bytes / (1024 * 1024)} MB of files`,
    );
    this.name = 'AttachmentQuotaError';
  }
}

type AttachmentRow = {
  id: string;
  channel_id: string;
  conversation_id: string;
  name: string;
  content_type: string;
  size: number | string;
  sha256: string;
  created_at: string;
  data?: Buffer | Uint8Array;
};

const INFO_COLUMNS = 'id, channel_id, conversation_id, name, content_type, size, sha256, created_at';

function toInfo(row: AttachmentRow): AttachmentInfo {
  return {
    id: row.id,
    channelId: row.channel_id,
    conversationId: row.conversation_id,
    name: row.name,
    contentType: row.content_type as AcceptedType,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

/** Attachment ids: "att_" and 128 random bits, so one cannot be guessed from another. */
const ID_PATTERN = /^att_[A-Za-z0-9_-]{22}$/;

function isAttachmentId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * Files supplier sent, in the shared database (SQLite blob or PostgreSQL bytea), by conversation.
 * Every read names the conversation or is done for staff: nothing lists files across conversations.
 */
export class SqlAttachmentStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Stores the files of one upload, all or none: AttachmentQuotaError when the conversation's
   * quota (files, bytes) would be exceeded. The count and the inserts are one transaction; on
   * PostgreSQL two uploads of one conversation at the same instant may both pass (uploads are
   * rate limited like posts, so the overshoot is a few files at most).
   */
  async save(channelId: string, conversationId: string, files: readonly NewAttachment[]): Promise<AttachmentInfo[]> {
    const createdAt = this.now().toISOString();
    const records = files.map((file) => ({
      id: `att_${crypto.randomBytes(16).toString('base64url')}`,
      channelId,
      conversationId,
      name: file.name,
      contentType: file.contentType,
      size: file.data.length,
      sha256: crypto.createHash('sha256').update(file.data).digest('hex'),
      createdAt,
      data: file.data,
    }));
    return this.db.transaction(async (tx) => {
      const used = await tx.get<{ files: number | string; bytes: number | string | null }>(
        'SELECT COUNT(*) AS files, SUM(size) AS bytes FROM attachments WHERE channel_id = ? AND conversation_id = ?',
        [channelId, conversationId],
      );
      const bytes = records.reduce((sum, record) => sum + record.size, 0);
      if (Number(used?.files ?? 0) + records.length > CONVERSATION_FILE_QUOTA.files) throw new AttachmentQuotaError('files');
      if (Number(used?.bytes ?? 0) + bytes > CONVERSATION_FILE_QUOTA.bytes) throw new AttachmentQuotaError('bytes');
      for (const record of records) {
        await tx.run(
          `INSERT INTO attachments (id, channel_id, conversation_id, name, content_type, size, sha256, data, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [record.id, channelId, conversationId, record.name, record.contentType, record.size, record.sha256, record.data, createdAt],
        );
      }
      return records.map(({ data: _data, ...info }) => info);
    });
  }

  /** The files of one conversation, oldest first (at most the quota's count). */
  async list(channelId: string, conversationId: string): Promise<AttachmentInfo[]> {
    const rows = await this.db.all<AttachmentRow>(
      `SELECT ${INFO_COLUMNS} FROM attachments WHERE channel_id = ? AND conversation_id = ? ORDER BY created_at, id LIMIT ?`,
      [channelId, conversationId, CONVERSATION_FILE_QUOTA.files * 2],
    );
    return rows.map(toInfo);
  }

  /** One file with its bytes, only if it belongs to that conversation (else undefined, as for an unknown id). */
  async get(id: string, channelId: string, conversationId: string): Promise<StoredAttachment | undefined> {
    if (!isAttachmentId(id)) return undefined;
    const row = await this.db.get<AttachmentRow>(
      `SELECT ${INFO_COLUMNS}, data FROM attachments WHERE id = ? AND channel_id = ? AND conversation_id = ?`,
      [id, channelId, conversationId],
    );
    if (!row?.data) return undefined;
    return { ...toInfo(row), data: Buffer.from(row.data) };
  }

  /** Deletes files older than `days` (the transcripts' retention); returns how many. */
  async purgeOlderThan(days: number, now: Date = this.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const result = await this.db.run('DELETE FROM attachments WHERE created_at < ?', [cutoff]);
    return result.changes;
  }
}
