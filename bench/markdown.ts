import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './support';

/** Where `npm run bench` and `npm run load` write their results. */
const BENCHMARKS_FILE = path.join(ROOT, 'BENCHMARKS.md');

const HEADER = `# Benchmarks and load

Written by \`npm run bench\` and \`npm run load\` (see the README, "Benchmarks and load"); each
replaces only its own section below, so the figures of one run stay beside the machine, date
and command that produced them. Targets are checked here, not in the tests.
`;

/** Replaces the section between `<!-- name:start -->` and `<!-- name:end -->` (appends it the first time). */
export function writeSection(name: 'bench' | 'load', body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  let text = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : HEADER;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + end.length);
  else {
    // The bench section comes before the load section.
    const loadAt = text.indexOf('<!-- load:start -->');
    text = name === 'bench' && loadAt >= 0 ? `${text.slice(0, loadAt)}${block}\n\n${text.slice(loadAt)}` : `${text.trimEnd()}\n\n${block}\n`;
  }
  fs.writeFileSync(BENCHMARKS_FILE, text);
}

/** `--name value` from the command line as a number, or `fallback`; refuses anything else. */
export function numberOption(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`bench: --${name} needs a positive number (got ${JSON.stringify(argv[at + 1])})`);
  return value;
}

/** `--name a,b` as a list, or `fallback`. */
export function listOption(argv: string[], name: string, fallback: string[]): string[] {
  const at = argv.indexOf(`--${name}`);
  return at < 0 ? fallback : String(argv[at + 1] ?? '').split(',').filter(Boolean);
}
