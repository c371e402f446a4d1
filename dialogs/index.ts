/** The conversation as the server uses it: the main dialog, its session and replies, and what they share. */
export { MainDialog, type MainDialogDeps } from './mainDialog';
export { Session, localeLanguage, TRANSCRIPT_LINES } from './session';
export { Replies } from './replies';
export { STRINGS, type StringKey } from './strings';
export { asksToWithdraw } from './intents';
export { sendWelcome } from './welcome';
