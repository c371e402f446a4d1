import { WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { InterruptibleDialog, type JourneyResult } from './interruptibleDialog';
import type { Replies } from './replies';
import type { Session } from './session';
import type { StringKey } from './strings';

export const CONNECT_CUSTOMER_DIALOG = 'CONNECT_CUSTOMER_DIALOG';
const CONNECT_CUSTOMER_WATERFALL = 'CONNECT_CUSTOMER_WATERFALL';

/** Where the supplier stands with the customer; a related FAQ answer can pass it in. */
type ConnectSituation = 'connect.withLink' | 'connect.withoutLink' | 'connect.newCustomer';

export interface ConnectCustomerOptions {
  readonly situation?: ConnectSituation;
  /** Situations an FAQ answer just explained: their paragraph is not said again. */
  readonly explained?: readonly ConnectSituation[];
}

const SITUATIONS: readonly ConnectSituation[] = ['connect.withLink', 'connect.withoutLink', 'connect.newCustomer'];

/** What the waterfall remembers between its steps. */
interface ConnectValues {
  situation?: ConnectSituation;
  email?: string;
}

function values(step: WaterfallStepContext): ConnectValues {
  return step.values;
}

/**
 * Journey 1, connection to a customer: signed up through the invitation link (linked
 * automatically, how to check), without it (the customer connects, suppliers can't), or a
 * new customer wants to connect (same login email, confirm the invitation). Ends with a
 * message ready to send to the customer.
 */
export class ConnectCustomerDialog extends InterruptibleDialog {
  constructor(session: Session, replies: Replies) {
    super(CONNECT_CUSTOMER_DIALOG, session, replies);
    this.addDialog(
      new WaterfallDialog(CONNECT_CUSTOMER_WATERFALL, [
        this.situationStep.bind(this),
        this.explainStep.bind(this),
        this.detailStep.bind(this),
        this.draftStep.bind(this),
      ]),
    );
    this.initialDialogId = CONNECT_CUSTOMER_WATERFALL;
  }

  /** Asks how the supplier signed up, unless the caller already knows. */
  private async situationStep(step: WaterfallStepContext<ConnectCustomerOptions>): Promise<DialogTurnResult> {
    const known = step.options.situation;
    if (known) return step.next({ value: known });
    return this.askChoice(step, 'connect.askSituation', SITUATIONS);
  }

  /** Explains the situation's facts, then asks what the next step needs. */
  private async explainStep(step: WaterfallStepContext<ConnectCustomerOptions>): Promise<DialogTurnResult> {
    const situation = (step.result as FoundChoice).value as ConnectSituation;
    values(step).situation = situation;
    await this.session.recordStep(step.context, `connect-customer: ${situationName(situation)}`);
    const explained = step.options.explained?.includes(situation) ?? false;
    if (situation === 'connect.withLink') {
      if (!explained) await this.replies.say(step.context, 'connect.linkedAutomatically');
      return this.askChoice(step, 'connect.askSeesCustomer', ['choice.yes', 'choice.no']);
    }
    const explanation: StringKey = situation === 'connect.withoutLink' ? 'connect.withoutLinkExplained' : 'connect.newCustomerExplained';
    await this.replies.say(step.context, explained ? 'connect.letsPrepare' : explanation);
    return this.askEmail(step, 'journey.askLoginEmail');
  }

  /** With the link: connected or not. Otherwise: the login email is known, ask the customer's name. */
  private async detailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (values(step).situation === 'connect.withLink') {
      const seen = (step.result as FoundChoice).value === 'choice.yes';
      await this.session.recordStep(step.context, `connect-customer: customer ${seen ? 'listed' : 'not listed'}`);
      if (seen) await this.replies.say(step.context, 'connect.connected');
      else await this.replies.say(step.context, 'connect.notListed', undefined, ['menu.missingTab', 'menu.premium']);
      return step.endDialog({ outcome: 'done' } satisfies JourneyResult);
    }
    values(step).email = step.result as string;
    return this.askName(step, 'journey.askCustomerName', 'journey.customerNameRetry', 'journey.customerNameRetryAgain');
  }

  /** Offers the message to send to the customer, filled with the login email and the customer's name. */
  private async draftStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft: StringKey =
      values(step).situation === 'connect.withoutLink' ? 'connect.messageWithoutLink' : 'connect.messageNewCustomer';
    await this.sendDraft(step, 'journey.messageForCustomer', draft, { customer: step.result as string, email: values(step).email as string });
    await this.session.recordStep(step.context, 'connect-customer: message to the customer prepared');
    return step.endDialog({ outcome: 'done' } satisfies JourneyResult);
  }
}

function situationName(situation: ConnectSituation): string {
  switch (situation) {
    case 'connect.withLink':
      return 'signed up with the invitation link';
    case 'connect.withoutLink':
      return 'signed up without an invitation link';
    case 'connect.newCustomer':
      return 'a new customer wants to connect';
  }
}
