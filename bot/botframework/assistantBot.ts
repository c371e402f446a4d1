import {
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type ConversationState,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import { runDialog, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { asksToWithdraw, sendWelcome, type Replies, type Session } from '../../dialogs';
import type { HandoffGateway } from '../handoff/types';
import type { MessagingExtensionHandler } from './messagingExtension';
import type { FileIntake } from './fileIntake';
import { fileMessage, fileMessageLanguage } from '../attachments/messages';

/** What the bot is built from. */
export interface AssistantBotDeps {
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  readonly session: Session;
  readonly replies: Replies;
  /** The dialog every message goes to (the main dialog). */
  readonly dialog: Dialog;
  /** Premium support: while a conversation's ticket is active, its messages go to the staff. */
  readonly handoff?: HandoffGateway;
  /** Teams' message extension search; without it Teams is told it's not implemented. */
  readonly messagingExtension?: MessagingExtensionHandler;
  /** Files suppliers send (screenshots, PDFs): kept with the conversation, shown on its ticket. */
  readonly files?: FileIntake;
}

/**
 * The supplier assistant (a TeamsActivityHandler, so Teams, Web Chat and the Emulator
 * share it): a welcome when someone joins, every message to the main dialog, or to the
 * Premium support staff while the conversation has an active ticket. State is saved once,
 * at the end of each turn.
 */
export class AssistantBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(private readonly deps: AssistantBotDeps) {
    super();
    // Checked at run time too: a caller outside the type checker (JavaScript, a test) may leave one out.
    const given: Partial<AssistantBotDeps> = deps;
    for (const name of ['conversationState', 'userState', 'session', 'replies', 'dialog'] as const) {
      if (!given[name]) throw new Error(`AssistantBot: missing ${name}`);
    }
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');

    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient.id);
      if (joined.length > 0) await sendWelcome(context, deps.replies);
      await next();
    });

    this.onMessage(async (context, next) => {
      // A message of files only is answered by the intake; with text it goes on as any message.
      const filesOnly = await this.takeFiles(context);
      if (!filesOnly && !(await this.forwardToStaff(context))) await runDialog(deps.dialog, context, this.dialogState);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    if (context.activity.type === 'message' && context.activity.text) {
      // In Teams channels the text starts with "<at>Bot</at>". It returns activity.text, a string here, without the mention.
      context.activity.text = TurnContext.removeRecipientMention(context.activity);
    }
    await this.deps.session.beginTurn(context);
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    if (!this.deps.messagingExtension) return super.handleTeamsMessagingExtensionQuery(context, query);
    return this.deps.messagingExtension.query(context, query);
  }

  protected override async handleTeamsMessagingExtensionSelectItem(context: TurnContext, item: unknown): Promise<MessagingExtensionResponse> {
    const handler = this.deps.messagingExtension;
    if (!handler?.selectItem) return super.handleTeamsMessagingExtensionSelectItem(context, item);
    return handler.selectItem(context, item);
  }

  /**
   * Keeps the message's files (see FileIntake) and says so in the user's language: received (and
   * on which request, while a ticket is active), or why one was refused. True when the message
   * had files and no text: nothing more to do with it.
   */
  private async takeFiles(context: TurnContext): Promise<boolean> {
    const intake = this.deps.files;
    if (!intake) return false;
    const incoming: Partial<Activity> = context.activity;
    const result = await intake.receive(incoming);
    if (!result) return false;
    const locale = incoming.locale;
    // File names are user text: sent as plain text, never as markdown.
    for (const refused of result.refused) {
      await context.sendActivity({ type: 'message', textFormat: 'plain', text: fileMessage(refused.key, locale, { name: refused.name.slice(0, 120) }) });
    }
    if (result.stored.length > 0) {
      const quote = fileMessageLanguage(locale) === 'fr' ? (name: string) => `«\u00a0${name}\u00a0»` : (name: string) => `“${name}”`;
      const names = result.stored.map((file) => quote(file.name)).join(', ');
      const handoff = this.deps.handoff;
      const ticket = await handoff?.activeTicketFor(context.activity.conversation.id);
      // On an active ticket the file is also a line of its messages: the agent's console updates live and shows when it came.
      if (handoff && ticket) await handoff.addUserMessage(ticket.id, result.stored.map((file) => `📎 ${file.name}`).join('\n'));
      const text = ticket ? fileMessage('file.receivedForTicket', locale, { names, ticketId: ticket.id }) : fileMessage('file.received', locale, { names });
      await context.sendActivity({ type: 'message', textFormat: 'plain', text });
    }
    return !(incoming.text ?? '').trim();
  }

  /** While a ticket is active the user talks to the staff; "cancel my request" withdraws it. True when handled. */
  private async forwardToStaff(context: TurnContext): Promise<boolean> {
    const handoff = this.deps.handoff;
    if (!handoff) return false;
    const ticket = await handoff.activeTicketFor(context.activity.conversation.id);
    if (!ticket) return false;
    // A message may come without text (an attachment only), whatever botbuilder's Activity type says.
    const incoming: Partial<Activity> = context.activity;
    const text = (incoming.text ?? '').trim();
    if (asksToWithdraw(text)) {
      await handoff.withdraw(ticket.id);
      await this.deps.replies.say(context, 'handoff.withdrawn', { ticketId: ticket.id });
      return true;
    }
    if (text) await handoff.addUserMessage(ticket.id, text);
    await this.deps.replies.say(context, 'handoff.forwarded', { ticketId: ticket.id });
    return true;
  }
}
