import { ActivityHandler, MessageFactory } from 'botbuilder';
import type { KnowledgeBase } from '../knowledge';

/** The simplest bot: answers each message from the FAQ search (the dialog bot replaces it). */
export class SearchBot extends ActivityHandler {
  constructor(knowledge: () => KnowledgeBase) {
    super();
    this.onMessage(async (context, next) => {
      const text = (context.activity.text ?? '').slice(0, 500);
      const response = knowledge().search(text, { top: 1 });
      const best = response.hits[0];
      const reply =
        response.confident && best
          ? knowledge().localize(best.entry, response.lang).answer
          : response.lang === 'fr'
            ? 'Je n’ai pas trouvé de réponse sûre. Pouvez-vous reformuler ?'
            : 'I could not find a sure answer. Could you rephrase?';
      await context.sendActivity(MessageFactory.text(reply));
      await next();
    });
  }
}
