/**
 * The rate limits count in fixed windows aligned on the minute (bot/rateLimits). A test that floods
 * a limit waits, when needed, until it has `room` milliseconds before the next reset, so that no
 * reset falls in the middle of its requests. 15 s by default: on a loaded 2-core machine six
 * scrypt-checked sign-ins took over 5 s, and a reset in between turned an expected 429 into a 401.
 */
export async function awayFromWindowEdge(room = 15_000): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - room) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}
