import type { Request } from 'restify';
import { readCookie, safeEqual, SESSION_COOKIE } from '../staff/auth';

/**
 * Decides whether a request comes from support staff. It only answers yes or no: the API
 * then sends 401 and the page redirects to the sign-in.
 */
export type StaffGuard = (req: Request) => Promise<boolean>;

/** Lets in `Authorization: Bearer <token>`; denies everything when no token is configured. */
export function bearerTokenGuard(token: string | undefined): StaffGuard {
  return async (req) => {
    if (!token) return false;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return Boolean(match && safeEqual(match[1]!, token));
  };
}

/** Lets in a signed-in staff member (the console's session cookie). */
export function staffSessionGuard(accounts: { session(token: string | undefined): Promise<unknown> }): StaffGuard {
  return async (req) => Boolean(await accounts.session(readCookie(req, SESSION_COOKIE)));
}

/** Lets in what any of the guards lets in. */
export function anyGuard(...guards: StaffGuard[]): StaffGuard {
  return async (req) => {
    for (const guard of guards) if (await guard(req)) return true;
    return false;
  };
}
