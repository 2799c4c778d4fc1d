import { defineSignal } from '@temporalio/workflow';

/**
 * The appointment texting workflow's messages, defined once and imported by the workflow,
 * the API and the activities that start it.
 */

export interface AppointmentMessagesInput {
  tenantId: string;
  appointmentId: string;
  /** When the visit starts (ISO 8601), as booked. */
  startsAt: string;
  /** How long before the visit the reminder goes (REMINDER_BEFORE). */
  reminderBeforeMs: number;
}

/** The visit moved: the reminder follows it. */
export const appointmentRescheduledSignal = defineSignal<[{ startsAt: string }]>('appointmentRescheduled');
/** The visit was cancelled: nothing more is sent. */
export const appointmentCancelledSignal = defineSignal('appointmentCancelled');
/** The customer answered a text about the visit: `C` confirms, `R` asks for another time. */
export const appointmentReplySignal = defineSignal<[{ answer: 'confirm' | 'reschedule'; messageId: string }]>('appointmentReply');

/** One per appointment: its texts follow the visit wherever it moves. */
export const appointmentMessagesWorkflowId = (appointmentId: string) => `appointment-messages-${appointmentId}`;

