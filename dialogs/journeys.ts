import type { JourneyId } from '../knowledge';
import { CONNECT_CUSTOMER_DIALOG, type ConnectCustomerOptions } from './connectCustomerDialog';
import { MISSING_TAB_DIALOG, type MissingTabOptions } from './missingTabDialog';
import { ROLE_ACCESS_DIALOG, type RoleAccessGoal, type RoleAccessOptions } from './roleAccessDialog';
import type { LastHelp } from './session';
import type { StringKey, Strings } from './strings';
import { matchesAny } from './text';
import { TWO_FACTOR_DIALOG, type TwoFactorOptions } from './twoFactorDialog';

/** The dialog that runs each journey. */
export const JOURNEY_DIALOGS: Readonly<Record<JourneyId, string>> = {
  'connect-customer': CONNECT_CUSTOMER_DIALOG,
  'two-factor': TWO_FACTOR_DIALOG,
  'missing-tab': MISSING_TAB_DIALOG,
  'role-access': ROLE_ACCESS_DIALOG,
};

/** The main-menu button that starts each journey. */
const JOURNEY_MENU_KEYS: Readonly<Record<JourneyId, StringKey>> = {
  'connect-customer': 'menu.connectCustomer',
  'two-factor': 'menu.twoFactor',
  'missing-tab': 'menu.missingTab',
  'role-access': 'menu.roleAccess',
};

/** The journey whose menu button the message is (its text, typed or pressed, in either language). */
export function journeyOfMenuButton(text: string, strings: Strings): JourneyId | undefined {
  return (Object.keys(JOURNEY_MENU_KEYS) as JourneyId[]).find((journey) => matchesAny(text, strings.all(JOURNEY_MENU_KEYS[journey])));
}

export type JourneyOptions = ConnectCustomerOptions | TwoFactorOptions | MissingTabOptions | RoleAccessOptions;

/** A journey to run, and what is already known for it. */
export interface JourneyStart {
  readonly journey: JourneyId;
  readonly options: JourneyOptions;
}

/** What an FAQ answer already tells its journey ("walk me through it" after "how do I add an employee?"). */
const OPTIONS_FROM_ENTRY: Readonly<Record<string, JourneyOptions>> = {
  '2fa-disable': { goal: 'twoFactor.disable' },
  'access-pos-invoices': { goal: 'roleAccess.documents' },
  'add-employee': { goal: 'roleAccess.employee' },
  'connect-new-customer': { situation: 'connect.newCustomer', explained: ['connect.newCustomer'] },
  'check-customer-connection': { explained: ['connect.withLink'] },
  'communicate-with-customer': { explained: ['connect.withoutLink'] },
  'create-account': { explained: ['connect.withoutLink'] },
  // The answer is the journey's introduction: the journey starts with its first question.
  'missing-customer-tab': { introShown: true },
};

/** Answers that already are their whole journey: walking through them would say the same paragraph again. */
const ANSWER_IS_THE_JOURNEY: ReadonlySet<string> = new Set(['2fa-enable']);

/** What a trigger phrase already tells its journey: role-access phrases are about POs/invoices. */
export const JOURNEY_TRIGGER_OPTIONS: Readonly<Partial<Record<JourneyId, JourneyOptions>>> = {
  'role-access': { goal: 'roleAccess.documents' },
};

/**
 * The journey that goes on from an FAQ answer, if walking through it adds anything: after an answer
 * `shown`, the Admin tab steps are not given again; after one that `failed`, they are a dead end.
 */
export function journeyAfterAnswer(entryId: string, journey: JourneyId | null | undefined, answer: 'shown' | 'failed' = 'shown'): JourneyStart | undefined {
  if (!journey || ANSWER_IS_THE_JOURNEY.has(entryId)) return undefined;
  const afterAnswer: RoleAccessOptions = journey === 'role-access' ? { afterAnswer: answer } : {};
  return { journey, options: { ...OPTIONS_FROM_ENTRY[entryId], ...afterAnswer } };
}

/**
 * After "that didn't work" at a journey step (as recorded for the ticket), the branch the FAQ
 * has next: with the Admin tab, the administrator; a customer not listed, the missing-tab check.
 */
const NEXT_BRANCH: Readonly<Record<string, JourneyStart>> = {
  'role-access: POs/invoices, Admin tab visible': { journey: 'role-access', options: { goal: 'roleAccess.documents', hasAdminTab: false } },
  'role-access: add an employee, Admin tab visible': { journey: 'role-access', options: { goal: 'roleAccess.employee', hasAdminTab: false } },
  'connect-customer: customer not listed': { journey: 'missing-tab', options: { introShown: true } },
};

export function nextBranch(step: string): JourneyStart | undefined {
  return NEXT_BRANCH[step];
}

/** The journey a recorded step belongs to ("missing-tab: emails differ" → "missing-tab"). */
export function journeyOfStep(step: string): string {
  return step.slice(0, step.indexOf(':'));
}

/** Without the Admin tab: the role-access branch for the administrator, with the goal the last help tells, if any. */
export function withoutAdminTab(last: LastHelp | undefined): { readonly start: JourneyStart; readonly inContext: boolean } {
  const goal = goalOf(last);
  return { start: { journey: 'role-access', options: { hasAdminTab: false, ...(goal ? { goal } : {}) } }, inContext: goal !== undefined };
}

function goalOf(last: LastHelp | undefined): RoleAccessGoal | undefined {
  if (last?.kind === 'answer') {
    if (last.entryId === 'access-pos-invoices') return 'roleAccess.documents';
    if (last.entryId === 'add-employee') return 'roleAccess.employee';
  }
  if (last?.kind === 'journey' && last.step.startsWith('role-access: POs/invoices')) return 'roleAccess.documents';
  if (last?.kind === 'journey' && last.step.startsWith('role-access: add an employee')) return 'roleAccess.employee';
  return undefined;
}
