import type { AnalyticsRecorder, QuestionEvent } from '../analytics/recorder';

/** Typing pause after which a Teams search counts as the question asked. */
const TEAMS_QUESTION_PAUSE_MS = 2500;

/**
 * Teams sends a message-extension query at every pause in typing ("fac", "factur", "factures
 * manquantes"). Only each user's last query before a longer pause is recorded as a question,
 * as the widget records only the search a supplier commits to.
 */
export class TeamsQueryRecorder {
  private readonly pending = new Map<string, { event: QuestionEvent; timer: NodeJS.Timeout }>();

  constructor(
    private readonly analytics: AnalyticsRecorder,
    private readonly pauseMs = TEAMS_QUESTION_PAUSE_MS,
  ) {}

  /** A query typed by `userId`; replaces that user's pending one. */
  typed(userId: string, event: QuestionEvent): void {
    const previous = this.pending.get(userId);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => void this.record(userId), this.pauseMs);
    timer.unref();
    this.pending.set(userId, { event, timer });
  }

  /** Records every pending query now (on shutdown, and in tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((userId) => this.record(userId)));
  }

  private async record(userId: string): Promise<void> {
    const pending = this.pending.get(userId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(userId);
    await this.analytics.recordQuestion(pending.event);
  }
}
