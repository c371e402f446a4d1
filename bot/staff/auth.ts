import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { Config } from '../config';
import { sendError } from '../http/errors';
import type { StaffAccounts } from './accounts';
import { readCookie, SESSION_COOKIE } from './cookies';
import type { IntegrationCaller, RequireStaffOptions, SignedInStaff, StaffGuard, StaffIdentity } from './identity';

/** The header a session sends its CSRF token in, on every request that changes something. */
export const CSRF_HEADER = 'x-csrf-token';
/** Where a page sends a visitor who is not let in. */
export const SIGN_IN_PATH = '/staff/sign-in';

const INTEGRATION: IntegrationCaller = { kind: 'integration', id: 'api' };
const READ_ONLY_METHODS = new Set(['GET', 'HEAD']);

/** Constant-time string comparison (hashing first, so lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** Whether an Authorization header carries the staff API token; never, when no token is configured. */
function isStaffApiToken(authorization: string, expected: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return Boolean(match && expected && safeEqual(match[1]!, expected));
}

type Refusal = { status: 401 | 403; error: string; message: string };

const WRONG_TOKEN: Refusal = { status: 401, error: 'unauthorized', message: 'staff: missing or wrong credentials' };
const NOT_SIGNED_IN: Refusal = { status: 401, error: 'unauthorized', message: 'staff: sign in or send Authorization: Bearer STAFF_API_TOKEN' };
const CSRF_FAILED: Refusal = { status: 403, error: 'csrf_failed', message: `staff: missing or wrong ${CSRF_HEADER} header` };

export interface StaffAuthDeps {
  config: Readonly<Pick<Config, 'STAFF_API_TOKEN'>>;
  accounts: Pick<StaffAccounts, 'session'>;
}

/** The one `requireStaff` of the application: the bearer token and the session cookie are checked here and nowhere else. */
export function createRequireStaff(deps: StaffAuthDeps): StaffGuard {
  const identify = async (req: Request, options: RequireStaffOptions): Promise<StaffIdentity | Refusal> => {
    const authorization = options.signedIn ? undefined : req.headers.authorization;
    if (authorization !== undefined) return isStaffApiToken(authorization, deps.config.STAFF_API_TOKEN) ? INTEGRATION : WRONG_TOKEN;
    const session = await deps.accounts.session(readCookie(req, SESSION_COOKIE));
    if (!session) return NOT_SIGNED_IN;
    if (!READ_ONLY_METHODS.has(req.method ?? 'GET')) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) return CSRF_FAILED;
    }
    const { member } = session;
    return { kind: 'member', id: member.email, email: member.email, name: member.name, csrfToken: session.csrfToken } satisfies SignedInStaff;
  };

  function requireStaff(req: Request, res: Response, options: RequireStaffOptions & { readonly signedIn: true }): Promise<SignedInStaff | undefined>;
  function requireStaff(req: Request, res: Response, options?: RequireStaffOptions): Promise<StaffIdentity | undefined>;
  async function requireStaff(req: Request, res: Response, options: RequireStaffOptions = {}): Promise<StaffIdentity | undefined> {
    const found = await identify(req, options);
    if ('kind' in found) return found;
    if (options.page) {
      res.writeHead(303, { Location: SIGN_IN_PATH });
      res.end();
    } else {
      // RFC 9110: a 401 names the scheme that would be accepted.
      if (found.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="staff"');
      sendError(res, found.status, found.error, found.message);
    }
    return undefined;
  }
  return requireStaff;
}
