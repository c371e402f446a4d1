/**
 * What a supplier may send as files (issue 17, item 4), and what one upload may make this server
 * hold. Documented in docs/security.md; every bound is checked while the bytes arrive, never after.
 */

/** Largest file accepted (PNG, JPEG or PDF). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** File parts in one upload (Web Chat sends one part per attached file). */
export const MAX_FILES_PER_UPLOAD = 4;

/** Parts of any kind in one upload (the activity part and the files; anything else is refused). */
export const MAX_PARTS_PER_UPLOAD = MAX_FILES_PER_UPLOAD + 1;

/** The `activity` part's JSON (Web Chat sends a few hundred characters). */
export const MAX_ACTIVITY_PART_BYTES = 64 * 1024;

/** A whole upload's body: the files at their largest, the activity part and the multipart framing. */
export const MAX_UPLOAD_BYTES = MAX_FILES_PER_UPLOAD * MAX_FILE_BYTES + MAX_ACTIVITY_PART_BYTES + 64 * 1024;

/**
 * Upload bytes this instance holds in memory at once, all uploads together: each upload is held
 * whole until it is checked and stored, so without a budget 100 parallel uploads would hold 1.6 GB.
 * An upload that would go over it is refused with 503 and Retry-After.
 */
export const MAX_UPLOAD_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/** Longest file name kept (characters); longer names are cut, keeping the extension. */
export const MAX_FILE_NAME_LENGTH = 120;

/**
 * Per-conversation quota: files and bytes kept. Past either, uploads are refused (413) until the
 * retention (TRANSCRIPT_RETENTION_DAYS, as the transcripts) removes older ones.
 */
export const CONVERSATION_FILE_QUOTA = { files: 20, bytes: 40 * 1024 * 1024 } as const;

/** A file the bot downloads from a cloud channel's attachment host must arrive within this. */
export const DOWNLOAD_TIMEOUT_MS = 15_000;
