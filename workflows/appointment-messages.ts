import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { sendableAt } from '../domain/messaging';
import {
  appointmentCancelledSignal,
  appointmentReplySignal,
  appointmentRescheduledSignal,
  type AppointmentMessagesInput,
} from './appointment-message-signals';
import { sendWhenAllowed } from './customer-messages';

// A text is retried for about an hour (Twilio, the database, the tenant's send rate); past that the step is given up
// and the run goes on to the next one: a lost reminder must not hold the appointment's other messages.
const messaging = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 16 },
});

/**
 * The texts of one appointment: a confirmation when it is booked (and when it moves), a reminder
 * `reminderBeforeMs` before it (a durable timer that follows reschedules and stops on
 * cancellation; held until morning if it falls in the company's quiet hours), and the
 * customer's replies (`C`, `R`) handled until the visit starts. Every text is keyed by the
 * appointment and the visit's time, so a retried step never sends twice and a visit moved
 * back and forth gets one reminder per time.
 */
export async function appointmentMessages(input: AppointmentMessagesInput): Promise<void> {
  const { tenantId, appointmentId } = input;
  let startsAt = input.startsAt;
  /** When this workflow learned of the visit's time: a reminder already due then would only repeat the confirmation. */
  let learnedAt = Date.now();
  let cancelled = false;
  let changes = 0;
  const replies: Array<{ answer: 'confirm' | 'reschedule'; messageId: string }> = [];

  setHandler(appointmentRescheduledSignal, ({ startsAt: moved }) => {
    if (moved !== startsAt) {
      startsAt = moved;
      learnedAt = Date.now();
      changes++;
    }
  });
  setHandler(appointmentCancelledSignal, () => {
    cancelled = true;
  });
  setHandler(appointmentReplySignal, (reply) => {
    replies.push(reply);
  });

  const context = await messaging.messagingContext({ tenantId });
  const send = (kind: 'appointment_confirmation' | 'appointment_reminder', key: string) =>
    sendWhenAllowed(() => messaging.sendAppointmentMessage({ tenantId, appointmentId, kind, key }));

  /** The changes of the visit's time the customer has been told of. */
  let told = 0;
  await send('appointment_confirmation', `appointment:${appointmentId}:confirmation`);

  let remindedFor: string | null = null;
  while (!cancelled && Date.now() < Date.parse(startsAt)) {
    // A move that came while a text was being sent is told after it (runs from before this looked only at moves during the wait).
    const seen = patched('appointment-moves-told') ? told : changes;
    let due = remindedFor === startsAt ? null : sendableAt(new Date(Date.parse(startsAt) - input.reminderBeforeMs), context.timeZone, context.quietHours);
    // Booked (or moved) inside the reminder's window, or with no quiet moment left before the visit: the confirmation is the reminder.
    if (due && (due.getTime() <= learnedAt || due.getTime() >= Date.parse(startsAt))) {
      remindedFor = startsAt;
      due = null;
    }
    const until = due ? due.getTime() : Date.parse(startsAt);
    const woke = await condition(() => cancelled || changes !== seen || replies.length > 0, Math.max(1, until - Date.now()));
    while (replies.length > 0) await messaging.recordAppointmentReply({ tenantId, appointmentId, ...replies.shift()! });
    if (cancelled) break;
    // A visit moved: the customer hears the new time (and its reminder follows it).
    if (changes !== seen) {
      told = changes;
      await send('appointment_confirmation', `appointment:${appointmentId}:confirmation:${startsAt}`);
    }
    if (woke) continue;
    if (due && Date.now() >= due.getTime() && remindedFor !== startsAt) {
      await send('appointment_reminder', `appointment:${appointmentId}:reminder:${startsAt}`);
      remindedFor = startsAt;
    }
  }
  // Replies that came in as the visit began are still the customer's word.
  while (replies.length > 0) await messaging.recordAppointmentReply({ tenantId, appointmentId, ...replies.shift()! });
}
