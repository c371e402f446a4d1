import proxyAddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

/**
 * The address a request came from, as `trustedHops` proxies in front of the server report it:
 * each appends the address it was reached from to X-Forwarded-For, so the client's own address
 * is `trustedHops` entries from the right (the socket address counting as the last). Entries
 * further left are written by the client and never read: trusting the leftmost one let an
 * attacker rotate it and escape every limit. proxy-addr is what Express's numeric `trust proxy`
 * uses.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  return proxyAddr(req, (_address, hop) => hop < trustedHops) || 'unknown';
}

/**
 * What a client's limits are counted under: its IPv4 address, or the /64 network of an IPv6
 * address. An IPv6 subscriber gets at least a /64 (2^64 addresses) and can take a fresh
 * address for every request: counted per address, no per-client limit bound anyone.
 */
export function clientKey(req: IncomingMessage, trustedHops: number): string {
  return limitKeyOfAddress(clientAddress(req, trustedHops));
}

/** `address` itself (IPv4, or IPv4-mapped IPv6 as IPv4), or its IPv6 /64 as `2001:db8:0:1::/64`. */
export function limitKeyOfAddress(address: string): string {
  const plain = address.replace(/%.*$/, '').toLowerCase();
  if (!isIPv6(plain)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 address (last 32 bits) takes two groups; only the first four groups matter.
  const rightGroups = right.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - rightGroups).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
