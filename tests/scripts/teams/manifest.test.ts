import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { decodePng, encodePng, FAVICON_FILE, FAVICON_SIZE, renderColorIcon, renderOutlineIcon } from '../../../scripts/teams/icons';
import { buildTeamsPackage, fillPlaceholders, manifestValues, renderManifest, TEAMS_DIR } from '../../../scripts/teams/package';
import { SEARCH_COMMAND_ID, SEARCH_PARAMETER } from '../../../bot/botframework/faqMessagingExtension';

const APP_ID = '6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f';
const ENV = { MicrosoftAppId: APP_ID, PUBLIC_URL: 'https://assistant.example.com/' };

/** The Teams manifest schemas as Microsoft ships them in @microsoft/app-manifest (offline). */
function schemaFor(manifestVersion: string, name: 'MicrosoftTeams' | 'MicrosoftTeams.Localization') {
  const file = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/${name}.schema.json`,
  );
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function validator() {
  // The schemas' patterns are written for JavaScript's non-Unicode regular expressions.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv;
}

function errorsOf(ajv: Ajv, schema: Record<string, unknown>, data: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('Teams app manifest', () => {
  const manifest = renderManifest(ENV);

  it('is valid against the Teams manifest schema of its version once the placeholders are filled', () => {
    expect(manifest.manifestVersion).toBe('1.24');
    expect(errorsOf(validator(), schemaFor('1.24', 'MicrosoftTeams'), manifest)).toEqual([]);
  });

  it('is checked for real: a manifest with a bad id or no bots scope fails the schema', () => {
    const schema = schemaFor('1.24', 'MicrosoftTeams');
    expect(errorsOf(validator(), schema, { ...manifest, id: 'not-a-guid' })).toContain('/id must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"');
    const bots = [{ ...(manifest.bots as object[])[0], scopes: ['everywhere'] }];
    expect(errorsOf(validator(), schema, { ...manifest, bots })).not.toEqual([]);
  });

  it('has a valid French translation', () => {
    const french = JSON.parse(fs.readFileSync(path.join(TEAMS_DIR, 'fr.json'), 'utf8'));
    expect(errorsOf(validator(), schemaFor('1.24', 'MicrosoftTeams.Localization'), french)).toEqual([]);
  });

  it('declares the bot for personal and team scopes with the app id', () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: APP_ID, scopes: ['personal', 'team'] })]);
  });

  it('declares a search-based message extension whose command the handler answers', () => {
    const [extension] = manifest.composeExtensions as Array<{ botId: string; commands: Array<Record<string, any>> }>;
    expect(extension!.botId).toBe(APP_ID);
    expect(extension!.commands[0]).toMatchObject({
      id: SEARCH_COMMAND_ID,
      type: 'query',
      parameters: [expect.objectContaining({ name: SEARCH_PARAMETER })],
    });
  });

  it('keeps ${{...}} placeholders in the template, so no app id is committed', () => {
    const template = fs.readFileSync(path.join(TEAMS_DIR, 'manifest.json'), 'utf8');
    expect(template).toContain('"id": "${{MicrosoftAppId}}"');
    expect(template).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
  });

  it('refuses to fill the template without MicrosoftAppId, naming it', () => {
    expect(() => manifestValues({ PUBLIC_URL: 'https://a.example.com' })).toThrow(/MicrosoftAppId is not set/);
    expect(() => manifestValues({ MicrosoftAppId: 'my-bot', PUBLIC_URL: 'https://a.example.com' })).toThrow(
      /MicrosoftAppId must be a GUID/,
    );
    expect(() => manifestValues({ MicrosoftAppId: APP_ID })).toThrow(/PUBLIC_URL is not set/);
    expect(() => manifestValues({ MicrosoftAppId: APP_ID, PUBLIC_URL: 'http://a.example.com' })).toThrow(/https/);
  });

  it('names a placeholder that has no value', () => {
    expect(() => fillPlaceholders('{"a": "${{Nope}}"}', {})).toThrow('teams: teams/manifest.json uses ${{Nope}}, which has no value');
    expect(fillPlaceholders('{"a": "${{X}}"}', { X: 'say "hi"' })).toBe('{"a": "say \\"hi\\""}');
  });
});

describe('Teams app icons', () => {
  it('are a 192×192 colour icon and a 32×32 outline', () => {
    const color = decodePng(fs.readFileSync(path.join(TEAMS_DIR, 'color.png')));
    const outline = decodePng(fs.readFileSync(path.join(TEAMS_DIR, 'outline.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('draw the outline in white on a transparent background only', () => {
    const { rgba } = decodePng(fs.readFileSync(path.join(TEAMS_DIR, 'outline.png')));
    let transparent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b, a] = [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]];
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
  });

  it('are what the generator draws (run `npm run teams:icons` after changing it)', () => {
    expect(fs.readFileSync(path.join(TEAMS_DIR, 'color.png')).equals(encodePng(renderColorIcon()))).toBe(true);
    expect(fs.readFileSync(path.join(TEAMS_DIR, 'outline.png')).equals(encodePng(renderOutlineIcon()))).toBe(true);
    expect(fs.readFileSync(FAVICON_FILE).equals(encodePng(renderColorIcon(FAVICON_SIZE)))).toBe(true);
  });
});

describe('npm run teams:package', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-teams-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds a zip holding the manifest with the app id and both icons', async () => {
    const outFile = path.join(dir, 'app.zip');
    const { file } = await buildTeamsPackage({ env: ENV, outFile });
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'fr.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.developer.websiteUrl).toBe('https://assistant.example.com/widget');
    const color = await zip.file('color.png')!.async('nodebuffer');
    expect(color.equals(fs.readFileSync(path.join(TEAMS_DIR, 'color.png')))).toBe(true);
    expect(decodePng(await zip.file('outline.png')!.async('nodebuffer')).width).toBe(32);
  });

  it('fails naming MicrosoftAppId when it is unset, and writes nothing', async () => {
    const outFile = path.join(dir, 'app.zip');
    await expect(buildTeamsPackage({ env: { PUBLIC_URL: 'https://a.example.com' }, outFile })).rejects.toThrow(
      /^teams: MicrosoftAppId is not set/,
    );
    expect(fs.existsSync(outFile)).toBe(false);
  });
});
