import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KnowledgeModule } from '../../../bot/knowledgeEditing/module';
import type { Database } from '../../../bot/storage/database';
import { loadKnowledgeData } from '../../../knowledge';
import { fromTsv, KnowledgeEditError, toTsv, writeKnowledgeFiles } from '../../../knowledge/editing';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { ENGINES } from '../../bot/storage/engines';
import { openKnowledge, SMALL_EVALUATION_SET, zorblaxEntry } from '../../support/knowledgeEditing';

const seed = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);

async function refusal(promise: Promise<unknown>): Promise<KnowledgeEditError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KnowledgeEditError) return error;
    throw error;
  }
  throw new Error('expected the change to be refused');
}

describe.each(ENGINES)('KnowledgeEditor on $name', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let knowledge: KnowledgeModule;
  let clock: Date;

  beforeEach(async () => {
    ({ db, dispose } = await engine.open());
    clock = new Date('2026-11-28T09:00:00.000Z');
    knowledge = await openKnowledge(db, { now: () => clock });
  });

  afterEach(async () => {
    await knowledge.close();
    await dispose();
  });

  const topHit = (query: string) => knowledge.live.current().search(query).hits[0]?.entry.id;

  describe('seed', () => {
    it('loads the knowledge files into an empty database, every entry published', async () => {
      const entries = await knowledge.editor.list();
      expect(entries.map((entry) => entry.id)).toEqual(seed.entries.map((entry) => entry.id));
      expect(entries.every((entry) => entry.published)).toBe(true);
      expect(knowledge.live.current().entries).toEqual(seed.entries);
    });

    it('does not seed again on the next start', async () => {
      const again = await openKnowledge(db);
      expect(again.live.version).toBe(knowledge.live.version);
      await again.close();
    });
  });

  describe('editing', () => {
    it('changes the live search without restart when a published entry gains a phrasing', async () => {
      const before = knowledge.live.current();
      expect(before.search('quokka ledger').confident).toBe(false);
      const result = await knowledge.editor.addPhrasings('update-banking-info', { lang: 'en', phrasings: ['quokka ledger'] }, 'alice@example.com');
      expect(result).toMatchObject({ live: true, added: ['quokka ledger'] });
      expect(knowledge.live.current()).not.toBe(before);
      expect(knowledge.live.current().search('quokka ledger')).toMatchObject({ confident: true });
      expect(topHit('quokka ledger')).toBe('update-banking-info');
    });

    it('changes the live answer when a published entry is edited', async () => {
      const { entry } = await knowledge.editor.get('payment-info');
      const answer = 'Your customer pays you: check the invoice status in the CSP.';
      await knowledge.editor.update('payment-info', { ...entry.content, en: { ...entry.content.en!, answer } }, 'bob@example.com');
      expect(knowledge.live.current().get('payment-info')!.en.answer).toBe(answer);
    });

    it('gives the French texts an editor saves French spacing, and leaves the English ones alone', async () => {
      const { entry } = await knowledge.editor.get('payment-info');
      await knowledge.editor.update(
        'payment-info',
        { ...entry.content, fr: { ...entry.content.fr!, question: 'Qui me paie ?', answer: 'Votre client : « pas Coupa » !' }, en: { ...entry.content.en!, answer: 'Who pays? Your customer : not Coupa !' } },
        'bob@example.com',
      );
      const live = knowledge.live.current().get('payment-info')!;
      expect([live.fr.question, live.fr.answer]).toEqual(['Qui me paie\u00a0?', 'Votre client\u00a0: «\u00a0pas Coupa\u00a0»\u00a0!']);
      expect(live.en.answer).toBe('Who pays? Your customer : not Coupa !');
    });

    it('skips phrasings the entry already has', async () => {
      const entry = seed.entries.find((e) => e.id === 'payment-info')!;
      const result = await knowledge.editor.addPhrasings('payment-info', { lang: 'fr', phrasings: [entry.fr.phrasings[0]!.toUpperCase()] }, 'alice');
      expect(result).toMatchObject({ added: [], live: false, entries: [] });
      expect((await knowledge.editor.get('payment-info')).history).toHaveLength(1);
    });

    it('refuses an edit that breaks the schema, naming the field, and keeps the live index', async () => {
      const live = knowledge.live.current();
      const version = knowledge.live.version;
      const { entry } = await knowledge.editor.get('payment-info');
      const error = await refusal(
        knowledge.editor.update('payment-info', { ...entry.content, en: { ...entry.content.en!, phrasings: ['only one'] } }, 'alice'),
      );
      expect(error).toMatchObject({ kind: 'invalid', field: 'en.phrasings' });
      expect(error.message).toBe('knowledge: entry "payment-info": field "en.phrasings" needs at least 6 phrasings');
      expect(knowledge.live.current()).toBe(live);
      expect(await knowledge.repository.version()).toBe(version);
      expect((await knowledge.editor.get('payment-info')).entry.content).toEqual(entry.content);
    });

    it.each([
      ['an unknown related entry', { related: ['no-such-entry'] }, 'related.0', 'names unknown live entry "no-such-entry"'],
      ['an unknown category', { category: 'nowhere' }, 'category', 'names unknown category "nowhere"'],
      ['an unknown field', { colour: 'blue' }, 'colour', 'is not a known field'],
    ])('refuses an edit with %s and keeps the live index', async (_name, change, field, message) => {
      const live = knowledge.live.current();
      const { entry } = await knowledge.editor.get('payment-info');
      const error = await refusal(knowledge.editor.update('payment-info', { ...entry.content, ...change }, 'alice'));
      expect(error).toMatchObject({ kind: 'invalid', field });
      expect(error.message).toBe(`knowledge: entry "payment-info": field "${field}" ${message}`);
      expect(knowledge.live.current()).toBe(live);
    });

    it('refuses a new entry whose id is taken', async () => {
      const error = await refusal(knowledge.editor.create({ ...zorblaxEntry(), id: 'payment-info' }, 'alice'));
      expect(error).toMatchObject({ kind: 'exists', field: 'id' });
    });

    it('refuses to unpublish an entry a live entry lists as related', async () => {
      const live = knowledge.live.current();
      const error = await refusal(knowledge.editor.unpublish('2fa-enable', 'alice'));
      expect(error.message).toMatch(/^knowledge: entry "[a-z0-9-]+": field "related\.\d" names unknown live entry "2fa-enable"$/);
      expect(knowledge.live.current()).toBe(live);
    });

    it('reports an unknown entry as not found', async () => {
      expect(await refusal(knowledge.editor.publish('no-such-entry', 'alice'))).toMatchObject({ kind: 'not_found' });
    });
  });

  describe('publishing', () => {
    it('keeps a new entry out of the live search until it is published', async () => {
      await knowledge.editor.create(zorblaxEntry(), 'alice');
      expect(topHit('install the zorblax plug-in')).not.toBe('zorblax-plugin');
      await knowledge.editor.publish('zorblax-plugin', 'bob');
      expect(topHit('install the zorblax plug-in')).toBe('zorblax-plugin');
      await knowledge.editor.unpublish('zorblax-plugin', 'bob');
      expect(topHit('install the zorblax plug-in')).not.toBe('zorblax-plugin');
    });

    it('requires both languages before a new entry is published', async () => {
      const created = await knowledge.editor.create(zorblaxEntry(['fr']), 'alice');
      expect(created).toMatchObject({ live: false, evaluation: null });
      const error = await refusal(knowledge.editor.publish('zorblax-plugin', 'alice'));
      expect(error).toMatchObject({ kind: 'invalid', field: 'en' });
      expect(error.message).toBe(
        'knowledge: entry "zorblax-plugin": field "en" is missing: an entry needs both languages before it can be published',
      );
      expect((await knowledge.editor.get('zorblax-plugin')).entry.published).toBe(false);
      await knowledge.editor.update('zorblax-plugin', zorblaxEntry(), 'alice');
      await knowledge.editor.publish('zorblax-plugin', 'alice');
      expect(topHit('comment installer le module zorblax')).toBe('zorblax-plugin');
    });
  });

  describe('history', () => {
    it('keeps every change with its author, time and resulting content', async () => {
      await knowledge.editor.create(zorblaxEntry(), 'alice@example.com');
      clock = new Date('2026-11-28T09:05:00.000Z');
      await knowledge.editor.addPhrasings('zorblax-plugin', { lang: 'en', phrasings: ['zorblax setup'] }, 'bob@example.com');
      clock = new Date('2026-11-28T09:10:00.000Z');
      await knowledge.editor.publish('zorblax-plugin', 'carol@example.com');
      clock = new Date('2026-11-28T09:15:00.000Z');
      await knowledge.editor.unpublish('zorblax-plugin', 'alice@example.com');
      const { entry, history } = await knowledge.editor.get('zorblax-plugin');
      expect(history.map(({ kind, author, at, revision, published }) => ({ kind, author, at, revision, published }))).toEqual([
        { kind: 'create', author: 'alice@example.com', at: '2026-11-28T09:00:00.000Z', revision: 1, published: false },
        { kind: 'add-phrasings', author: 'bob@example.com', at: '2026-11-28T09:05:00.000Z', revision: 2, published: false },
        { kind: 'publish', author: 'carol@example.com', at: '2026-11-28T09:10:00.000Z', revision: 3, published: true },
        { kind: 'unpublish', author: 'alice@example.com', at: '2026-11-28T09:15:00.000Z', revision: 4, published: false },
      ]);
      expect(history[1]!.content.en!.phrasings).toContain('zorblax setup');
      expect(entry).toMatchObject({ revision: 4, createdBy: 'alice@example.com', updatedBy: 'alice@example.com', published: false });
    });

    it('starts a seeded entry’s history with the seed', async () => {
      const { history } = await knowledge.editor.get('payment-info');
      expect(history).toEqual([expect.objectContaining({ kind: 'seed', author: 'seed', revision: 1, published: true })]);
    });
  });

  describe('evaluation', () => {
    it('records top-1 and rejection before and after each change to the live index', async () => {
      const measured = await openKnowledge(db, { evaluationSet: SMALL_EVALUATION_SET });
      await measured.editor.create(zorblaxEntry(), 'alice');
      const published = await measured.editor.publish('zorblax-plugin', 'alice');
      expect(published.evaluation).toEqual({
        before: { top1: expect.any(Number), rejection: expect.any(Number) },
        after: { top1: expect.any(Number), rejection: expect.any(Number) },
      });
      const { history } = await measured.editor.get('zorblax-plugin');
      expect(history.at(-1)!.evaluation).toEqual(published.evaluation);
      expect(history[0]!.evaluation).toBeNull();

      // Rewriting the entry the first queries expect into something else is the kind of edit that must show.
      const target = SMALL_EVALUATION_SET[0]!.expected!;
      const { entry } = await measured.editor.get(target);
      const { fr, en } = zorblaxEntry();
      const rewritten = await measured.editor.update(target, { ...entry.content, fr, en }, 'alice');
      expect(rewritten.evaluation!.before).toEqual(published.evaluation!.after);
      expect(rewritten.evaluation!.after.top1).toBeLessThan(rewritten.evaluation!.before.top1);
      expect((await measured.editor.get(target)).history.at(-1)!.evaluation).toEqual(rewritten.evaluation);
      await measured.close();
    });
  });

  describe('preview', () => {
    it('shows what a query would return with the draft, without changing the live search', async () => {
      const live = knowledge.live.current();
      const version = await knowledge.repository.version();
      const preview = await knowledge.editor.preview({ query: 'install the zorblax plug-in', drafts: [zorblaxEntry()] });
      expect(preview.preview.hits[0]).toMatchObject({ id: 'zorblax-plugin', question: 'How do I install the zorblax plug-in?' });
      expect(preview.preview.confident).toBe(true);
      expect(preview.live.hits[0]?.id).not.toBe('zorblax-plugin');
      expect(knowledge.live.current()).toBe(live);
      expect(await knowledge.repository.version()).toBe(version);
      expect(topHit('install the zorblax plug-in')).not.toBe('zorblax-plugin');
    });

    it('previews a stored draft and the live index without an entry', async () => {
      await knowledge.editor.create(zorblaxEntry(['en']), 'alice');
      const preview = await knowledge.editor.preview({
        query: 'install the zorblax plug-in',
        include: ['zorblax-plugin'],
        exclude: ['payment-info'],
      });
      expect(preview.preview.hits[0]!.id).toBe('zorblax-plugin');
      const withoutPayment = await knowledge.editor.preview({ query: 'when will I be paid', exclude: ['payment-info'], top: 20 });
      expect(withoutPayment.preview.hits.map((hit) => hit.id)).not.toContain('payment-info');
    });

    it('refuses a draft that breaks the schema, naming the field', async () => {
      const error = await refusal(knowledge.editor.preview({ query: 'x', drafts: [{ ...zorblaxEntry(), id: 'Not An Id' }] }));
      expect(error).toMatchObject({ kind: 'invalid', field: 'drafts.0.id' });
    });
  });

  describe('import', () => {
    it('brings the knowledge base back to a TSV export, identical', async () => {
      const exported = toTsv(knowledge.live.current().entries);
      await knowledge.editor.addPhrasings('payment-info', { lang: 'en', phrasings: ['quokka ledger'] }, 'alice');
      await knowledge.editor.create(zorblaxEntry(), 'alice');
      await knowledge.editor.publish('zorblax-plugin', 'alice');
      const result = await knowledge.editor.importEntries(fromTsv(exported), 'importer', { replace: true });
      expect(result.entries.map((entry) => [entry.id, entry.published])).toEqual([
        ['payment-info', true],
        ['zorblax-plugin', false],
      ]);
      expect(knowledge.live.current().entries).toEqual(seed.entries);
      expect((await knowledge.editor.importEntries(fromTsv(exported), 'importer', { replace: true })).entries).toEqual([]);
    });

    it('imports nothing when one entry would break the knowledge base', async () => {
      const version = await knowledge.repository.version();
      const entries = fromTsv(toTsv(seed.entries));
      const broken = entries.map((entry) => (entry.id === 'payment-info' ? { ...entry, category: 'nowhere', en: { ...entry.en, answer: 'changed' } } : entry));
      await expect(knowledge.editor.importEntries(broken, 'importer')).rejects.toThrow('field "category" names unknown category "nowhere"');
      expect(await knowledge.repository.version()).toBe(version);
      expect(knowledge.live.current().entries).toEqual(seed.entries);
    });
  });

  describe('export to files', () => {
    it('reproduces the seed files byte for byte when nothing was edited', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-export-'));
      try {
        const result = writeKnowledgeFiles(dir, { ...knowledge.live.files, entries: [...knowledge.live.current().entries] });
        expect(result.written).toHaveLength(seed.entries.length);
        for (const name of fs.readdirSync(path.join(DEFAULT_KNOWLEDGE_DIR, 'entries'))) {
          expect(fs.readFileSync(path.join(dir, 'entries', name), 'utf8')).toBe(
            fs.readFileSync(path.join(DEFAULT_KNOWLEDGE_DIR, 'entries', name), 'utf8'),
          );
        }
        expect(fs.readdirSync(path.join(dir, 'entries')).sort()).toEqual(fs.readdirSync(path.join(DEFAULT_KNOWLEDGE_DIR, 'entries')).sort());
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
