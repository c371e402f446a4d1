import type { Request } from 'restify';
import { readCookie, setCookie } from '../../../bot/staff/cookies';

const withCookie = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as unknown as Request;

describe('readCookie', () => {
  it('reads one cookie among several, decoded', () => {
    expect(readCookie(withCookie('a=1; csp_staff_session=abc%2Fdef ; b=2'), 'csp_staff_session')).toBe('abc/def');
  });

  it('takes the first of two cookies of the same name', () => {
    expect(readCookie(withCookie('x=first; x=second'), 'x')).toBe('first');
  });

  it('reads nothing from a value that does not decode, nor from a missing header or name', () => {
    expect(readCookie(withCookie('x=%E0; x=second'), 'x')).toBeUndefined();
    expect(readCookie(withCookie(), 'x')).toBeUndefined();
    expect(readCookie(withCookie('y=1'), 'x')).toBeUndefined();
  });
});

describe('setCookie', () => {
  it('writes an HttpOnly, SameSite=Strict cookie with its path and lifetime', () => {
    expect(setCookie('csp_staff_signin', 'a b', 3600, false, '/staff')).toBe('csp_staff_signin=a%20b; Max-Age=3600; Path=/staff; HttpOnly; SameSite=Strict');
  });

  it('adds Secure behind TLS, and deletes with Max-Age=0', () => {
    expect(setCookie('csp_staff_session', '', 0, true)).toBe('csp_staff_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict');
  });
});
