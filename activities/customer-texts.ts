import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { recordAudit } from '../db/audit';
import { Appointment, Message, Tenant } from '../db/models';
import { TEXT_BACK_QUIET_MS } from '../domain/missed-call';
import { withTenant } from '../db/tenant-context';
import { spokenAddress } from '../domain/service-address';
import type { Config } from '../lib/config';
import { durationMs } from '../lib/config';
import { appointmentCancelledSignal, appointmentMessagesWorkflowId, appointmentRescheduledSignal } from '../workflows/appointment-message-signals';
import type { appointmentMessages } from '../workflows/appointment-messages';
import type { CustomerMessageRequest, SendOutcome } from './messaging';

/**
 * Starts (or tells) an appointment's texting workflow about the visit as it now stands: a
 * new or moved visit (signal-with-start: one workflow per appointment, whoever booked it),
 * or a cancelled one. Sandbox bookings (test mode) text no one. Called by the agent's
 * booking and by both APIs' appointment changes.
 */
export async function scheduleAppointmentMessages(
  client: Client,
  config: Config,
  appointment: { tenantId: string; id: string; startsAt: string | Date; status: string; isTest: boolean },
): Promise<void> {
  if (appointment.isTest) return;
  const workflowId = appointmentMessagesWorkflowId(appointment.id);
  if (appointment.status === 'cancelled' || appointment.status === 'completed') {
    try {
      await client.workflow.getHandle(workflowId).signal(appointmentCancelledSignal);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return;
  }
  const startsAt = new Date(appointment.startsAt).toISOString();
  await client.workflow.signalWithStart<typeof appointmentMessages, [{ startsAt: string }]>('appointmentMessages', {
    workflowId,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ tenantId: appointment.tenantId, appointmentId: appointment.id, startsAt, reminderBeforeMs: durationMs(config.REMINDER_BEFORE) }],
    signal: appointmentRescheduledSignal,
    signalArgs: [{ startsAt }],
  });
}

export function customerTextActivities(config: Config, send: (request: CustomerMessageRequest) => Promise<SendOutcome>) {
  return {
    /**
     * What the customer hears from the company after their call: the visit the agent booked
     * gets its texting workflow (its confirmation now, its reminder later); a missed call
     * gets one text back, unless the company and this caller texted within the last day.
     * The caller's opt-out is checked when the text is sent.
     */
    async textsAfterCall(p: { tenantId: string; callSid: string; caller: string; appointmentId: string | null; missed: boolean }): Promise<SendOutcome | null> {
      if (p.appointmentId) {
        const appointment = await withTenant(p.tenantId, () => Appointment.query().findById(p.appointmentId!));
        if (appointment) {
          await scheduleAppointmentMessages(Context.current().client, config, {
            tenantId: p.tenantId,
            id: appointment.id,
            startsAt: appointment.starts_at,
            status: appointment.status,
            isTest: appointment.is_test,
          });
        }
        return null;
      }
      if (!p.missed) return null;
      const since = new Date(Date.now() - TEXT_BACK_QUIET_MS);
      const recent = await withTenant(p.tenantId, () =>
        Message.query()
          .where((q) => q.where('to_number', p.caller).orWhere('from_number', p.caller))
          .where('created_at', '>', since)
          .whereNot('idempotency_key', `missed-call:${p.callSid}`)
          .first(),
      );
      if (recent) return null;
      return send({ tenantId: p.tenantId, key: `missed-call:${p.callSid}`, kind: 'missed_call', to: p.caller, variables: {} });
    },

    /**
     * Texts the customer about the visit as it stands now (its time in the company's zone,
     * its address); a cancelled visit gets nothing.
     */
    async sendAppointmentMessage(p: { tenantId: string; appointmentId: string; kind: 'appointment_confirmation' | 'appointment_reminder'; key: string }): Promise<SendOutcome | null> {
      const facts = await withTenant(p.tenantId, async () => {
        const appointment = await Appointment.query().findById(p.appointmentId);
        const tenant = await Tenant.query().findById(p.tenantId).select('timezone');
        return appointment && tenant ? { appointment, timeZone: tenant.timezone } : undefined;
      });
      if (!facts || facts.appointment.status === 'cancelled' || !facts.appointment.callback_number) return null;
      const { appointment, timeZone } = facts;
      const start = new Date(appointment.starts_at);
      const address = appointment.service_street && appointment.service_city ? spokenAddress({ street: appointment.service_street, city: appointment.service_city, postal_code: appointment.service_postal_code }) : '';
      return send({
        tenantId: p.tenantId,
        key: p.key,
        kind: p.kind,
        to: appointment.callback_number!,
        appointmentId: appointment.id,
        variables: {
          contact_name: appointment.customer_name,
          appointment_time: `${start.toLocaleDateString('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' })} at ${start.toLocaleTimeString('en-US', { timeZone, hour: 'numeric', minute: '2-digit' })}`,
          service_type: appointment.service_type ?? 'your visit',
          service_address: address,
        },
      });
    },

    /**
     * The customer's answer by text: `C` confirms the visit; `R` flags it for the office to
     * call back about another time. Both are written to the company's activity log.
     */
    async recordAppointmentReply(p: { tenantId: string; appointmentId: string; answer: 'confirm' | 'reschedule'; messageId: string }): Promise<void> {
      await withTenant(p.tenantId, async () => {
        const appointment = await Appointment.query().findById(p.appointmentId);
        if (!appointment || appointment.status === 'cancelled') return;
        if (p.answer === 'confirm' && appointment.status === 'scheduled') await appointment.$query().patch({ status: 'confirmed' });
        if (p.answer === 'reschedule') await appointment.$query().patch({ reschedule_requested_at: new Date() });
        await recordAudit(
          {
            tenantId: p.tenantId,
            actor: { type: 'system', id: 'customer-text' },
            action: p.answer === 'confirm' ? 'appointment.confirmed_by_customer' : 'appointment.reschedule_requested',
            target: { type: 'appointment', id: p.appointmentId },
            idempotencyKey: `appointment-reply:${p.messageId}`,
            details: { message_id: p.messageId },
          },
          { ifNew: true },
        );
      });
    },
  };
}
