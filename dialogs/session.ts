import { ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { Language } from '../knowledge';
import type { TranscriptLine, TriedSoFar } from './ports';
import { messageText } from './text';

/** How many user/bot lines a conversation keeps for the Premium support transcript. */
export const TRANSCRIPT_LINES = 50;

/** What the conversation remembers between turns (conversation state). */
export interface ConversationMemory {
  /** FAQ misses in a row; the second one offers Premium support. */
  misses: number;
  /** The FAQ entry answered last: the target of "was this helpful?" and "walk me through it". */
  lastAnswerId?: string;
  /** The entries just offered as "did you mean …?" and the question they were offered for; kept one turn. */
  offered?: { query: string; lang: Language; entryIds: string[] };
  /** FAQ entry ids whose answers were shown. */
  faqShown: string[];
  /** Journey steps taken, e.g. "missing-tab: emails differ". */
  journeySteps: string[];
  /** The last user and bot lines. */
  transcript: TranscriptLine[];
  /** Messages received so far: what happened "last turn" is told by the turn it happened at. */
  turn?: number;
  /** The turn of the last FAQ answer, and of the last Premium support offer (made once at a time). */
  answeredAt?: number;
  premiumOfferedAt?: number;
  /** The turn "anything else?" was last asked (after a journey, after thanks). */
  anythingElseAt?: number;
  /** What "that didn't work" refers to: the last answer, or the last journey step taken. */
  last?: LastHelp;
  /** Questions answered in passing in a row at a journey's prompt; a second one leaves the journey. */
  asides?: number;
  /** How many "could you rephrase?" were said, so the next one gives other examples. */
  rephrased?: number;
  /** "What isn't working?" was asked (with nothing said before to go on). */
  askedWhatIsWrong?: boolean;
}

/** The last help given: an FAQ answer, or a step of a journey (as recorded for the ticket). */
export type LastHelp = { readonly kind: 'answer'; readonly entryId: string } | { readonly kind: 'journey'; readonly step: string };

/** What is remembered about a user across conversations (user state). */
export interface UserProfile {
  language?: Language;
}

/** Tells the language of a message; the hint wins when the text can't tell. */
export type LanguageDetector = (text: string, hint: Language) => Language;

const LANGUAGE_KEY = Symbol('session.language');

/** A message of fewer words keeps the user's known language. */
const MIN_WORDS_TO_SWITCH = 3;

/**
 * The conversation's and the user's memory, behind typed accessors: the dialogs and
 * the bot read and write state only through this class.
 */
export class Session {
  private readonly memoryProperty: StatePropertyAccessor<ConversationMemory>;
  private readonly profileProperty: StatePropertyAccessor<UserProfile>;

  constructor(
    conversationState: ConversationState,
    userState: UserState,
    private readonly detect: LanguageDetector,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.memoryProperty = conversationState.createProperty<ConversationMemory>('memory');
    this.profileProperty = userState.createProperty<UserProfile>('profile');
  }

  /**
   * Starts a turn: detects the message's language (the user's remembered one, else the
   * channel locale, as hint), remembers it, records the user's line and, from then on,
   * every line the bot sends.
   */
  async beginTurn(context: TurnContext): Promise<Language> {
    const profile = await this.profileProperty.get(context, {});
    const hint = profile.language ?? localeLanguage(context.activity.locale) ?? 'fr';
    const text = messageText(context.activity);
    const language = this.tellsLanguage(text, profile.language !== undefined) ? this.detect(text, hint) : hint;
    profile.language = language;
    context.turnState.set(LANGUAGE_KEY, language);
    if (text) {
      await this.recordLine(context, 'user', text);
      const memory = await this.memory(context);
      memory.turn = (memory.turn ?? 0) + 1;
    }
    context.onSendActivities(async (ctx, activities, next) => {
      for (const activity of activities) {
        if (activity.type === ActivityTypes.Message && activity.text) await this.recordLine(ctx, 'bot', activity.text);
      }
      return next();
    });
    return language;
  }

  /**
   * Whether a message may change the language: an email address never does, and once the
   * user's language is known, a short answer ("ok", a name, "yes" to a French question)
   * doesn't either; a sentence does.
   */
  private tellsLanguage(text: string, languageKnown: boolean): boolean {
    if (!text || text.includes('@')) return false;
    return !languageKnown || text.split(/\s+/).length >= MIN_WORDS_TO_SWITCH;
  }

  /** The language to answer in this turn. */
  async language(context: TurnContext): Promise<Language> {
    const cached = context.turnState.get<Language | undefined>(LANGUAGE_KEY);
    if (cached) return cached;
    const profile = await this.profileProperty.get(context, {});
    return profile.language ?? localeLanguage(context.activity.locale) ?? 'fr';
  }

  /** An explicit switch ("in English please"): used from now on and remembered for the user. */
  async setLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = await this.profileProperty.get(context, {});
    profile.language = language;
    context.turnState.set(LANGUAGE_KEY, language);
  }

  async memory(context: TurnContext): Promise<ConversationMemory> {
    return this.memoryProperty.get(context, { misses: 0, faqShown: [], journeySteps: [], transcript: [] });
  }

  /** Remembers a journey step for the Premium support ticket, and as the last help given. */
  async recordStep(context: TurnContext, step: string): Promise<void> {
    const memory = await this.memory(context);
    memory.journeySteps.push(step);
    memory.last = { kind: 'journey', step };
  }

  /** Remembers that an FAQ answer was shown, and as the last help given. */
  async recordAnswer(context: TurnContext, entryId: string): Promise<void> {
    const memory = await this.memory(context);
    memory.lastAnswerId = entryId;
    memory.misses = 0;
    memory.answeredAt = memory.turn;
    memory.last = { kind: 'answer', entryId };
    if (!memory.faqShown.includes(entryId)) memory.faqShown.push(entryId);
  }

  /** Remembers, for the ticket, that what was tried (an answer's id or a journey) did not work. */
  async recordFailure(context: TurnContext, what: string): Promise<void> {
    const steps = (await this.memory(context)).journeySteps;
    const step = `${what}: did not work`;
    if (steps.at(-1) !== step) steps.push(step);
  }

  /** Whether `at` (a turn recorded in memory) was the previous message's turn. */
  async wasLastTurn(context: TurnContext, at: number | undefined): Promise<boolean> {
    const memory = await this.memory(context);
    return at !== undefined && at === (memory.turn ?? 0) - 1;
  }

  /** What the user already tried, for a Premium support ticket. */
  async triedSoFar(context: TurnContext): Promise<TriedSoFar> {
    const memory = await this.memory(context);
    return { faqShown: [...memory.faqShown], journeySteps: [...memory.journeySteps] };
  }

  async transcript(context: TurnContext): Promise<TranscriptLine[]> {
    return [...(await this.memory(context)).transcript];
  }

  private async recordLine(context: TurnContext, from: TranscriptLine['from'], text: string): Promise<void> {
    const memory = await this.memory(context);
    memory.transcript.push({ from, text, timestamp: this.clock().toISOString() });
    if (memory.transcript.length > TRANSCRIPT_LINES) memory.transcript.splice(0, memory.transcript.length - TRANSCRIPT_LINES);
  }
}

/** "fr-FR" → "fr", "en-us" → "en"; anything else → undefined. */
export function localeLanguage(locale: string | undefined): Language | undefined {
  const prefix = locale?.slice(0, 2).toLowerCase();
  return prefix === 'fr' || prefix === 'en' ? prefix : undefined;
}
