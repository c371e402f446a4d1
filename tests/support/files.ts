import { PNG } from 'pngjs';

/** A real PNG of `width`×`height` pixels in one colour. */
export function pngFile(width = 4, height = 4, rgb: [number, number, number] = [11, 92, 171]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb[0];
    png.data[i * 4 + 1] = rgb[1];
    png.data[i * 4 + 2] = rgb[2];
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** A minimal PDF (header, one empty page), `padding` bytes of comment to reach a size. */
export function pdfFile(padding = 0): Buffer {
  const body = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  return Buffer.concat([Buffer.from(body), Buffer.alloc(padding, 0x25)]);
}

/** The start of a JPEG (SOI and an APP0 marker): enough for a type read from the content. */
export function jpegFile(): Buffer {
  return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
}

/** A Direct Line upload as DirectLineJS builds it: the activity as a Blob part, then one `file` part per file. */
export function uploadForm(activity: Record<string, unknown>, files: Array<{ name: string; type: string; data: Buffer }>): FormData {
  const form = new FormData();
  form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
  for (const file of files) form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  return form;
}

/** A PNG that compresses badly (a gradient with noise), like a real screenshot: large, and Web Chat's thumbnail of it too. */
export function noisyPngFile(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const noise = Math.floor(Math.random() * 60);
      png.data[i] = Math.floor((x / width) * 180) + noise;
      png.data[i + 1] = Math.floor((y / height) * 120) + noise;
      png.data[i + 2] = 160 + Math.floor(noise / 2);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
