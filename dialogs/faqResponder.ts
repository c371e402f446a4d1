import type { TurnContext } from 'botbuilder';
import type { AnalyticsRecorder } from '../bot/analytics/recorder';
import type { FaqEntry, KnowledgeBase } from '../knowledge';
import type { ButtonSpec, Replies } from './replies';
import type { Session } from './session';
import { normalizedPhrase, normalizeUtterance } from './text';

/** How many related questions follow an answer, as buttons. */
export const MAX_RELATED = 3;

/** What the FAQ made of a message: answered, a choice offered, or nothing sure. */
export type FaqOutcome = 'answered' | 'ambiguous' | 'missed';

/**
 * The FAQ side of the conversation: answers with their references, "was this helpful?",
 * related questions and "walk me through it" as buttons; "did you mean A or B?" when the
 * search can't choose. A miss is left to the caller (rephrase, then Premium support).
 */
export class FaqResponder {
  constructor(
    private readonly knowledge: () => KnowledgeBase,
    private readonly session: Session,
    private readonly replies: Replies,
    private readonly analytics?: AnalyticsRecorder,
  ) {}

  /** The entry whose question is exactly `text`, in either language: a question button was pressed. */
  entryByQuestion(text: string): FaqEntry | undefined {
    const said = normalizeUtterance(text);
    return this.knowledge().entries.find(
      (entry) => normalizedPhrase(entry.fr.question) === said || normalizedPhrase(entry.en.question) === said,
    );
  }

  /** Searches the FAQ and answers, or asks which of two entries was meant. */
  async respond(context: TurnContext, text: string): Promise<FaqOutcome> {
    const lang = await this.replies.language(context);
    const response = this.knowledge().search(text, { lang, top: 3 });
    const [best, second] = response.hits;
    await this.analytics?.recordQuestion({
      surface: 'chat',
      text,
      lang: response.lang,
      topEntryId: best?.entry.id ?? null,
      topScore: best?.score ?? null,
      confident: response.confident,
      conversationId: context.activity.conversation?.id,
    });
    if (best && second && response.ambiguous) {
      const kb = this.knowledge();
      const first = kb.localize(best.entry, lang).question;
      const other = kb.localize(second.entry, lang).question;
      await this.replies.say(context, 'faq.didYouMean', { first, second: other }, [{ title: first }, { title: other }, 'faq.noneOfThese']);
      return 'ambiguous';
    }
    if (best && response.confident) {
      await this.answer(context, best.entry);
      return 'answered';
    }
    return 'missed';
  }

  /** Sends an entry's answer (with its named references), then "was this helpful?" and what may come next. */
  async answer(context: TurnContext, entry: FaqEntry): Promise<void> {
    const lang = await this.replies.language(context);
    const kb = this.knowledge();
    const view = kb.localize(entry, lang);
    const references = view.references.length
      ? `\n\n${this.replies.strings.t(lang, 'faq.seeAlso', { references: view.references.join(', ') })}`
      : '';
    await context.sendActivity(`${view.answer}${references}`);
    const related = view.related
      .map((id) => kb.get(id))
      .filter((related): related is FaqEntry => related !== undefined)
      .slice(0, MAX_RELATED)
      .map((related): ButtonSpec => ({ title: kb.localize(related, lang).question }));
    const buttons: ButtonSpec[] = ['faq.helpfulYes', 'faq.helpfulNo', ...(view.journey ? (['faq.walkThrough'] as const) : []), ...related];
    await this.replies.say(context, 'faq.helpfulQuestion', undefined, buttons);
    await this.session.recordAnswer(context, entry.id);
  }
}
