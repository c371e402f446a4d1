import type { TeamsQueryRecorder } from '../faq/teamsQueryRecorder';
import {
  CardFactory,
  type Activity,
  type Attachment,
  type MessagingExtensionAttachment,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import type { KnowledgeBase, Language, LocalizedEntryView } from '../../knowledge';
import type { MessagingExtensionHandler } from './messagingExtension';
import strings from './teamsStrings.json';

/** The manifest's command id and parameter name (teams/manifest.json, composeExtensions). */
export const SEARCH_COMMAND_ID = 'searchFaq';
export const SEARCH_PARAMETER = 'searchQuery';
/** Teams asks for 25 at a time; more than that is never useful from an FAQ. */
const MAX_RESULTS = 25;
const SNIPPET_LENGTH = 150;
const ADAPTIVE_CARD_VERSION = '1.5';

/** What a preview's tap sends back in `composeExtension/selectItem`. */
interface SelectedEntry {
  entryId: string;
  lang: Language;
}

type Texts = (typeof strings)['en'];

/** The user's language from the activity: its locale, the sender's, or Teams' clientInfo entity. */
export function languageOf(activity: Partial<Activity>): Language | undefined {
  const clientInfo = (activity.entities ?? []).find((entity) => entity.type === 'clientInfo') as { locale?: unknown } | undefined;
  const candidates = [activity.locale, (activity.from as { locale?: unknown } | undefined)?.locale, clientInfo?.locale];
  for (const locale of candidates) {
    if (typeof locale !== 'string') continue;
    const lang = locale.slice(0, 2).toLowerCase();
    if (lang === 'fr' || lang === 'en') return lang;
  }
  return undefined;
}

/** The answer as one line of plain text (no bold, no list markers), cut at a word near `length`. */
export function snippet(answer: string, length = SNIPPET_LENGTH): string {
  const plain = answer
    .replace(/\*\*/g, '')
    .replace(/^\s*(?:[-•*]|\d+[.)])\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= length) return plain;
  const cut = plain.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${space > length / 2 ? cut.slice(0, space) : cut}…`;
}

/** Preview cards accept a little HTML; FAQ text is shown as written. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Teams' search-based message extension over the FAQ: `composeExtension/query` returns the
 * matching entries as a list (a thumbnail preview each: question and snippet), and choosing one
 * inserts the full answer as an Adaptive Card. The search is in-process, so answers take
 * milliseconds, far within Teams' 5-second invoke limit.
 */
export class FaqMessagingExtension implements MessagingExtensionHandler {
  /** @param questions records the searches as questions for the staff analytics (debounced: see TeamsQueryRecorder). */
  constructor(
    private readonly knowledge: () => KnowledgeBase,
    private readonly questions?: TeamsQueryRecorder,
  ) {
    if (typeof knowledge !== 'function') throw new Error('FaqMessagingExtension: missing knowledge');
  }

  async query(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    const kb = this.knowledge();
    // Teams' invoke as it came: botbuilder's type calls `from` and `conversation` present, the wire does not promise it.
    const activity: Partial<Activity> = context.activity;
    const hint = languageOf(activity);
    const text = this.queryText(query);
    const skip = Math.max(0, Math.trunc(query.queryOptions?.skip ?? 0));
    const count = Math.min(MAX_RESULTS, Math.max(1, Math.trunc(query.queryOptions?.count ?? MAX_RESULTS)));
    if (skip >= MAX_RESULTS) return this.result([]);

    let lang: Language;
    let entries: LocalizedEntryView[];
    if (text) {
      // Teams asks at every pause in typing: the last word may be unfinished ("fact" on the way to "factures").
      const response = kb.search(text, { langHint: hint, top: Math.min(MAX_RESULTS, skip + count), mode: 'prefix' });
      lang = response.lang;
      if (skip === 0 && this.questions) {
        // Recorded as the question asked if the user stops there: judged as a finished question.
        const asked = kb.search(text.trim(), { langHint: hint, top: 1 });
        this.questions.typed(activity.from?.id ?? 'unknown', {
          surface: 'teams',
          text: text.trim(),
          lang,
          topEntryId: asked.hits[0]?.entry.id ?? null,
          topScore: asked.hits[0]?.score ?? null,
          confident: asked.confident,
          conversationId: activity.conversation?.id,
        });
      }
      entries = response.hits.map((hit) => kb.localize(hit.entry, lang));
    } else {
      // Opening the extension (initialRun) or an empty box: the FAQ as it is ordered.
      lang = hint ?? 'en';
      entries = kb.entries.slice(0, MAX_RESULTS).map((entry) => kb.localize(entry, lang));
    }
    return this.result(entries.slice(skip, skip + count).map((entry) => this.attachment(entry, lang)));
  }

  async selectItem(_context: TurnContext, item: unknown): Promise<MessagingExtensionResponse> {
    const selected = item as Partial<SelectedEntry> | null;
    const entry = typeof selected?.entryId === 'string' ? this.knowledge().get(selected.entryId) : undefined;
    if (!entry) return this.result([]);
    const lang: Language = selected?.lang === 'fr' ? 'fr' : 'en';
    return this.result([this.attachment(this.knowledge().localize(entry, lang), lang)]);
  }

  private queryText(query: MessagingExtensionQuery): string {
    const parameters = query.parameters ?? [];
    if (parameters.some((parameter) => parameter.name === 'initialRun')) return '';
    const parameter = parameters.find((p) => p.name === SEARCH_PARAMETER) ?? parameters[0];
    // A trailing space is kept: it says the last word is finished.
    const text = typeof parameter?.value === 'string' ? parameter.value.trimStart().slice(0, 500) : '';
    return text.trim() ? text : '';
  }

  private result(attachments: MessagingExtensionAttachment[]): MessagingExtensionResponse {
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
  }

  /** The full answer as an Adaptive Card, with a thumbnail preview for the result list. */
  private attachment(entry: LocalizedEntryView, lang: Language): MessagingExtensionAttachment {
    const tap: SelectedEntry = { entryId: entry.id, lang };
    const preview: Attachment = CardFactory.thumbnailCard(escapeHtml(entry.question), escapeHtml(snippet(entry.answer)), [], [], {
      tap: { type: 'invoke', title: entry.question, value: tap },
    });
    return { ...CardFactory.adaptiveCard(this.answerCard(entry, lang)), preview };
  }

  /** Adaptive Card TextBlocks render the answers' **bold** and lists as Teams users expect. */
  answerCard(entry: LocalizedEntryView, lang: Language): Record<string, unknown> {
    const texts: Texts = strings[lang];
    const kb = this.knowledge();
    const related = entry.related.flatMap((id) => {
      const other = kb.get(id);
      return other ? [other[lang].question] : [];
    });
    const body: Record<string, unknown>[] = [
      { type: 'TextBlock', text: entry.categoryLabel, size: 'Small', isSubtle: true, wrap: true },
      { type: 'TextBlock', text: entry.question, style: 'heading', weight: 'Bolder', size: 'Medium', wrap: true, spacing: 'Small' },
      { type: 'TextBlock', text: entry.answer, wrap: true },
    ];
    if (entry.references.length > 0) {
      const seeAlso = texts.seeAlso.replace('{references}', entry.references.join(', '));
      body.push({ type: 'TextBlock', text: seeAlso, wrap: true, size: 'Small' });
    }
    if (related.length > 0) {
      body.push(
        { type: 'TextBlock', text: texts.related, weight: 'Bolder', size: 'Small', wrap: true, spacing: 'Medium' },
        { type: 'TextBlock', text: related.map((question) => `- ${question}`).join('\r'), size: 'Small', wrap: true, spacing: 'Small' },
      );
    }
    body.push({ type: 'TextBlock', text: texts.source, size: 'Small', isSubtle: true, wrap: true, spacing: 'Medium' });
    return {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: ADAPTIVE_CARD_VERSION,
      lang,
      body,
    };
  }
}
