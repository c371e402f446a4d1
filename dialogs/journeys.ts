import type { JourneyId } from '../knowledge';
import { CONNECT_CUSTOMER_DIALOG, type ConnectCustomerOptions } from './connectCustomerDialog';
import { MISSING_TAB_DIALOG } from './missingTabDialog';
import { ROLE_ACCESS_DIALOG, type RoleAccessOptions } from './roleAccessDialog';
import type { StringKey } from './strings';
import { TWO_FACTOR_DIALOG, type TwoFactorOptions } from './twoFactorDialog';

/** The dialog that runs each journey. */
export const JOURNEY_DIALOGS: Readonly<Record<JourneyId, string>> = {
  'connect-customer': CONNECT_CUSTOMER_DIALOG,
  'two-factor': TWO_FACTOR_DIALOG,
  'missing-tab': MISSING_TAB_DIALOG,
  'role-access': ROLE_ACCESS_DIALOG,
};

/** The main-menu button that starts each journey. */
export const JOURNEY_MENU_KEYS: Readonly<Record<JourneyId, StringKey>> = {
  'connect-customer': 'menu.connectCustomer',
  'two-factor': 'menu.twoFactor',
  'missing-tab': 'menu.missingTab',
  'role-access': 'menu.roleAccess',
};

type JourneyOptions = ConnectCustomerOptions | TwoFactorOptions | RoleAccessOptions;

/** What an FAQ answer already tells its journey ("walk me through it" after "how do I disable 2FA?"). */
const OPTIONS_FROM_ENTRY: Readonly<Record<string, JourneyOptions>> = {
  '2fa-enable': { goal: 'twoFactor.enable' },
  '2fa-disable': { goal: 'twoFactor.disable' },
  'access-pos-invoices': { goal: 'roleAccess.documents' },
  'add-employee': { goal: 'roleAccess.employee' },
  'connect-new-customer': { situation: 'connect.newCustomer' },
};

/** What a trigger phrase already tells its journey: role-access phrases are about POs/invoices. */
export const JOURNEY_TRIGGER_OPTIONS: Readonly<Partial<Record<JourneyId, JourneyOptions>>> = {
  'role-access': { goal: 'roleAccess.documents' },
};

export function journeyOptionsForEntry(entryId: string): JourneyOptions {
  return OPTIONS_FROM_ENTRY[entryId] ?? {};
}
