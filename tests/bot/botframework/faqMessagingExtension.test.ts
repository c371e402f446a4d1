import { TestAdapter, TurnContext, type Activity, type MessagingExtensionQuery } from 'botbuilder';
import { KnowledgeBase } from '../../../knowledge';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../knowledge/paths';
import { FaqMessagingExtension, languageOf, snippet } from '../../../bot/botframework/faqMessagingExtension';
import { startApp, type RunningApp } from '../../support/app';

const kb = KnowledgeBase.fromDirectory(DEFAULT_KNOWLEDGE_DIR);
const extension = new FaqMessagingExtension(() => kb);

function contextFor(activity: Partial<Activity> = {}): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'invoke',
    name: 'composeExtension/query',
    channelId: 'msteams',
    from: { id: 'user-1', name: 'Supplier' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    ...activity,
  });
}

function search(text: string, options: Partial<MessagingExtensionQuery> = {}): MessagingExtensionQuery {
  return { commandId: 'searchFaq', parameters: [{ name: 'searchQuery', value: text }], queryOptions: { skip: 0, count: 25 }, ...options };
}

describe('FaqMessagingExtension', () => {
  describe('query', () => {
    it('returns the matching FAQ entries as a list of cards, best first', async () => {
      const response = await extension.query(contextFor(), search('enable two-factor authentication'));
      expect(response.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
      const [first] = response.composeExtension!.attachments!;
      expect(first!.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(first!.preview).toMatchObject({
        contentType: 'application/vnd.microsoft.card.thumbnail',
        content: { title: 'How do I enable two-factor authentication?', text: expect.stringContaining('Account Settings') },
      });
    });

    it('puts the full answer in an Adaptive Card, and a short snippet in the preview', async () => {
      const response = await extension.query(contextFor(), search('enable two-factor authentication'));
      const [first] = response.composeExtension!.attachments!;
      const card = first!.content as { version: string; body: Array<{ text: string }> };
      expect(card.version).toBe('1.5');
      const answer = kb.localize(kb.get('2fa-enable')!, 'en').answer;
      expect(card.body.map((block) => block.text)).toContain(answer);
      expect((first!.preview!.content as { text: string }).text.length).toBeLessThanOrEqual(151);
    });

    it('opens the full answer on tap: the preview invokes selectItem with the entry', async () => {
      const response = await extension.query(contextFor(), search('enable two-factor authentication'));
      const tap = (response.composeExtension!.attachments![0]!.preview!.content as { tap: { type: string; value: unknown } }).tap;
      expect(tap).toMatchObject({ type: 'invoke', value: { entryId: '2fa-enable', lang: 'en' } });
      const selected = await extension.selectItem(contextFor({ name: 'composeExtension/selectItem' }), tap.value);
      const [card] = selected.composeExtension!.attachments!;
      expect(card!.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(card!.content)).toContain('Account Settings');
    });

    it('answers in French for a French question', async () => {
      const response = await extension.query(contextFor({ locale: 'en-US' }), search('activer la double authentification'));
      const preview = response.composeExtension!.attachments![0]!.preview!.content as { title: string };
      expect(preview.title).toMatch(/deux facteurs/);
    });

    it('shows the FAQ in the Teams client language when the extension opens (initialRun)', async () => {
      const response = await extension.query(
        contextFor({ locale: 'fr-FR' }),
        search('', { parameters: [{ name: 'initialRun', value: 'true' }] }),
      );
      const attachments = response.composeExtension!.attachments!;
      expect(attachments.length).toBeGreaterThan(0);
      expect((attachments[0]!.content as { lang: string }).lang).toBe('fr');
    });

    it('pages with skip and count', async () => {
      const all = await extension.query(contextFor(), search('customer', { queryOptions: { skip: 0, count: 4 } }));
      const next = await extension.query(contextFor(), search('customer', { queryOptions: { skip: 2, count: 2 } }));
      expect(all.composeExtension!.attachments).toHaveLength(4);
      expect(next.composeExtension!.attachments!.map((a) => a.preview!.content)).toEqual(
        all.composeExtension!.attachments!.slice(2).map((a) => a.preview!.content),
      );
    });

    it('escapes HTML in previews, which Teams would otherwise render', async () => {
      const response = await extension.query(contextFor(), search('<b>two-factor</b>'));
      for (const attachment of response.composeExtension!.attachments!) {
        expect(JSON.stringify(attachment.preview!.content)).not.toMatch(/<[a-z]/i);
      }
    });

    it('answers well within the 5-second invoke limit', async () => {
      const started = performance.now();
      for (let i = 0; i < 20; i++) await extension.query(contextFor(), search(`invoice purchase order ${i}`));
      expect((performance.now() - started) / 20).toBeLessThan(250);
    });

    it('searches as the user types: a word in progress finds the entries it begins, in the same order as letters are added', async () => {
      const firsts: string[] = [];
      for (const text of ['fac', 'factu', 'factur']) {
        const response = await extension.query(contextFor({ locale: 'fr-FR' }), search(text));
        const titles = response.composeExtension!.attachments!.map((a) => (a.preview!.content as { title: string }).title);
        expect(titles.slice(0, 2).sort()).toEqual(
          ['access-pos-invoices', 'payment-info'].map((id) => kb.localize(kb.get(id)!, 'fr').question).sort(),
        );
        firsts.push(titles[0]!);
      }
      expect(new Set(firsts).size).toBe(1);
    });

    it('lists what a word in progress begins, but records the question as a finished search answers it', async () => {
      const typed: { text: string; confident: boolean; topEntryId: string | null }[] = [];
      const recorder = { typed: (_user: string, event: (typeof typed)[number]) => void typed.push(event) };
      const recording = new FaqMessagingExtension(() => kb, recorder as never);
      const response = await recording.query(contextFor(), search('  factu '.trimEnd()));
      expect(response.composeExtension!.attachments!.length).toBeGreaterThan(0);
      await recording.query(contextFor(), search('  changer mon rib '));
      expect(typed).toEqual([
        expect.objectContaining({ text: 'factu', confident: false, topEntryId: null }),
        expect.objectContaining({ text: 'changer mon rib', confident: true, topEntryId: 'update-banking-info' }),
      ]);
    });

    it('returns an empty list for an entry that does not exist', async () => {
      const response = await extension.selectItem(contextFor(), { entryId: 'nope', lang: 'en' });
      expect(response.composeExtension!.attachments).toEqual([]);
    });
  });

  describe('languageOf', () => {
    it('reads the activity locale, then the sender, then Teams clientInfo', () => {
      expect(languageOf({ locale: 'fr-CA' })).toBe('fr');
      expect(languageOf({ from: { id: 'u', name: 'U', locale: 'en-GB' } as never })).toBe('en');
      expect(languageOf({ entities: [{ type: 'clientInfo', locale: 'fr-FR' }] })).toBe('fr');
      expect(languageOf({ locale: 'de-DE' })).toBeUndefined();
    });
  });

  describe('snippet', () => {
    it('cuts a long answer at a word and drops markdown', () => {
      expect(snippet(`**Bold** start ${'word '.repeat(60)}`, 40)).toBe('Bold start word word word word word…');
      expect(snippet('Check this:\n- first\n- second\n1. third')).toBe('Check this: first second third');
    });
  });
});

describe('Teams composeExtension/query through /api/messages', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(() => running?.stop());

  it('is answered by the bot with FAQ cards in the invoke response', async () => {
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'composeExtension/query',
        id: 'invoke-1',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: 'user-1', name: 'Supplier' },
        recipient: { id: 'bot', name: 'Bot' },
        conversation: { id: 'conv-1' },
        locale: 'en-US',
        value: search('enable two-factor authentication'),
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.composeExtension.type).toBe('result');
    expect(body.composeExtension.attachments[0].preview.content.title).toBe('How do I enable two-factor authentication?');
  });
});
