import type { Migration } from './migration';

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
import { emailOutbox } from './060_email_outbox';
import { attachments } from './070_attachments';

export const MIGRATIONS: readonly Migration[] = [feedback, tickets, staff, botState, transcripts, rateLimits, directLine, signInFailures, appSecrets, conversationBindings, knowledgeEntries, knowledgeChanges, analytics, directLineDurability, suggestionAcceptances, emailOutbox, attachments];
