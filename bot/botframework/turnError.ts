import { ActivityTypes, type Activity, type ConversationState, type TurnContext } from 'botbuilder';
import { localeLanguage, STRINGS, type Session } from '../../dialogs';

/** The part of the logger a failing turn uses (pino's Logger has it). */
interface TurnErrorLogger {
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
    // The failing activity as it came: the turn may have failed because a field its type calls present is missing.
    const activity: Partial<Activity> = context.activity;
    const conversation = activity.conversation?.id;
    deps.logger.error({ err: error, conversation, activityType: activity.type }, 'bot: turn failed');
    if (activity.type !== String(ActivityTypes.Invoke)) {
      try {
        const language = await deps.session.language(context).catch(() => localeLanguage(activity.locale) ?? 'fr');
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
