/** The types accepted for a supplier's files, read from the content's first bytes (never from the name or the declared type). */
export type AcceptedType = 'image/png' | 'image/jpeg' | 'application/pdf';

/**
 * The signatures, as the formats define them: PNG's 8-byte signature, JPEG's SOI marker
 * followed by a marker byte, PDF's "%PDF-" header. (file-type, the usual library, is ESM only
 * since version 17 and this project is CommonJS; three signatures need no library.)
 */
const SIGNATURES: readonly { type: AcceptedType; bytes: readonly number[] }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** The accepted type the content starts with, or undefined when it is none of them. */
export function detectFileType(content: Uint8Array): AcceptedType | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.length <= content.length && bytes.every((byte, i) => content[i] === byte))?.type;
}

/** The extension a served file's name gets for its real type. */
export const EXTENSIONS: Readonly<Record<AcceptedType, string>> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'application/pdf': '.pdf',
};
