import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An e-mail the test SMTP server accepted, parsed. */
export interface ReceivedMail {
  readonly to: string[];
  readonly from: string;
  readonly parsed: ParsedMail;
  readonly raw: string;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT (no TLS, no authentication): what SMTP_URL is set to. */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Refuses the next `count` messages at DATA with a temporary error (451). */
  refuseNext(count: number): void;
  /** Holds each message's answer this long after its data arrived (an SMTP server slow to say 250). */
  delayAnswers(ms: number): void;
  /** Calls `listener` when a message's data has arrived, before the answer (none: no longer). */
  onData(listener?: () => void): void;
  /** Resolves once `count` messages have been accepted (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a free loopback port, keeping what it accepts in memory. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let delayMs = 0;
  const waiters: Array<() => void> = [];
  let dataListener: (() => void) | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        dataListener?.();
        const answer = async () => {
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (refusals > 0) {
            refusals -= 1;
            const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
            return callback(error);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          received.push({
            raw,
            to: session.envelope.rcptTo.map((address) => address.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            parsed: await simpleParser(raw),
          });
          callback();
          for (const wake of waiters.splice(0)) wake();
        };
        void answer();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(count: number) {
      refusals = count;
    },
    delayAnswers(ms: number) {
      delayMs = ms;
    },
    onData(listener?: () => void) {
      dataListener = listener;
    },
    async waitFor(count: number, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`smtp: ${received.length} e-mails received, ${count} expected`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
