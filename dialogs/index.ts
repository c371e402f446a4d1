/** The conversation: the main dialog, the journeys, the escalation, and what they share. */
export { MainDialog, MAIN_DIALOG, CHAT_SURFACE, type MainDialogDeps } from './mainDialog';
export { ConnectCustomerDialog, CONNECT_CUSTOMER_DIALOG } from './connectCustomerDialog';
export { TwoFactorDialog, TWO_FACTOR_DIALOG } from './twoFactorDialog';
export { MissingTabDialog, MISSING_TAB_DIALOG } from './missingTabDialog';
export { RoleAccessDialog, ROLE_ACCESS_DIALOG } from './roleAccessDialog';
export { EscalationDialog, ESCALATION_DIALOG, type EscalationResult } from './escalationDialog';
export { Session, localeLanguage, TRANSCRIPT_LINES, type ConversationMemory, type UserProfile } from './session';
export { Replies, withButtons, type ButtonSpec } from './replies';
export { Strings, STRINGS, type StringKey } from './strings';
export { asksToWithdraw } from './intents';
export { sendWelcome } from './welcome';
