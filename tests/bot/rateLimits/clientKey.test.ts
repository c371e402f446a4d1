/**
 * Finding 5 of issue 13: with TRUST_PROXY=true the leftmost X-Forwarded-For entry, which the
 * client writes, was taken as its address: rotating it escaped the sign-in throttle and the
 * token limit. The client address is now the entry the configured number of proxies vouch for.
 */
import type { Request } from 'restify';
import { clientAddress, limitKeyOfAddress } from '../../../bot/rateLimits/clientKey';
import { startApp, type RunningApp } from '../../support/app';
import { startForwardingProxy, type ForwardingProxy } from '../../support/forwardingProxy';
import { addStaff, AGENT, setCookies } from '../../support/staff';
import { awayFromWindowEdge } from '../../support/rateWindow';

function request(forwardedFor: string | undefined, socketAddress = '10.0.0.9'): Request {
  return { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress: socketAddress } } as unknown as Request;
}

describe('clientAddress', () => {
  it.each([
    { hops: 0, forwardedFor: undefined, expected: '10.0.0.9' },
    { hops: 0, forwardedFor: '203.0.113.7', expected: '10.0.0.9' },
    { hops: 1, forwardedFor: undefined, expected: '10.0.0.9' },
    { hops: 1, forwardedFor: '203.0.113.7', expected: '203.0.113.7' },
    { hops: 1, forwardedFor: '1.1.1.1, 2.2.2.2, 203.0.113.7', expected: '203.0.113.7' },
    { hops: 2, forwardedFor: '1.1.1.1, 203.0.113.7, 10.0.0.2', expected: '203.0.113.7' },
    { hops: 2, forwardedFor: '10.0.0.2', expected: '10.0.0.2' },
    { hops: 1, forwardedFor: 'spoofed,203.0.113.7', expected: '203.0.113.7' },
  ])('takes $expected from X-Forwarded-For "$forwardedFor" behind $hops hop(s)', ({ hops, forwardedFor, expected }) => {
    expect(clientAddress(request(forwardedFor), hops)).toBe(expected);
  });
});

describe.each<{ setting: string; env: Record<string, string>; proxies: number }>([
  { setting: 'TRUST_PROXY=true (deprecated, one hop)', env: { TRUST_PROXY: 'true' }, proxies: 1 },
  { setting: 'TRUST_PROXY_HOPS=1', env: { TRUST_PROXY_HOPS: '1' }, proxies: 1 },
  { setting: 'TRUST_PROXY_HOPS=2', env: { TRUST_PROXY_HOPS: '2' }, proxies: 2 },
])('Limits behind $proxies proxy(ies) with $setting, the client rotating X-Forwarded-For', ({ env, proxies }) => {
  let running: RunningApp;
  const chain: ForwardingProxy[] = [];
  let entry: string;
  beforeAll(async () => {
    running = await startApp({ ...env, RATE_LIMIT_TOKEN_PER_MINUTE: '5' });
    await addStaff(running.app.database);
    entry = running.url;
    for (let i = 0; i < proxies; i++) {
      chain.push(await startForwardingProxy(entry));
      entry = chain[chain.length - 1]!.url;
    }
  });
  afterAll(async () => {
    for (const proxy of chain) await proxy.close();
    await running.stop();
  });

  const spoofed = (i: number) => ({ 'X-Forwarded-For': `198.51.100.${i}, 203.0.113.${i}` });

  it('still counts every token request against the one real client', async () => {
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await fetch(`${entry}/api/directline/token`, { method: 'POST', headers: spoofed(i) })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it('still throttles failed sign-ins for one email from the one real client', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const form = await fetch(`${entry}/staff/sign-in`, { headers: spoofed(i) });
      const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const answer = await fetch(`${entry}/staff/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          ...spoofed(i),
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: `csp_staff_signin=${setCookies(form).csp_staff_signin}`,
        },
        body: new URLSearchParams({ csrf, email: AGENT.email, password: `wrong password ${i}` }).toString(),
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
});

describe('limitKeyOfAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:DB8:0:0:1::1', '2001:db8:0:0::/64'],
    ['2001:db8:a:b:c:d:e:f', '2001:db8:a:b::/64'],
    ['2001:db8:a::1.2.3.4', '2001:db8:a:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('counts %s as %s', (address, key) => {
    expect(limitKeyOfAddress(address)).toBe(key);
  });
});

// An IPv6 subscriber holds a /64: counted per address, it took a fresh one per request and no
// per-client limit (searches, tokens, posts, streams, sign-ins) bound it.
describe('Limits for an IPv6 client behind one proxy, rotating addresses within its /64', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ TRUST_PROXY_HOPS: '1', RATE_LIMIT_SEARCH_PER_MINUTE: '3' });
  });
  afterAll(() => running.stop());

  it('counts every address of the /64 as one client, and another /64 apart', async () => {
    await awayFromWindowEdge();
    const search = (address: string) => fetch(`${running.url}/api/faq/search?q=rib`, { headers: { 'X-Forwarded-For': address } });
    const statuses = [];
    for (let i = 1; i <= 5; i++) statuses.push((await search(`2001:db8:1:2::${i.toString(16)}:${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await search('2001:db8:1:3::1')).status).toBe(200);
  });
});
