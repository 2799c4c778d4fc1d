import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { routeReplyToEnrolments } from '../../activities/campaigns';
import { Appointment } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import type { MessageChannel } from '../../domain/messaging';
import { appointmentMessagesWorkflowId, appointmentReplySignal } from '../../workflows/appointment-message-signals';

/** A text a customer sent to a company's number, as logged (a repeated delivery never arrives here twice). */
export interface InboundMessage {
  tenantId: string;
  /** The contact the sender is (made from their number if the company had none). */
  contactId: string;
  /** The sender's number, E.164. */
  from: string;
  body: string;
  /** STOP, START or HELP, when the text was one (already acted on: the opt-out is recorded). */
  keyword: 'stop' | 'start' | 'help' | null;
  channel: MessageChannel;
  /** The text's row in the message log. */
  messageId: string;
}

/** An answer to an appointment's text: `C` confirms, `R` asks for another time (a word or two around it is fine). */
export function appointmentAnswer(body: string): 'confirm' | 'reschedule' | null {
  const word = body.trim().toLowerCase().replace(/[.!]+$/, '');
  if (['c', 'confirm', 'yes c'].includes(word)) return 'confirm';
  if (['r', 'reschedule'].includes(word)) return 'reschedule';
  return null;
}

/**
 * Where a customer's text goes once it is logged: to whatever waits for their answer as a
 * signal. `C` or `R` goes to the texting workflow of the sender's next visit. The SMS
 * webhook calls this after every new text; a signal that cannot be delivered is logged
 * (the text itself is kept, and the company sees it in the conversation).
 */
export async function onInboundMessage(message: InboundMessage, context: { temporal: Client; logger: Logger }): Promise<void> {
  // The sender's campaign enrolments end on STOP, and on a reply or the goal as each campaign says.
  await routeReplyToEnrolments(context.temporal, message).catch((error) => context.logger.warn({ err: error }, "a customer's text could not reach their campaign enrolments"));
  const answer = message.keyword ? null : appointmentAnswer(message.body);
  if (!answer) return;
  const next = await withTenant(message.tenantId, () =>
    Appointment.query()
      .where({ callback_number: message.from, is_test: false })
      .whereIn('status', ['scheduled', 'confirmed'])
      .where('starts_at', '>', new Date())
      .orderBy('starts_at')
      .first(),
  );
  if (!next) return;
  try {
    await context.temporal.workflow.getHandle(appointmentMessagesWorkflowId(next.id)).signal(appointmentReplySignal, { answer, messageId: message.messageId });
  } catch (error) {
    context.logger.warn({ err: error, appointmentId: next.id }, "a customer's answer could not reach the appointment's workflow");
  }
}
