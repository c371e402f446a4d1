import type { AnalyticsRecorder, QuestionEvent } from '../../../bot/analytics/recorder';
import { TeamsQueryRecorder } from '../../../bot/faq/teamsQueryRecorder';

function recorderSpy(): { analytics: AnalyticsRecorder; recorded: QuestionEvent[] } {
  const recorded: QuestionEvent[] = [];
  const analytics: AnalyticsRecorder = {
    recordQuestion: async (event) => {
      recorded.push(event);
      return String(recorded.length);
    },
    recordFeedback: async () => undefined,
    markEscalated: async () => undefined,
    markResolved: async () => undefined,
  };
  return { analytics, recorded };
}

const event = (text: string): QuestionEvent => ({ surface: 'teams', text, lang: 'fr', topEntryId: null, topScore: null, confident: false });

describe('TeamsQueryRecorder', () => {
  it("records only each user's last query before a pause in typing", async () => {
    const { analytics, recorded } = recorderSpy();
    const recorder = new TeamsQueryRecorder(analytics, 30);
    recorder.typed('alice', event('fac'));
    recorder.typed('alice', event('factur'));
    recorder.typed('bob', event('rib'));
    recorder.typed('alice', event('factures manquantes'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(recorded.map((e) => e.text).sort()).toEqual(['factures manquantes', 'rib']);
  });

  it('records what is pending when flushed', async () => {
    const { analytics, recorded } = recorderSpy();
    const recorder = new TeamsQueryRecorder(analytics, 60_000);
    recorder.typed('alice', event('onglet client'));
    await recorder.flush();
    expect(recorded.map((e) => e.text)).toEqual(['onglet client']);
  });
});
