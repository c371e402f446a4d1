import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledgeData, KnowledgeFileError } from '../../knowledge/loader';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';

/** A copy of the real knowledge files that a test may break. */
function copyOfKnowledge(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-'));
  fs.cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
}

function editEntry(dir: string, id: string, edit: (entry: Record<string, any>) => void): string {
  const file = path.join(dir, 'entries', `${id}.json`);
  const entry = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(entry);
  fs.writeFileSync(file, JSON.stringify(entry));
  return file;
}

describe('loadKnowledgeData', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyOfKnowledge();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the seed knowledge with all eighteen entries', () => {
    expect(loadKnowledgeData(dir).entries).toHaveLength(18);
  });

  it('names the file, the entry and the field when a field is missing', () => {
    const file = editEntry(dir, 'who-pays-me', (entry) => delete entry.en.answer);
    expect(() => loadKnowledgeData(dir)).toThrow(KnowledgeFileError);
    expect(() => loadKnowledgeData(dir)).toThrow(`knowledge: ${file}: entry "who-pays-me": field "en.answer"`);
  });

  it('refuses an entry with fewer than six phrasings in a language', () => {
    editEntry(dir, '2fa-enable', (entry) => (entry.fr.phrasings = ['activer 2FA']));
    expect(() => loadKnowledgeData(dir)).toThrow(/entry "2fa-enable": field "fr.phrasings" needs at least 6 phrasings/);
  });

  it('refuses a related id that names no entry', () => {
    editEntry(dir, 'payment-info', (entry) => (entry.related = ['who-pays-me', 'no-such-entry']));
    expect(() => loadKnowledgeData(dir)).toThrow(/entry "payment-info": field "related.1" names unknown entry "no-such-entry"/);
  });

  it('refuses an entry whose id does not match its file name', () => {
    editEntry(dir, 'add-employee', (entry) => (entry.id = 'add-colleague'));
    expect(() => loadKnowledgeData(dir)).toThrow(/add-employee.json: entry "add-colleague": field "id" must match the file name/);
  });

  it('names the file that is not valid JSON', () => {
    const file = path.join(dir, 'synonyms.json');
    fs.writeFileSync(file, '[{"concept": ');
    expect(() => loadKnowledgeData(dir)).toThrow(`knowledge: ${file}: is not valid JSON`);
  });

  it('refuses an unknown category', () => {
    editEntry(dir, 'who-pays-me', (entry) => (entry.category = 'billing'));
    expect(() => loadKnowledgeData(dir)).toThrow(/field "category" names unknown category "billing"/);
  });

  it('loads the chat and SMS spellings', () => {
    expect(loadKnowledgeData(dir).abbreviations?.fr['pk']).toBe('pourquoi');
  });

  it('refuses a short form that means one thing in French and another in English', () => {
    const file = path.join(dir, 'abbreviations.json');
    fs.writeFileSync(file, JSON.stringify({ fr: { nbr: 'nombre' }, en: { nbr: 'number' } }));
    expect(() => loadKnowledgeData(dir)).toThrow(
      `knowledge: ${file}: field "en.nbr" means "number" in English but "nombre" in French; a query may be either`,
    );
  });

  it('refuses a short form that is not one lower-case word', () => {
    const file = path.join(dir, 'abbreviations.json');
    fs.writeFileSync(file, JSON.stringify({ fr: { 'w/': 'with' }, en: {} }));
    expect(() => loadKnowledgeData(dir)).toThrow(`knowledge: ${file}: field "fr.w/" Invalid key in record`);
  });
});
