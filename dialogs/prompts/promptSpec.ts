import type { ButtonSpec } from '../replies';
import type { StringKey, StringVars } from '../strings';

/**
 * What a prompt says, as resource keys rather than text: the prompt renders it in the
 * turn's language each time it (re)prompts, so a language switch mid-journey re-asks
 * the question in the new language.
 */
export interface PromptSpec {
  readonly key: StringKey;
  readonly vars?: StringVars;
  /** Said instead of `key` when the answer was not accepted. */
  readonly retryKey?: StringKey;
  /** Said instead of `retryKey` from the second refusal in a row, so the same words are not said twice. */
  readonly retryAgainKey?: StringKey;
  /** Buttons shown with the question (a choice prompt adds its choices itself). */
  readonly buttons?: readonly ButtonSpec[];
}
