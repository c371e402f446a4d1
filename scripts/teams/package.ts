/**
 * `npm run teams:package`: fills teams/manifest.json's `${{NAME}}` placeholders from the
 * environment and zips it with the icons and translations into teams/build/app.zip, the file
 * uploaded to Teams (Developer Portal, admin centre or "Upload a custom app").
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { projectRoot } from '../../knowledge/paths';

export const TEAMS_DIR = path.join(projectRoot(), 'teams');
export const DEFAULT_PACKAGE_FILE = path.join(TEAMS_DIR, 'build', 'app.zip');
/** Files next to the manifest that go into the package as they are. */
export const PACKAGED_FILES = ['color.png', 'outline.png', 'fr.json'] as const;

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** A package that cannot be built; the message names the variable or file at fault. */
export class TeamsPackageError extends Error {
  constructor(message: string) {
    super(`teams: ${message}`);
    this.name = 'TeamsPackageError';
  }
}

/** The placeholder values, checked: the bot's app id (a GUID) and the public https address. */
export function manifestValues(env: NodeJS.ProcessEnv): Record<string, string> {
  const appId = env.MicrosoftAppId?.trim();
  if (!appId) {
    throw new TeamsPackageError(
      'MicrosoftAppId is not set: set it to the Azure Bot registration\'s app id (a GUID) to build the Teams package',
    );
  }
  if (!GUID.test(appId)) throw new TeamsPackageError(`MicrosoftAppId must be a GUID (got ${JSON.stringify(appId)})`);
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '');
  if (!publicUrl) {
    throw new TeamsPackageError('PUBLIC_URL is not set: Teams needs the https address users reach this server at');
  }
  if (!/^https:\/\/[^\s/]+/i.test(publicUrl)) {
    throw new TeamsPackageError(`PUBLIC_URL must be an https:// address for Teams (got ${JSON.stringify(publicUrl)})`);
  }
  return { MicrosoftAppId: appId, PUBLIC_URL: publicUrl };
}

/** Replaces every `${{NAME}}` in the template; a name without a value is an error naming it. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TeamsPackageError(`teams/manifest.json uses \${{${name}}}, which has no value`);
    // Values land inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
}

/** The manifest as it goes into the package. */
export function renderManifest(env: NodeJS.ProcessEnv, teamsDir = TEAMS_DIR): Record<string, unknown> {
  const template = fs.readFileSync(path.join(teamsDir, 'manifest.json'), 'utf8');
  return JSON.parse(fillPlaceholders(template, manifestValues(env))) as Record<string, unknown>;
}

export interface TeamsPackageOptions {
  /** Where MicrosoftAppId and PUBLIC_URL are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The folder with manifest.json, the icons and translations (default: teams/). */
  teamsDir?: string;
  /** The zip to write (default: teams/build/app.zip). */
  outFile?: string;
}

/** Builds the app package and returns where it was written, with the manifest it holds. */
export async function buildTeamsPackage(
  options: TeamsPackageOptions = {},
): Promise<{ file: string; manifest: Record<string, unknown> }> {
  const teamsDir = options.teamsDir ?? TEAMS_DIR;
  const outFile = options.outFile ?? DEFAULT_PACKAGE_FILE;
  const manifest = renderManifest(options.env ?? process.env, teamsDir);
  const zip = new JSZip();
  // A fixed date keeps the zip byte-for-byte the same for the same inputs.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const name of PACKAGED_FILES) {
    const file = path.join(teamsDir, name);
    if (!fs.existsSync(file)) throw new TeamsPackageError(`${path.relative(projectRoot(), file)} is missing`);
    zip.file(name, fs.readFileSync(file), { date });
  }
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, content);
  return { file: outFile, manifest };
}

if (require.main === module) {
  buildTeamsPackage().then(
    ({ file }) => process.stdout.write(`teams: wrote ${path.relative(process.cwd(), file)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
