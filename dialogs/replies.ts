import { ActionTypes, CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Language } from '../knowledge';
import type { Session } from './session';
import { STRINGS, type StringKey, type StringVars, type Strings } from './strings';

/** A button: a resource key, or a text taken from the data (an FAQ question). */
export type ButtonSpec = StringKey | { readonly title: string };

/**
 * Builds and sends the bot's messages in the turn's language. Buttons are imBack actions
 * on a hero card: the channel posts the button's text back as a user message, which works
 * in Web Chat, the Emulator and Teams (personal, group and channel conversations) alike.
 */
export class Replies {
  constructor(
    private readonly session: Session,
    readonly strings: Strings = STRINGS,
  ) {}

  language(context: TurnContext): Promise<Language> {
    return this.session.language(context);
  }

  async text(context: TurnContext, key: StringKey, vars?: StringVars): Promise<string> {
    return this.strings.t(await this.language(context), key, vars);
  }

  /** A message, with buttons when any are given. */
  async build(context: TurnContext, key: StringKey, vars?: StringVars, buttons: readonly ButtonSpec[] = []): Promise<Partial<Activity>> {
    const lang = await this.language(context);
    return withButtons(this.strings.t(lang, key, vars), buttons.map((button) => this.title(lang, button)));
  }

  async say(context: TurnContext, key: StringKey, vars?: StringVars, buttons?: readonly ButtonSpec[]): Promise<void> {
    await context.sendActivity(await this.build(context, key, vars, buttons));
  }

  title(lang: Language, button: ButtonSpec): string {
    return typeof button === 'string' ? this.strings.t(lang, button) : button.title;
  }
}

/** A text message with imBack buttons on a hero card (none: a plain text message). */
function withButtons(text: string, titles: readonly string[]): Partial<Activity> {
  if (titles.length === 0) return MessageFactory.text(text);
  const actions = CardFactory.actions(titles.map((title) => ({ type: ActionTypes.ImBack, title, value: title })));
  return MessageFactory.attachment(CardFactory.heroCard('', undefined, actions), text);
}
