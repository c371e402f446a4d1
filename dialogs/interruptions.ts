import type { TurnContext } from 'botbuilder';
import { DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Interruption } from './intents';
import type { Replies } from './replies';
import type { Session } from './session';
import { MENU_BUTTONS, sendWelcome } from './welcome';

/**
 * A command typed while a dialog waits for an answer: help re-asks the pending question,
 * a language switch re-asks it in the new language, cancel, restart and menu leave it.
 */
export async function handleCommand(
  innerDc: DialogContext,
  interruption: Interruption,
  session: Session,
  replies: Replies,
): Promise<DialogTurnResult> {
  const context = innerDc.context;
  switch (interruption.kind) {
    case 'help':
      await replies.say(context, 'help.text');
      await replies.say(context, 'help.inDialog');
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    case 'cancel':
      await replies.say(context, 'cancel.done');
      return innerDc.cancelAllDialogs();
    case 'restart':
      await replies.say(context, 'restart.done');
      await sendWelcome(context, replies);
      return innerDc.cancelAllDialogs();
    case 'menu':
      await replies.say(context, 'menu.text', undefined, MENU_BUTTONS);
      return innerDc.cancelAllDialogs();
    case 'language':
      await session.setLanguage(context, interruption.language);
      await replies.say(context, 'language.switched');
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
  }
}

/** A command typed when no dialog is under way: help and menu show the menu, cancel has nothing to stop. */
export async function handleCommandAtTop(context: TurnContext, interruption: Interruption, session: Session, replies: Replies): Promise<void> {
  switch (interruption.kind) {
    case 'help':
      return replies.say(context, 'help.text', undefined, MENU_BUTTONS);
    case 'menu':
      return replies.say(context, 'menu.text', undefined, MENU_BUTTONS);
    case 'cancel':
      return replies.say(context, 'cancel.nothing');
    case 'restart':
      delete (await session.memory(context)).lastAnswerId;
      await replies.say(context, 'restart.done');
      return sendWelcome(context, replies);
    case 'language':
      await session.setLanguage(context, interruption.language);
      return replies.say(context, 'language.switched');
  }
}
