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
