import type { SqlDialect } from '../dialect';

/**
 * Versioned schema changes, applied at start-up by `migrate`. Add a file per change, named and
 * id'd NNN_what, whose statements are written once and take what differs between the engines
 * from the dialect; never edit one that shipped (tests/bot/storage/migrations.test.ts holds
 * each shipped migration to the DDL it rendered when it shipped).
 */
export interface Migration {
  readonly id: string;
  /** The statements, in order, as `dialect`'s engine runs them. */
  readonly statements: (dialect: SqlDialect) => readonly string[];
}

import { feedback } from './001_feedback';
import { tickets } from './002_tickets';
import { staff } from './003_staff';
import { botState } from './010_bot_state';
import { transcripts } from './011_transcripts';
import { rateLimits } from './012_rate_limits';
import { directLine } from './013_directline';
import { signInFailures } from './014_signin_failures';
import { appSecrets } from './015_app_secrets';
import { conversationBindings } from './016_conversation_bindings';
import { knowledgeEntries } from './020_knowledge_entries';
import { knowledgeChanges } from './021_knowledge_changes';
import { analytics } from './030_analytics';
import { directLineDurability } from './040_directline_durability';
import { suggestionAcceptances } from './050_suggestion_acceptances';

export const MIGRATIONS: readonly Migration[] = [feedback, tickets, staff, botState, transcripts, rateLimits, directLine, signInFailures, appSecrets, conversationBindings, knowledgeEntries, knowledgeChanges, analytics, directLineDurability, suggestionAcceptances];
