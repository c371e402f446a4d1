import { LANGUAGES, type Language } from '../schema';
import type { StoredEntry } from './repository';

/** An entry in the staff list. */
export interface EntrySummary {
  readonly id: string;
  readonly category: string;
  readonly published: boolean;
  /** The entry's question in each language it has. */
  readonly question: Partial<Record<Language, string>>;
  readonly phrasings: Partial<Record<Language, number>>;
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The list line of a stored entry: its question and phrasing count in each language it has. */
export function summarize(entry: StoredEntry): EntrySummary {
  const question: Partial<Record<Language, string>> = {};
  const phrasings: Partial<Record<Language, number>> = {};
  for (const lang of LANGUAGES) {
    const text = entry.content[lang];
    if (text) {
      question[lang] = text.question;
      phrasings[lang] = text.phrasings.length;
    }
  }
  return {
    id: entry.id,
    category: entry.content.category,
    published: entry.published,
    question,
    phrasings,
    revision: entry.revision,
    updatedAt: entry.updatedAt,
    updatedBy: entry.updatedBy,
  };
}
