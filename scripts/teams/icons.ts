/**
 * Draws the Teams app icons (a speech bubble with three dots) and writes them as PNG (pngjs), so
 * no image tool is needed: `npm run teams:icons` regenerates teams/*.png.
 * Teams wants color.png 192×192 (full colour) and outline.png 32×32 (white on transparent).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { projectRoot } from '../../knowledge/paths';

export const ACCENT = { r: 0x0b, g: 0x5c, b: 0xab };
export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;
const SUBSAMPLES = 4;

type Shape = (x: number, y: number) => boolean;

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number) => (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const d1 = side(ax, ay, bx, by, x, y);
    const d2 = side(bx, by, cx, cy, x, y);
    const d3 = side(cx, cy, ax, ay, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((shape) => shape(x, y));
const minus = (a: Shape, b: Shape): Shape => (x, y) => a(x, y) && !b(x, y);

/** Fraction of a pixel covered by a shape (anti-aliasing by supersampling). */
function coverage(shape: Shape, px: number, py: number, scale: number): number {
  let inside = 0;
  for (let i = 0; i < SUBSAMPLES; i++) {
    for (let j = 0; j < SUBSAMPLES; j++) {
      if (shape((px + (i + 0.5) / SUBSAMPLES) / scale, (py + (j + 0.5) / SUBSAMPLES) / scale)) inside++;
    }
  }
  return inside / (SUBSAMPLES * SUBSAMPLES);
}

/** The bubble on a 32-unit grid, scaled to the icon's size. */
const bubble = union(roundRect(5, 6.5, 27, 21.5, 4.5), triangle(9, 20, 9, 27, 16, 21));
const dots = union(circle(11, 14, 1.9), circle(16, 14, 1.9), circle(21, 14, 1.9));
const bubbleOutline = union(
  minus(bubble, union(roundRect(7, 8.5, 25, 19.5, 2.8), triangle(11, 19, 11, 23.5, 14.5, 19))),
  dots,
);

/** RGBA pixels, row by row. */
export interface Image {
  width: number;
  height: number;
  rgba: Buffer;
}

/** Accent background, white bubble, accent dots. */
export function renderColorIcon(size = COLOR_SIZE): Image {
  const scale = size / 32;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const white = coverage(bubble, x, y, scale) * (1 - coverage(dots, x, y, scale));
      const offset = (y * size + x) * 4;
      rgba[offset] = Math.round(ACCENT.r + (255 - ACCENT.r) * white);
      rgba[offset + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * white);
      rgba[offset + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * white);
      rgba[offset + 3] = 255;
    }
  }
  return { width: size, height: size, rgba };
}

/** White outline of the bubble on a transparent background. */
export function renderOutlineIcon(size = OUTLINE_SIZE): Image {
  const scale = size / 32;
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = Math.round(coverage(bubbleOutline, x, y, scale) * 255);
      const offset = (y * size + x) * 4;
      rgba.fill(alpha === 0 ? 0 : 255, offset, offset + 3);
      rgba[offset + 3] = alpha;
    }
  }
  return { width: size, height: size, rgba };
}

/** An 8-bit RGBA PNG (pngjs, deflate level 9). */
export function encodePng(image: Image): Buffer {
  const png = new PNG({ width: image.width, height: image.height, colorType: 6, inputHasAlpha: true });
  image.rgba.copy(png.data);
  return PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
}

/** Reads a PNG back as RGBA pixels (tests check sizes and pixels with it). */
export function decodePng(png: Buffer): Image {
  const { width, height, data } = PNG.sync.read(png);
  return { width, height, rgba: data };
}

/** The web pages' 32×32 icon, served as /favicon.ico (bot/http/favicon.ts). */
export const FAVICON_SIZE = 32;
export const FAVICON_FILE = path.join(projectRoot(), 'bot', 'http', 'public', 'favicon.png');

/** Writes teams/color.png, teams/outline.png and the favicon. */
export function writeIcons(dir = path.join(projectRoot(), 'teams'), favicon = FAVICON_FILE): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = [
    [path.join(dir, 'color.png'), encodePng(renderColorIcon())],
    [path.join(dir, 'outline.png'), encodePng(renderOutlineIcon())],
    [favicon, encodePng(renderColorIcon(FAVICON_SIZE))],
  ] as const;
  for (const [file, png] of files) fs.writeFileSync(file, png);
  return files.map(([file]) => file);
}

if (require.main === module) {
  for (const file of writeIcons()) process.stdout.write(`teams: wrote ${path.relative(process.cwd(), file)}\n`);
}
