import type { Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Database } from '../storage/database';
import { StaffAccounts } from './accounts';
import { createRequireStaff } from './auth';
import type { StaffGuard } from './identity';
import { AttemptLimit } from '../rateLimits/attemptLimit';
import { registerSignInRoutes, SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS } from './signInRoutes';

/** Replaceable parts of the staff module, for tests (and the shared limiter when scaled out). */
export interface StaffOverrides {
  /** Sign-in attempt limiter (default: in this process, SIGN_IN_LIMIT per SIGN_IN_WINDOW_MS). */
  signInLimiter?: AttemptLimit;
  now?: () => Date;
}

export interface StaffModuleDeps {
  config: Readonly<Config>;
  logger: Logger;
  database: Database;
  overrides?: StaffOverrides;
}

/** Staff identity for the whole application: accounts, sign-in and sessions, and the one check every feature takes. */
export interface StaffModule {
  readonly accounts: StaffAccounts;
  /** Who is acting on a staff route, or the 401/403 (a redirect for pages) already sent. */
  readonly requireStaff: StaffGuard;
  /** Adds GET/POST /staff/sign-in and POST /staff/sign-out. */
  registerRoutes(server: Server): void;
}

/** Wires staff accounts → the STAFF_API_TOKEN / session check → the sign-in routes. */
export function createStaffModule(deps: StaffModuleDeps): StaffModule {
  const { config, logger, database, overrides = {} } = deps;
  const accounts = new StaffAccounts(database, overrides.now);
  const limiter = overrides.signInLimiter ?? new AttemptLimit(SIGN_IN_LIMIT, SIGN_IN_WINDOW_MS);
  return {
    accounts,
    requireStaff: createRequireStaff({ config, accounts }),
    registerRoutes(server) {
      registerSignInRoutes(server, { config, accounts, logger, limiter });
    },
  };
}
