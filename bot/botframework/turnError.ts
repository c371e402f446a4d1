import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { localeLanguage, STRINGS, type Session } from '../../dialogs';

/** The part of the logger a failing turn uses (pino's Logger has it). */
export interface TurnErrorLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface TurnErrorDeps {
  readonly logger: TurnErrorLogger;
  readonly conversationState: ConversationState;
  readonly session: Session;
}

/**
 * The adapter's onTurnError: logs the failure, apologizes in the user's language and
 * clears the conversation's state so its next message starts afresh. Only the failing
 * conversation is touched; state is per conversation.
 */
export function createTurnErrorHandler(deps: TurnErrorDeps): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const conversation = context.activity.conversation?.id;
    deps.logger.error({ err: error, conversation, activityType: context.activity.type }, 'bot: turn failed');
    if (context.activity.type !== ActivityTypes.Invoke) {
      try {
        const language = await deps.session.language(context).catch(() => localeLanguage(context.activity.locale) ?? 'fr');
        await context.sendActivity(STRINGS.t(language, 'error.apology'));
      } catch (sendError) {
        deps.logger.warn({ err: sendError, conversation }, 'bot: apology not delivered');
      }
    }
    try {
      await deps.conversationState.delete(context);
    } catch (deleteError) {
      deps.logger.warn({ err: deleteError, conversation }, 'bot: conversation state not cleared');
    }
  };
}
