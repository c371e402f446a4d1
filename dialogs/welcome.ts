import type { TurnContext } from 'botbuilder';
import type { ButtonSpec, Replies } from './replies';

/** The main menu: the four journeys, a question to the FAQ, and Premium support. */
export const MENU_BUTTONS: readonly ButtonSpec[] = [
  'menu.connectCustomer',
  'menu.twoFactor',
  'menu.missingTab',
  'menu.roleAccess',
  'menu.askQuestion',
  'menu.premium',
];

/** Says what the assistant can do, with the menu as buttons. */
export async function sendWelcome(context: TurnContext, replies: Replies): Promise<void> {
  await replies.say(context, 'welcome.text', undefined, MENU_BUTTONS);
}
