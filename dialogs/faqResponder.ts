import type { TurnContext } from 'botbuilder';
import type { FaqEntry, KnowledgeBase, Language } from '../knowledge';
import { saysYesOrNo } from './followUpIntents';
import type { QuestionRecorder, TakenSuggestionRecorder } from './ports';
import type { ButtonSpec, Replies } from './replies';
import type { ConversationMemory, Session } from './session';
import { journeyAfterAnswer } from './journeys';
import { normalizedPhrase, normalizeUtterance } from './text';

/** How many related questions follow an answer, as buttons. */
const MAX_RELATED = 3;

/** What the FAQ made of a message: answered, a choice offered ("did you mean …?"), or nothing sure. */
export type FaqOutcome = 'answered' | 'ambiguous' | 'missed';

/** A question the FAQ answers with confidence. */
export interface ConfidentMatch {
  readonly question: string;
  readonly entry: FaqEntry;
  readonly score: number;
  readonly lang: Language;
}

/** The most of a question kept in conversation state while its suggestions are on offer. */
const MAX_OFFERED_QUERY = 1000;

/**
 * The FAQ side of the conversation: answers with their references, "was this helpful?",
 * related questions and "walk me through it" as buttons; "did you mean A or B?" when the
 * search can't choose, and "did you mean …?" with the one or two entries worth offering when it
 * is not sure enough to answer. A suggestion taken is recorded as a candidate phrasing for the
 * staff. A miss is left to the caller (rephrase, then Premium support).
 */
export class FaqResponder {
  constructor(
    private readonly knowledge: () => KnowledgeBase,
    private readonly session: Session,
    private readonly replies: Replies,
    private readonly analytics?: QuestionRecorder,
    private readonly suggestions?: TakenSuggestionRecorder,
  ) {}

  /** The entry whose question is exactly `text`, in either language: a question button was pressed. */
  entryByQuestion(text: string): FaqEntry | undefined {
    const said = normalizeUtterance(text);
    return this.knowledge().entries.find(
      (entry) => normalizedPhrase(entry.fr.question) === said || normalizedPhrase(entry.en.question) === said,
    );
  }

  /** Searches the FAQ and answers, or offers the one or two entries it may be about. */
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
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- from the wire: an activity may come without its conversation
      conversationId: context.activity.conversation?.id,
    });
    const offered = best && second && response.ambiguous ? [best, second] : response.confident ? [] : response.suggestions;
    if (offered.length > 0) {
      await this.offer(context, text, lang, offered.map((hit) => hit.entry));
      return 'ambiguous';
    }
    if (best && response.confident) {
      await this.answer(context, best.entry);
      return 'answered';
    }
    return 'missed';
  }

  /** "Did you mean …?" with the entries as buttons and "none of these"; remembers what was offered for which question. */
  private async offer(context: TurnContext, text: string, lang: Language, entries: readonly FaqEntry[]): Promise<void> {
    const kb = this.knowledge();
    const titles = entries.map((entry) => kb.localize(entry, lang).question);
    const [first, second] = titles;
    const vars: Record<string, string> = second === undefined ? { first: first! } : { first: first!, second };
    await this.replies.say(context, second === undefined ? 'faq.didYouMeanOne' : 'faq.didYouMean', vars, [
      ...titles.map((title) => ({ title })),
      'faq.noneOfThese',
    ]);
    const memory = await this.session.memory(context);
    memory.offered = { query: text.slice(0, MAX_OFFERED_QUERY), lang, entryIds: entries.map((entry) => entry.id) };
  }

  /**
   * A question button was pressed: when it names an entry offered for the previous question, the
   * supplier took the suggestion, which is recorded (that question, that entry) for the staff.
   */
  async acceptIfOffered(context: TurnContext, entry: FaqEntry, offered: ConversationMemory['offered']): Promise<void> {
    if (!offered?.entryIds.includes(entry.id)) return;
    await this.suggestions?.recordAcceptance({ text: offered.query, lang: offered.lang, entryId: entry.id, surface: 'chat' });
  }

  /**
   * "oui" or "non" to the "did you mean …?" just asked: yes to a single entry offered answers it
   * (the suggestion taken is recorded); no declines them all. Undefined for anything else.
   */
  async replyToOffer(context: TurnContext, text: string, offered: ConversationMemory['offered']): Promise<'answered' | 'declined' | undefined> {
    if (!offered) return undefined;
    const yes = saysYesOrNo(text);
    if (yes === false) return 'declined';
    const [only, other] = offered.entryIds;
    // The entry may have been removed by the staff since it was offered.
    const entry = yes && only !== undefined && other === undefined ? this.knowledge().get(only) : undefined;
    if (!entry) return undefined;
    await this.acceptIfOffered(context, entry, offered);
    await this.answer(context, entry);
    return 'answered';
  }

  /** The entry that answers `question` with confidence, if any; nothing is recorded. */
  async confidentMatch(context: TurnContext, question: string): Promise<ConfidentMatch | undefined> {
    const response = this.knowledge().search(question, { lang: await this.replies.language(context), top: 2 });
    const best = response.hits[0];
    return best && response.confident && !response.ambiguous ? { question, entry: best.entry, score: best.score, lang: response.lang } : undefined;
  }

  /** Answers a question asked in passing, mid-journey: the answer alone, recorded like any question for the staff analytics. */
  async answerInPassing(context: TurnContext, match: ConfidentMatch): Promise<void> {
    await this.analytics?.recordQuestion({
      surface: 'chat',
      text: match.question,
      lang: match.lang,
      topEntryId: match.entry.id,
      topScore: match.score,
      confident: true,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- from the wire: an activity may come without its conversation
      conversationId: context.activity.conversation?.id,
    });
    await this.sendAnswerText(context, match.entry);
  }

  /** Sends an entry's answer (with its named references), then "was this helpful?" and what may come next. */
  async answer(context: TurnContext, entry: FaqEntry): Promise<void> {
    const lang = await this.replies.language(context);
    const kb = this.knowledge();
    const view = kb.localize(entry, lang);
    await this.sendAnswerText(context, entry);
    const related = view.related
      .map((id) => kb.get(id))
      .filter((related): related is FaqEntry => related !== undefined)
      .slice(0, MAX_RELATED)
      .map((related): ButtonSpec => ({ title: kb.localize(related, lang).question }));
    const walkThrough = journeyAfterAnswer(entry.id, view.journey) ? (['faq.walkThrough'] as const) : [];
    const buttons: ButtonSpec[] = ['faq.helpfulYes', 'faq.helpfulNo', ...walkThrough, ...related];
    await this.replies.say(context, 'faq.helpfulQuestion', undefined, buttons);
  }

  /** Sends an entry's answer alone, as said in passing mid-journey, and remembers it. */
  async sendAnswerText(context: TurnContext, entry: FaqEntry): Promise<void> {
    const lang = await this.replies.language(context);
    const view = this.knowledge().localize(entry, lang);
    // A reference the answer already names ("voir **Fournisseurs**") is not given a second time.
    const named = normalizeUtterance(view.answer.replace(/\*\*/g, ''));
    const references = view.references.filter((reference) => !named.includes(normalizeUtterance(reference)));
    const seeAlso = references.length ? `\n\n${this.replies.strings.t(lang, 'faq.seeAlso', { references: references.join(', ') })}` : '';
    await context.sendActivity(`${view.answer}${seeAlso}`);
    await this.session.recordAnswer(context, entry.id);
  }
}
