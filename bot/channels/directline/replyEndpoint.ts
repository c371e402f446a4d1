import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';

/** Where this server's Bot Connector reply API lives (the `serviceUrl` of Direct Line activities). */
const CHANNEL_PATH = '/directline-channel/';

/**
 * The address of the built-in channel's reply API: this server, on loopback, under CHANNEL_PATH.
 * The bot replies there (the `serviceUrl` of the activities the channel hands it); a reference
 * saved by another instance names that instance's port, and is recognised as the channel's too.
 */
export class ReplyEndpoint {
  private server?: Server;

  /** The server whose own address is the service URL; set when routes are registered. */
  bind(server: Server): void {
    this.server = server;
  }

  /** `http://127.0.0.1:PORT/directline-channel/` once the server listens. */
  serviceUrl(): string {
    const address = this.server?.server.address() as AddressInfo | null | undefined;
    if (!address || typeof address !== 'object') throw new Error('directline: the server is not listening yet');
    const wildcard = address.address === '0.0.0.0' || address.address === '::' || address.address === '';
    const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}${CHANNEL_PATH}`;
  }

  /**
   * The conversation a request to this channel's reply API is for, or undefined if the URL is not ours.
   * Ours: this server's service URL, or the channel path on any loopback address — the service URL
   * another instance of this server put in a conversation reference. Conversations are shared
   * between instances, so such a request is served here (see `localize`).
   */
  conversationOf(url: string): string | undefined {
    const local = this.localize(url);
    if (local === undefined) return undefined;
    const match = /^v3\/conversations\/([^/?#]+)/.exec(local.slice(this.serviceUrl().length));
    return match ? decodeURIComponent(match[1]!) : undefined;
  }

  /** A channel URL rewritten to this instance's own service URL; undefined when the URL is not the channel's. */
  localize(url: string): string | undefined {
    let base: string;
    try {
      base = this.serviceUrl();
    } catch {
      return undefined;
    }
    if (url.startsWith(base)) return url;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(parsed.hostname);
    if (!loopback || parsed.protocol !== 'http:' || !parsed.pathname.startsWith(CHANNEL_PATH)) return undefined;
    return base + url.slice(parsed.origin.length + CHANNEL_PATH.length);
  }
}
