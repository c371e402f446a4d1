import { WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { InterruptibleDialog, type JourneyResult } from './interruptibleDialog';
import type { Replies } from './replies';
import type { Session } from './session';

export const ROLE_ACCESS_DIALOG = 'ROLE_ACCESS_DIALOG';
const ROLE_ACCESS_WATERFALL = 'ROLE_ACCESS_WATERFALL';

export type RoleAccessGoal = 'roleAccess.documents' | 'roleAccess.employee';

export interface RoleAccessOptions {
  readonly goal?: RoleAccessGoal;
  /** Known when the supplier already said whether the Admin tab is there ("j'ai pas l'onglet admin"). */
  readonly hasAdminTab?: boolean;
  /** The FAQ answer with the Admin tab steps was just shown, or shown and did not work. */
  readonly afterAnswer?: 'shown' | 'failed';
}

/** What the waterfall remembers between its steps. */
interface RoleAccessValues {
  goal?: RoleAccessGoal;
  documents?: boolean;
  email?: string;
}

function values(step: WaterfallStepContext): RoleAccessValues {
  return step.values;
}

/**
 * Journey 4, role access: POs/invoices out of reach, or an employee to add. With the Admin
 * tab the supplier fixes it there; without it, a message asks the administrator.
 */
export class RoleAccessDialog extends InterruptibleDialog {
  constructor(session: Session, replies: Replies) {
    super(ROLE_ACCESS_DIALOG, session, replies);
    this.addDialog(
      new WaterfallDialog(ROLE_ACCESS_WATERFALL, [
        this.goalStep.bind(this),
        this.adminTabStep.bind(this),
        this.stepsStep.bind(this),
        this.detailStep.bind(this),
        this.draftStep.bind(this),
      ]),
    );
    this.initialDialogId = ROLE_ACCESS_WATERFALL;
  }

  /** Asks what the supplier needs, unless the caller already knows. */
  private async goalStep(step: WaterfallStepContext<RoleAccessOptions>): Promise<DialogTurnResult> {
    const known = step.options.goal;
    if (known) return step.next({ value: known });
    return this.askChoice(step, 'roleAccess.askGoal', ['roleAccess.documents', 'roleAccess.employee']);
  }

  /** Asks whether the Admin tab is in the main menu, unless the supplier already said. */
  private async adminTabStep(step: WaterfallStepContext<RoleAccessOptions>): Promise<DialogTurnResult> {
    values(step).goal = (step.result as FoundChoice).value as RoleAccessGoal;
    const known = step.options.hasAdminTab;
    if (known !== undefined) return step.next({ value: known ? 'choice.yes' : 'choice.no' });
    return this.askChoice(step, 'roleAccess.askAdminTab', ['choice.yes', 'choice.no']);
  }

  /** Admin tab: what to do there. No Admin tab: the administrator can, ask for the email the message needs. */
  private async stepsStep(step: WaterfallStepContext<RoleAccessOptions>): Promise<DialogTurnResult> {
    const documents = values(step).goal === 'roleAccess.documents';
    const hasAdminTab = (step.result as FoundChoice).value === 'choice.yes';
    values(step).documents = documents;
    await this.session.recordStep(
      step.context,
      `role-access: ${documents ? 'POs/invoices' : 'add an employee'}, Admin tab ${hasAdminTab ? 'visible' : 'not visible'}`,
    );
    if (hasAdminTab) return this.withAdminTab(step, documents);
    await this.replies.say(step.context, documents ? 'roleAccess.noAdminDocuments' : 'roleAccess.noAdminEmployee');
    return this.askEmail(step, documents ? 'journey.askLoginEmail' : 'roleAccess.askEmployeeEmail');
  }

  /** With the Admin tab: its steps, unless the answer just gave them (and if they failed, the FAQ has nothing more). */
  private async withAdminTab(step: WaterfallStepContext<RoleAccessOptions>, documents: boolean): Promise<DialogTurnResult> {
    const after = step.options.afterAnswer;
    if (after === 'failed') {
      await this.replies.say(step.context, 'roleAccess.noFurtherStep');
      return step.endDialog({ outcome: 'dead-end' } satisfies JourneyResult);
    }
    const steps = documents ? 'roleAccess.documentsSteps' : 'roleAccess.employeeSteps';
    await this.replies.say(step.context, after === 'shown' ? 'roleAccess.stepsAbove' : steps);
    return step.endDialog({ outcome: 'done' } satisfies JourneyResult);
  }

  /** POs/invoices: which customer the access is for. An employee: nothing more to ask. */
  private async detailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    values(step).email = step.result as string;
    if (!values(step).documents) return step.next();
    return this.askName(step, 'journey.askCustomerName', 'journey.customerNameRetry', 'journey.customerNameRetryAgain');
  }

  /** Offers the message to the administrator, filled with what the user gave. */
  private async draftStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const email = values(step).email as string;
    if (values(step).documents) {
      await this.sendDraft(step, 'journey.messageForAdmin', 'roleAccess.messageDocuments', { email, customer: step.result as string });
    } else {
      await this.sendDraft(step, 'journey.messageForAdmin', 'roleAccess.messageEmployee', { email });
    }
    await this.session.recordStep(step.context, 'role-access: message to the administrator prepared');
    return step.endDialog({ outcome: 'done' } satisfies JourneyResult);
  }
}
