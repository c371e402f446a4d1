import { WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { InterruptibleDialog, type JourneyResult } from './interruptibleDialog';
import type { Replies } from './replies';
import type { Session } from './session';

export const TWO_FACTOR_DIALOG = 'TWO_FACTOR_DIALOG';
const TWO_FACTOR_WATERFALL = 'TWO_FACTOR_WATERFALL';

type TwoFactorGoal = 'twoFactor.enable' | 'twoFactor.disable';

export interface TwoFactorOptions {
  readonly goal?: TwoFactorGoal;
}

/**
 * Journey 2, two-factor authentication: where to enable it, or, to disable it, the warning
 * that customers requiring it may cut access to their information, and a confirmation.
 */
export class TwoFactorDialog extends InterruptibleDialog {
  constructor(session: Session, replies: Replies) {
    super(TWO_FACTOR_DIALOG, session, replies);
    this.addDialog(
      new WaterfallDialog(TWO_FACTOR_WATERFALL, [
        this.goalStep.bind(this),
        this.warnStep.bind(this),
        this.finishStep.bind(this),
      ]),
    );
    this.initialDialogId = TWO_FACTOR_WATERFALL;
  }

  /** Asks whether to enable or disable, unless the caller already knows. */
  private async goalStep(step: WaterfallStepContext<TwoFactorOptions>): Promise<DialogTurnResult> {
    const known = step.options.goal;
    if (known) return step.next({ value: known });
    return this.askChoice(step, 'twoFactor.askGoal', ['twoFactor.enable', 'twoFactor.disable']);
  }

  /** Enabling: where to do it. Disabling: warns first and asks for confirmation. */
  private async warnStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const goal = (step.result as FoundChoice).value as TwoFactorGoal;
    if (goal === 'twoFactor.enable') {
      await this.session.recordStep(step.context, 'two-factor: enable steps shown');
      await this.replies.say(step.context, 'twoFactor.enableSteps');
      return step.endDialog({ outcome: 'done' } satisfies JourneyResult);
    }
    await this.session.recordStep(step.context, 'two-factor: disable warning shown');
    return this.askChoice(step, 'twoFactor.disableWarning', ['choice.yes', 'choice.no']);
  }

  /** Confirmed: where to disable it. Otherwise it stays enabled. */
  private async finishStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const confirmed = (step.result as FoundChoice).value === 'choice.yes';
    await this.session.recordStep(step.context, `two-factor: disable ${confirmed ? 'confirmed' : 'declined'}`);
    await this.replies.say(step.context, confirmed ? 'twoFactor.disableSteps' : 'twoFactor.keptEnabled');
    return step.endDialog({ outcome: 'done' } satisfies JourneyResult);
  }
}
