import { bestEffort, UnknownRecordTargetError, type AnalyticsRecorder } from '../../../bot/analytics/recorder';

/** A recorder whose feedback fails with `error`. */
function failing(error: Error): AnalyticsRecorder {
  return {
    recordQuestion: async () => undefined,
    recordFeedback: async () => {
      throw error;
    },
    markEscalated: async () => undefined,
    markResolved: async () => undefined,
  };
}

describe('bestEffort', () => {
  it('logs feedback about an unknown question at debug, in one line without a stack: any anonymous client can send one', async () => {
    const lines: Array<[string, object, string]> = [];
    const log = { warn: (details: object, message: string) => lines.push(['warn', details, message]), debug: (details: object, message: string) => lines.push(['debug', details, message]) };
    await bestEffort(failing(new UnknownRecordTargetError('analytics: no question with id "nope"')), log).recordFeedback({ questionId: 'nope' }, true);
    expect(lines).toEqual([['debug', { reason: 'analytics: no question with id "nope"' }, 'analytics: did not record feedback']]);
  });

  it('logs a failure of ours as a warning with the error, and never rejects', async () => {
    const lines: Array<[string, object, string]> = [];
    const log = { warn: (details: object, message: string) => lines.push(['warn', details, message]), debug: (details: object, message: string) => lines.push(['debug', details, message]) };
    const error = new Error('database is locked');
    await expect(bestEffort(failing(error), log).recordFeedback({ questionId: 'q1' }, true)).resolves.toBeUndefined();
    expect(lines).toEqual([['warn', { err: error }, 'analytics: could not record feedback']]);
  });
});
