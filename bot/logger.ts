import pino, { type Logger } from 'pino';

export type { Logger };

/** Secrets and personal data that must never reach the logs, wherever they appear. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.MicrosoftAppPassword',
  '*.DIRECT_LINE_SECRET',
  '*.STAFF_API_TOKEN',
  '*.HANDOFF_WEBHOOK_SECRET',
  '*.SMTP_URL',
  '*.token',
  '*.secret',
];

/** The process logger: JSON lines on stdout (pino), secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED, censor: '[redacted]' }, base: { service: 'csp-assistant' } }, destination);
}
