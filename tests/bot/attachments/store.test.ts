import { detectFileType } from '../../../bot/attachments/fileType';
import { attachmentDisposition, safeFileName } from '../../../bot/attachments/fileName';
import { CONVERSATION_FILE_QUOTA } from '../../../bot/attachments/limits';
import { AttachmentQuotaError, SqlAttachmentStore } from '../../../bot/attachments/store';
import type { Database } from '../../../bot/storage/database';
import { ENGINES } from '../storage/engines';
import { jpegFile, pdfFile, pngFile } from '../../support/files';

describe('file types read from the content', () => {
  it('knows PNG, JPEG and PDF by their signatures, and nothing else', () => {
    expect(detectFileType(pngFile())).toBe('image/png');
    expect(detectFileType(jpegFile())).toBe('image/jpeg');
    expect(detectFileType(pdfFile())).toBe('application/pdf');
    expect(detectFileType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(detectFileType(Buffer.from('<html><script>alert(1)</script>'))).toBeUndefined();
    expect(detectFileType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(detectFileType(Buffer.alloc(0))).toBeUndefined();
    expect(detectFileType(pngFile().subarray(0, 7))).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps the last path segment, drops control and direction characters, and ends in the real type', () => {
    expect(safeFileName('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(safeFileName('C:\\Users\\me\\capture.PNG', 'image/png')).toBe('capture.PNG');
    expect(safeFileName('facture.pdf', 'image/png')).toBe('facture.pdf.png');
    expect(safeFileName('photo.jpeg', 'image/jpeg')).toBe('photo.jpeg');
    expect(safeFileName('evil\u202Egnp.exe', 'image/png')).toBe('evilgnp.exe.png');
    expect(safeFileName('a\r\nb\u0000.pdf', 'application/pdf')).toBe('ab.pdf');
    expect(safeFileName('', 'application/pdf')).toBe('fichier.pdf');
    expect(safeFileName(undefined, 'image/jpeg')).toBe('fichier.jpg');
    expect(safeFileName(`${'x'.repeat(500)}.pdf`, 'application/pdf')).toHaveLength(120);
    expect(safeFileName(`${'x'.repeat(500)}.pdf`, 'application/pdf').endsWith('.pdf')).toBe(true);
  });

  it('quotes the name in Content-Disposition with an ASCII fallback and filename*', () => {
    const header = attachmentDisposition('relevé "mai".pdf');
    expect(header).toMatch(/^attachment; filename="relev_ \\"mai\\"\.pdf"; filename\*=UTF-8''relev%C3%A9%20%22mai%22\.pdf$/);
  });
});

describe.each(ENGINES)('SqlAttachmentStore on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let store: SqlAttachmentStore;
  let now = new Date('2026-11-30T10:00:00.000Z');

  beforeAll(async () => {
    ({ db, dispose } = await engine.open());
    store = new SqlAttachmentStore(db, () => now);
  });
  afterAll(async () => {
    await dispose();
  });

  it('keeps the bytes exactly and gives them back only for their own conversation', async () => {
    const png = pngFile(32, 32);
    const [saved] = await store.save('directline', 'conv-a', [{ name: 'capture.png', contentType: 'image/png', data: png }]);
    expect(saved).toMatchObject({ name: 'capture.png', contentType: 'image/png', size: png.length, conversationId: 'conv-a' });
    expect(saved!.id).toMatch(/^att_[A-Za-z0-9_-]{22}$/);
    const back = await store.get(saved!.id, 'directline', 'conv-a');
    expect(back?.data.equals(png)).toBe(true);
    expect(await store.get(saved!.id, 'directline', 'conv-b')).toBeUndefined();
    expect(await store.get(saved!.id, 'webchat', 'conv-a')).toBeUndefined();
    expect(await store.get('att_not-an-id', 'directline', 'conv-a')).toBeUndefined();
    expect((await store.list('directline', 'conv-a')).map((file) => file.id)).toEqual([saved!.id]);
    expect(await store.list('directline', 'conv-b')).toEqual([]);
  });

  it('refuses past the per-conversation quota of files, all of an upload or none', async () => {
    const small = { name: 'a.pdf', contentType: 'application/pdf' as const, data: pdfFile() };
    await store.save('directline', 'conv-quota', Array.from({ length: CONVERSATION_FILE_QUOTA.files - 1 }, () => small));
    await expect(store.save('directline', 'conv-quota', [small, small])).rejects.toBeInstanceOf(AttachmentQuotaError);
    expect(await store.list('directline', 'conv-quota')).toHaveLength(CONVERSATION_FILE_QUOTA.files - 1);
    await store.save('directline', 'conv-quota', [small]);
    await expect(store.save('directline', 'conv-quota', [small])).rejects.toThrow(/at most 20 files/);
  });

  it('refuses past the per-conversation quota of bytes', async () => {
    const big = { name: 'big.pdf', contentType: 'application/pdf' as const, data: pdfFile(4 * 1024 * 1024 - 200) };
    const fits = Math.floor(CONVERSATION_FILE_QUOTA.bytes / big.data.length);
    for (let n = 0; n < fits; n++) await store.save('directline', 'conv-bytes', [big]);
    await expect(store.save('directline', 'conv-bytes', [big])).rejects.toMatchObject({ what: 'bytes' });
  });

  it('purges files older than the retention, as the transcripts', async () => {
    now = new Date('2026-01-01T00:00:00.000Z');
    await store.save('directline', 'conv-old', [{ name: 'old.png', contentType: 'image/png', data: pngFile() }]);
    now = new Date('2026-11-30T10:00:00.000Z');
    expect(await store.purgeOlderThan(90)).toBe(1);
    expect(await store.list('directline', 'conv-old')).toEqual([]);
    expect(await store.list('directline', 'conv-a')).toHaveLength(1);
  });
});
