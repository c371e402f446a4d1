import { LANGUAGES, type Language } from '../schema';
import { isStopWord } from './lunrLanguages';
import { toWords } from './normalize';

/**
 * Guesses whether a short text is French or English. Statistical detectors need
 * longer texts than "rib" or "mes PO"; here each word votes for the languages whose
 * stop words or FAQ vocabulary hold it only, and accented letters vote French.
 * A tie keeps the caller's hint (the channel's locale or the user's last language).
 */
export class LanguageDetector {
  constructor(private readonly vocabulary: Readonly<Record<Language, ReadonlySet<string>>>) {}

  detect(text: string, hint: Language = 'fr'): Language {
    const votes: Record<Language, number> = { fr: 0, en: 0 };
    for (const word of toWords(text)) {
      const holders = LANGUAGES.filter(
        (language) => isStopWord(word.raw, language) || this.vocabulary[language].has(word.folded),
      );
      if (holders.length === 1) votes[holders[0]!] += 1;
      if (word.raw !== word.folded) votes.fr += 1;
    }
    if (votes.fr === votes.en) return hint;
    return votes.fr > votes.en ? 'fr' : 'en';
  }
}
