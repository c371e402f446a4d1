import type { Activity } from 'botbuilder';
import type { AnalyticsRecorder } from '../../../bot/analytics/recorder';
import { STRINGS, type StringKey } from '../../../dialogs';
import type { Language } from '../../../knowledge';
import { InMemoryHandoffGateway } from '../../support/inMemoryHandoffGateway';
import { buttons, Conversation, createBotHarness, knowledgeBase, LOCALES, render, texts, userText, type Expected, type UserSays } from '../../support/conversation';

/** One turn of a script: what the supplier types (or presses) and what the bot answers, message by message. */
export type Turn = readonly [UserSays, readonly Expected[]];

/** A conversation as suppliers have it, in one language, with Premium support available. */
export interface Script {
  readonly name: string;
  readonly lang: Language;
  readonly turns: readonly Turn[];
}

/** The start of an FAQ entry's answer (its references may follow). */
export function answer(lang: Language, entryId: string): RegExp {
  const kb = knowledgeBase();
  return new RegExp(`^${escapeRegExp(kb.localize(kb.get(entryId)!, lang).answer)}`);
}

/** An FAQ entry's question, as its button shows it. */
export function question(lang: Language, entryId: string): string {
  const kb = knowledgeBase();
  return kb.localize(kb.get(entryId)!, lang).question;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A conversation with the whole bot (Premium support on); `turn` asserts the texts of every reply. */
export function chat(lang: Language, id = `conversation-${lang}`, analytics?: AnalyticsRecorder) {
  const gateway = new InMemoryHandoffGateway();
  const harness = createBotHarness({ handoff: gateway, analytics });
  const conversation = new Conversation(harness, id, LOCALES[lang]);
  return {
    gateway,
    conversation,
    async turn(says: UserSays, expected: readonly Expected[]): Promise<Partial<Activity>[]> {
      const replies = await conversation.say(userText(lang, says));
      expect({ says, replies: texts(replies) }).toEqual({ says, replies: expected.map((reply) => render(lang, reply)) });
      return replies;
    },
  };
}

/** Plays a script turn by turn. */
export async function play(script: Script): Promise<ReturnType<typeof chat>> {
  const session = chat(script.lang, `script-${script.name}`);
  for (const [says, expected] of script.turns) await session.turn(says, expected);
  return session;
}

/** The titles of the main menu's buttons in `lang`. */
export function menuTitles(lang: Language): string[] {
  const keys: StringKey[] = ['menu.connectCustomer', 'menu.twoFactor', 'menu.missingTab', 'menu.roleAccess', 'menu.askQuestion', 'menu.premium'];
  return keys.map((key) => STRINGS.t(lang, key));
}

export { buttons };
