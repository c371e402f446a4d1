/** `npm run kb:check`: validates the knowledge files and builds the index, without starting the server. */
import path from 'node:path';
import { KnowledgeBase } from '../../knowledge/knowledgeBase';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/paths';

const dir = path.resolve(process.argv[2] ?? process.env.KNOWLEDGE_DIR ?? DEFAULT_KNOWLEDGE_DIR);
try {
  const kb = KnowledgeBase.fromDirectory(dir);
  const phrasings = kb.entries.reduce((sum, e) => sum + e.fr.phrasings.length + e.en.phrasings.length, 0);
  console.log(`knowledge: ${dir}: ${kb.entries.length} entries, ${kb.categories.length} categories, ${phrasings} phrasings: valid`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
