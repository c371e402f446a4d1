import net from 'node:net';

/** How the body is framed on the wire: honest framings and the lies a client can tell. */
export type Framing = 'content-length' | 'chunked' | 'length-too-long' | 'length-too-short' | 'length-and-chunked' | 'no-length';

/** One request as bytes on a socket: anything a client can send, well-formed or not. */
export interface RawRequest {
  readonly method: string;
  /** The request target exactly as sent (already encoded, or deliberately not). */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer;
  readonly framing: Framing;
}

export interface RawAnswer {
  /** The first final (non-1xx) status, if one arrived. */
  readonly status?: number;
  readonly retryAfter?: string;
  /** The start of the answer, for reports. */
  readonly head: string;
  /** The socket was still open when the wait ended (destroyed by us). */
  readonly timedOut: boolean;
}

/** The request's bytes, framed as `request.framing` says. */
function encodeRequest(request: RawRequest, host: string): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const chunked = () => Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
  let payload: Buffer = body;
  switch (request.framing) {
    case 'content-length':
      lines.push(`Content-Length: ${body.length}`);
      break;
    case 'chunked':
      lines.push('Transfer-Encoding: chunked');
      payload = body.length > 0 ? chunked() : Buffer.from('0\r\n\r\n');
      break;
    case 'length-too-long':
      lines.push(`Content-Length: ${body.length + 1000}`);
      break;
    case 'length-too-short':
      lines.push(`Content-Length: ${Math.floor(body.length / 2)}`);
      break;
    case 'length-and-chunked':
      lines.push(`Content-Length: ${body.length}`, 'Transfer-Encoding: chunked');
      payload = chunked();
      break;
    case 'no-length':
      break;
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/**
 * Sends `request` on its own socket to 127.0.0.1:`port` and waits up to `timeoutMs` for the
 * server to answer and close (Connection: close); then the socket is destroyed either way.
 */
export function sendRaw(port: number, request: RawRequest, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const head = Buffer.concat(received).subarray(0, 4096).toString('latin1');
      const final = [...head.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1])).find((s) => s >= 200);
      const retryAfter = /^Retry-After: *(.*)$/im.exec(head)?.[1]?.trim();
      resolve({ status: final, retryAfter, head: head.slice(0, 600), timedOut });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      // Keep the head only: a large answer (webchat.js) need not be held whole.
      if (size < 8192) received.push(chunk);
      size += chunk.length;
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('connect', () => socket.write(encodeRequest(request, `127.0.0.1:${port}`)));
  });
}
