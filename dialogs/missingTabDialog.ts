import { WaterfallDialog, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { emailSchema, InterruptibleDialog, type JourneyResult } from './interruptibleDialog';
import { LocalizedTextPrompt } from './prompts/localizedTextPrompt';
import type { PromptSpec } from './prompts/promptSpec';
import type { Replies } from './replies';
import type { Session } from './session';
import { saysDontKnow } from './followUpIntents';
import { matchesAny } from './text';

export const MISSING_TAB_DIALOG = 'MISSING_TAB_DIALOG';
const MISSING_TAB_WATERFALL = 'MISSING_TAB_WATERFALL';
const INVITED_EMAIL_PROMPT = 'INVITED_EMAIL_PROMPT';

/** Stands for "I don't know which address was invited". */
const UNKNOWN = '';

export interface MissingTabOptions {
  /** The usual cause was just explained (an FAQ answer, the connection journey): not said again. */
  readonly introShown?: boolean;
}

/** What the waterfall remembers between its steps. */
interface MissingTabValues {
  signup?: string;
}

function values(step: WaterfallStepContext): MissingTabValues {
  return step.values;
}

/**
 * Journey 3, missing customer tab: the sign-up email and the invited email; when they
 * differ (or the invited one is unknown), a message asking the customer for a new
 * invitation to the sign-up address. The same address on both is a dead end.
 */
export class MissingTabDialog extends InterruptibleDialog {
  constructor(session: Session, replies: Replies) {
    super(MISSING_TAB_DIALOG, session, replies);
    this.addDialog(new LocalizedTextPrompt(INVITED_EMAIL_PROMPT, replies, async (prompt) => this.validateInvitedEmail(prompt)));
    this.addDialog(
      new WaterfallDialog(MISSING_TAB_WATERFALL, [
        this.signupEmailStep.bind(this),
        this.invitedEmailStep.bind(this),
        this.compareStep.bind(this),
        this.draftStep.bind(this),
      ]),
    );
    this.initialDialogId = MISSING_TAB_WATERFALL;
  }

  /** States the usual cause and asks which address the supplier signed up with. */
  private async signupEmailStep(step: WaterfallStepContext<MissingTabOptions>): Promise<DialogTurnResult> {
    if (!step.options.introShown) await this.replies.say(step.context, 'missingTab.intro');
    return this.askEmail(step, 'missingTab.askSignupEmail');
  }

  /** Asks which address the customer invited ("I don't know" accepted). */
  private async invitedEmailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    values(step).signup = step.result as string;
    const spec: PromptSpec = {
      key: 'missingTab.askInvitedEmail',
      retryKey: 'email.retry',
      retryAgainKey: 'email.retryAgain',
      buttons: ['missingTab.dontKnow'],
    };
    return step.prompt(INVITED_EMAIL_PROMPT, { validations: spec });
  }

  /** Different or unknown: a new invitation is the fix, ask for the customer's name. Same: dead end. */
  private async compareStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const signup = values(step).signup as string;
    const invited = step.result as string;
    if (invited === UNKNOWN) {
      await this.session.recordStep(step.context, 'missing-tab: invited email unknown');
      await this.replies.say(step.context, 'missingTab.unknownInvited', { signup });
    } else if (invited.toLowerCase() === signup.toLowerCase()) {
      await this.session.recordStep(step.context, 'missing-tab: emails match');
      await this.replies.say(step.context, 'missingTab.sameEmail');
      return step.endDialog({ outcome: 'dead-end' } satisfies JourneyResult);
    } else {
      await this.session.recordStep(step.context, 'missing-tab: emails differ');
      await this.replies.say(step.context, 'missingTab.mismatch', { signup });
    }
    return this.askName(step, 'journey.askCustomerName', 'journey.customerNameRetry', 'journey.customerNameRetryAgain');
  }

  /** Offers the message asking the customer for a new invitation. */
  private async draftStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.sendDraft(step, 'journey.messageForCustomer', 'missingTab.message', {
      customer: step.result as string,
      signup: values(step).signup as string,
    });
    await this.session.recordStep(step.context, 'missing-tab: message to the customer prepared');
    return step.endDialog({ outcome: 'done' } satisfies JourneyResult);
  }

  private async validateInvitedEmail(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const value = prompt.recognized.value?.trim() ?? '';
    if (matchesAny(value, this.replies.strings.all('missingTab.dontKnow')) || saysDontKnow(value)) {
      prompt.recognized.value = UNKNOWN;
      return true;
    }
    if (!emailSchema.safeParse(value).success) return false;
    prompt.recognized.value = value;
    return true;
  }
}
