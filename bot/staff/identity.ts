import type { Request, Response } from 'restify';

/** A staff member signed in through the console. */
export interface SignedInStaff {
  readonly kind: 'member';
  /** The member's email: what ticket history and knowledge versions record as the author. */
  readonly id: string;
  readonly email: string;
  /** The name shown to colleagues and, on replies, to the user. */
  readonly name: string;
  /** The session's CSRF token, which pages embed so that their scripts may change things. */
  readonly csrfToken: string;
}

/** An integration calling with `Authorization: Bearer STAFF_API_TOKEN`, recorded as "api". */
export interface IntegrationCaller {
  readonly kind: 'integration';
  readonly id: 'api';
  readonly name?: undefined;
}

/** Who is acting on a staff route. */
export type StaffIdentity = SignedInStaff | IntegrationCaller;

/** What a route asks of its caller beyond being staff. */
export interface RequireStaffOptions {
  /** An HTML page: a caller who is not let in is sent to the sign-in page (303), not answered 401/403. */
  readonly page?: boolean;
  /**
   * Only a console session will do, and an Authorization header is not looked at: for pages that
   * embed the session's CSRF token.
   */
  readonly signedIn?: boolean;
}

/**
 * The one staff check every feature takes: resolves who is acting, or answers the request itself
 * (401 or 403, or a redirect to the sign-in for a page) and resolves undefined. A bearer token is
 * checked on its own, with no fallback to the cookie; a session must also send its CSRF token
 * (`X-CSRF-Token`) on every request that changes something.
 */
export interface StaffGuard {
  (req: Request, res: Response, options: RequireStaffOptions & { readonly signedIn: true }): Promise<SignedInStaff | undefined>;
  (req: Request, res: Response, options?: RequireStaffOptions): Promise<StaffIdentity | undefined>;
}
