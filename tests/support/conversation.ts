import {
  ActivityTypes,
  AutoSaveStateMiddleware,
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type Attachment,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { AnalyticsRecorder } from '../../bot/analytics/recorder';
import { AssistantBot } from '../../bot/botframework/assistantBot';
import type { FeedbackStore, StoredFeedback } from '../../bot/faq/feedbackStore';
import type { HandoffGateway } from '../../bot/handoff/types';
import type { AcceptedSuggestion, SuggestionRecorder } from '../../bot/suggestions/types';
import type { MessagingExtensionHandler } from '../../bot/botframework/messagingExtension';
import { createTurnErrorHandler } from '../../bot/botframework/turnError';
import { MainDialog, Replies, Session, STRINGS, type StringKey } from '../../dialogs';
import type { StringVars } from '../../dialogs/strings';
import { KnowledgeBase, type Language } from '../../knowledge';
import { projectRoot } from '../../knowledge/paths';
import path from 'node:path';
import type { DialogTestClient } from 'botbuilder-testing';

let sharedKnowledge: KnowledgeBase | undefined;

/** The shipped knowledge base, built once per test file. */
/** The channel locale a conversation in each language sends. */
export const LOCALES: Readonly<Record<Language, string>> = { fr: 'fr-FR', en: 'en-US' };

export function knowledgeBase(): KnowledgeBase {
  sharedKnowledge ??= KnowledgeBase.fromDirectory(path.join(projectRoot(), 'knowledge', 'data'));
  return sharedKnowledge;
}

/** A reply the bot should send: a resource key (with its placeholder values) or a pattern. */
export type Expected = StringKey | readonly [StringKey, StringVars] | RegExp | { readonly exact: string };

/** What the user does in a step: types text, or presses the button showing a resource text. */
export type UserSays = string | { readonly press: StringKey };

export function render(lang: Language, expected: Expected): unknown {
  if (expected instanceof RegExp) return expect.stringMatching(expected);
  if (typeof expected === 'string') return STRINGS.t(lang, expected);
  if ('exact' in expected) return expected.exact;
  return STRINGS.t(lang, expected[0], expected[1]);
}

export function userText(lang: Language, says: UserSays): string {
  return typeof says === 'string' ? says : STRINGS.t(lang, says.press);
}

/** The texts of the message activities among `replies`. */
export function texts(replies: readonly Partial<Activity>[]): Array<string | undefined> {
  return replies.filter((reply) => reply.type === ActivityTypes.Message).map((reply) => reply.text);
}

/** The titles of a reply's buttons (hero card imBack actions). */
export function buttons(reply: Partial<Activity> | undefined): string[] {
  const card = reply?.attachments?.find((attachment: Attachment) => attachment.contentType === 'application/vnd.microsoft.card.hero');
  return ((card?.content as { buttons?: Array<{ title: string; type: string; value: string }> })?.buttons ?? []).map((button) => {
    expect(button.type).toBe('imBack');
    expect(button.value).toBe(button.title);
    return button.title;
  });
}

/** A FeedbackStore in memory. */
export class MemoryFeedbackStore implements FeedbackStore {
  readonly records: StoredFeedback[] = [];
  async record(feedback: Parameters<FeedbackStore['record']>[0]): Promise<void> {
    this.records.push({ ...feedback, createdAt: new Date().toISOString() });
  }
  async forEntry(entryId: string): Promise<StoredFeedback[]> {
    return this.records.filter((record) => record.entryId === entryId);
  }
}

/** Logs kept in memory, so failing turns stay silent in test output. */
class MemoryLogger {
  readonly errors: Array<{ details: object; message: string }> = [];
  readonly warnings: Array<{ details: object; message: string }> = [];
  error(details: object, message: string): void {
    this.errors.push({ details, message });
  }
  warn(details: object, message: string): void {
    this.warnings.push({ details, message });
  }
}

export interface BotHarnessOptions {
  handoff?: HandoffGateway;
  analytics?: AnalyticsRecorder;
  feedback?: FeedbackStore;
  messagingExtension?: MessagingExtensionHandler;
  knowledge?: KnowledgeBase;
  suggestions?: SuggestionRecorder;
}

/** The whole bot (state, main dialog, onTurnError) on a TestAdapter, as the app wires it. */
export function createBotHarness(options: BotHarnessOptions = {}) {
  const knowledge = options.knowledge ?? knowledgeBase();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const session = new Session(conversationState, userState, (text, hint) => knowledge.detectLanguage(text, hint));
  const replies = new Replies(session);
  const feedback = options.feedback ?? new MemoryFeedbackStore();
  const logger = new MemoryLogger();
  const dialog = new MainDialog({
    knowledge: () => knowledge,
    session,
    replies,
    feedback,
    handoff: options.handoff,
    logger,
    suggestions: options.suggestions,
    analytics: options.analytics,
  });
  const bot = new AssistantBot({
    conversationState,
    userState,
    session,
    replies,
    dialog,
    handoff: options.handoff,
    messagingExtension: options.messagingExtension,
  });
  const adapter = new TestAdapter((context) => bot.run(context));
  adapter.onTurnError = createTurnErrorHandler({ logger, conversationState, session });
  return { adapter, bot, session, feedback, logger, storage };
}

export type BotHarness = ReturnType<typeof createBotHarness>;

/** One user's conversation with the harness's bot; `say` returns what the bot sent in that turn. */
export class Conversation {
  constructor(
    private readonly harness: BotHarness,
    readonly id = 'conversation-1',
    private readonly locale = 'fr-FR',
    private readonly userId = 'user-1',
  ) {}

  async say(says: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> =
      typeof says === 'string' ? { type: ActivityTypes.Message, text: says } : { type: ActivityTypes.Message, ...says };
    await this.harness.adapter.processActivity({
      locale: this.locale,
      channelId: 'test',
      conversation: { id: this.id, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: this.userId, name: 'Supplier' },
      recipient: { id: 'bot', name: 'CSP assistant' },
      ...activity,
    });
    return this.harness.adapter.activeQueue.splice(0);
  }
}

/** Runs before every turn of a DialogTestClient, as the bot does: language and transcript. */
function sessionMiddleware(session: Session): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      await session.beginTurn(context);
      await next();
    },
  };
}

/** Everything a DialogTestClient needs to run one dialog as the bot would. */
export function dialogFixture() {
  const knowledge = knowledgeBase();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const session = new Session(conversationState, userState, (text, hint) => knowledge.detectLanguage(text, hint));
  const replies = new Replies(session);
  const middlewares: Middleware[] = [new AutoSaveStateMiddleware(userState), sessionMiddleware(session)];
  return { knowledge, conversationState, userState, session, replies, middlewares };
}

/** Sends one activity through a DialogTestClient and collects every reply of that turn. */
export async function allReplies(client: DialogTestClient, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  for (let reply = await client.sendActivity(activity); reply; reply = client.getNextReply()) replies.push(reply);
  return replies;
}

/** Accepted suggestions kept in memory. */
export class MemorySuggestionRecorder implements SuggestionRecorder {
  readonly accepted: AcceptedSuggestion[] = [];
  async recordAcceptance(accepted: AcceptedSuggestion): Promise<void> {
    this.accepted.push(accepted);
  }
}
