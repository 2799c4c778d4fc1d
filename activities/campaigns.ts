import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Knex } from 'knex';
import { recordAudit, type AuditActor } from '../db/audit';
import { Campaign, CampaignEnrollment, CampaignStep, Contact } from '../db/models';
import { withTenant } from '../db/tenant-context';
import {
  campaignEnrollmentWorkflowId,
  delayMs,
  isOngoing,
  replyExit,
  stepDecision,
  type CampaignTrigger,
  type EnrollmentSource,
  type EnrollmentStatus,
  type ExitReason,
} from '../domain/campaigns';
import { renderTemplate } from '../domain/messaging';
import { toE164 } from '../domain/phone';
import type { Config } from '../lib/config';
import { campaignEnrollment, enrollmentExitSignal } from '../workflows/campaign-enrollment';
import type { CustomerMessageRequest, SendOutcome } from './messaging';
import { messagingSettings, suppression } from './messaging/send';

/** How many enrolment workflows one request starts at a time. */
const START_CONCURRENCY = 16;

export interface EnrolResult {
  enrolled: Array<{ contact_id: string; enrollment_id: string }>;
  refused: Array<{ contact_id: string; reason: string }>;
}

/**
 * Enrols contacts in an active campaign: one row and one workflow each. A contact already
 * in the campaign, opted out of texts, or not the company's is refused with the reason; a
 * trigger's `enrolKey` enrols once per cause, however often it is retried (one key for the
 * call or the visit; a key per contact for a season). A row whose workflow could not be
 * started is taken back, so no enrolment waits on nothing.
 */
export async function enrolContacts(
  client: Client,
  config: Config,
  p: {
    tenantId: string;
    campaignId: string;
    contactIds: string[];
    source: EnrollmentSource;
    enrolKey?: string | ((contactId: string) => string);
    actor: AuditActor;
    requestId?: string | null;
    /** Written to the audit line: what the trigger enrolled for (the season). */
    cause?: Record<string, string>;
  },
): Promise<EnrolResult> {
  const enrolKeyOf = (contactId: string) => (typeof p.enrolKey === 'function' ? p.enrolKey(contactId) : (p.enrolKey ?? null));
  const contactIds = [...new Set(p.contactIds)];
  const planned = await withTenant(p.tenantId, async (trx) => {
    const campaign = await Campaign.query().findById(p.campaignId);
    if (!campaign || campaign.status !== 'active') {
      const reason = campaign ? `The campaign is ${campaign.status}: only an active campaign enrols contacts` : `No campaign ${p.campaignId}`;
      return { rows: [], refused: contactIds.map((contact_id) => ({ contact_id, reason })) };
    }
    const contacts = new Map((await Contact.query().findByIds(contactIds)).map((c) => [c.id, c]));
    const refused: EnrolResult['refused'] = [];
    const candidates: Contact[] = [];
    for (const id of contactIds) {
      const contact = contacts.get(id);
      const reason = contact ? await suppression(trx, contact.phone, contact.preferred_channel === 'whatsapp' && contact.whatsapp_consent ? 'whatsapp' : 'sms', contact) : `No contact ${id}`;
      if (reason) refused.push({ contact_id: id, reason });
      else candidates.push(contact!);
    }
    const rows = candidates.map((c) => {
      const id = randomUUID();
      return { id, tenant_id: p.tenantId, campaign_id: p.campaignId, contact_id: c.id, source: p.source, enrol_key: enrolKeyOf(c.id), workflow_id: campaignEnrollmentWorkflowId(id) };
    });
    const inserted = rows.length === 0 ? [] : await trx('campaign_enrollments').insert(rows).onConflict().ignore().returning<Array<{ id: string; contact_id: string }>>(['id', 'contact_id']);
    const insertedContacts = new Set(inserted.map((r) => r.contact_id));
    for (const c of candidates) if (!insertedContacts.has(c.id)) refused.push({ contact_id: c.id, reason: p.enrolKey ? 'Enrolled already for this cause' : 'The contact is in this campaign already' });
    if (inserted.length > 0) {
      await recordAudit({
        tenantId: p.tenantId,
        actor: p.actor,
        action: 'campaign.enrolled',
        target: { type: 'campaign', id: p.campaignId },
        requestId: p.requestId ?? null,
        details: { source: p.source, enrolled: inserted.length, refused: refused.length, ...(typeof p.enrolKey === 'string' ? { enrol_key: p.enrolKey } : {}), ...p.cause },
      });
    }
    return { rows: inserted, refused };
  });

  const enrolled: EnrolResult['enrolled'] = [];
  const refused = [...planned.refused];
  for (let i = 0; i < planned.rows.length; i += START_CONCURRENCY) {
    await Promise.all(
      planned.rows.slice(i, i + START_CONCURRENCY).map(async (row) => {
        try {
          await client.workflow.start(campaignEnrollment, {
            workflowId: campaignEnrollmentWorkflowId(row.id),
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            args: [{ tenantId: p.tenantId, enrollmentId: row.id }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          });
          enrolled.push({ contact_id: row.contact_id, enrollment_id: row.id });
        } catch (error) {
          await withTenant(p.tenantId, (trx) => trx('campaign_enrollments').where({ id: row.id }).delete());
          if (planned.rows.length === 1) throw error;
          refused.push({ contact_id: row.contact_id, reason: `Not enrolled: its workflow could not be started (${(error as Error).message.split('\n')[0]})` });
        }
      }),
    );
  }
  return { enrolled, refused };
}

/**
 * Hands a contact's text to their ongoing enrolments: STOP ends every one at once; another
 * reply ends those it ends (see `replyExit`). Called from the SMS webhook's reply routing.
 */
export async function routeReplyToEnrolments(
  client: Client,
  message: { tenantId: string; contactId: string; keyword: 'stop' | 'start' | 'help' | null },
): Promise<number> {
  const ongoing = await withTenant(message.tenantId, (trx) =>
    trx('campaign_enrollments as e')
      .join('campaigns as c', 'c.id', 'e.campaign_id')
      .where('e.contact_id', message.contactId)
      .whereIn('e.status', ['active', 'paused'])
      .select<Array<{ workflow_id: string; goal: Campaign['goal']; exit_on_reply: boolean }>>('e.workflow_id', 'c.goal', 'c.exit_on_reply'),
  );
  let routed = 0;
  for (const e of ongoing) {
    const reason = replyExit({ keyword: message.keyword, goal: e.goal, exitOnReply: e.exit_on_reply });
    if (reason && (await signalExit(client, e.workflow_id, reason))) routed++;
  }
  return routed;
}

/**
 * Ends at once, with the goal reached, the enrolments an appointment fulfils: the ongoing
 * ones of the contact it was booked for (by its callback number), in campaigns whose goal
 * is a booked appointment, enrolled before it was made — what the step-due check would
 * find at the next step, which stays the backstop for a signal lost to an outage. Sandbox
 * and cancelled appointments reach no goal. Called by every way of booking: the agent's,
 * and both APIs' (`appointmentBookedFollows`).
 */
export async function endEnrolmentsOnBooking(client: Client, p: { tenantId: string; appointmentId: string }): Promise<number> {
  const fulfilled = await withTenant(p.tenantId, async (trx) => {
    const appointment = await trx('appointments').where({ id: p.appointmentId }).first<{ callback_number: string | null; status: string; is_test: boolean; created_at: Date } | undefined>('callback_number', 'status', 'is_test', 'created_at');
    if (!appointment?.callback_number || appointment.is_test || appointment.status === 'cancelled') return [];
    // The agent stores the number as the caller said it; the contact is kept under its E.164 form.
    const phones = [...new Set([appointment.callback_number, toE164(appointment.callback_number) ?? appointment.callback_number])];
    return trx('campaign_enrollments as e')
      .join('campaigns as c', 'c.id', 'e.campaign_id')
      .join('contacts as ct', 'ct.id', 'e.contact_id')
      .whereIn('ct.phone', phones)
      .where('c.goal', 'appointment_booked')
      .whereIn('e.status', ['active', 'paused'])
      .where('e.enrolled_at', '<=', appointment.created_at)
      .pluck<string[]>('e.workflow_id');
  });
  let ended = 0;
  for (const workflowId of fulfilled) if (await signalExit(client, workflowId, 'goal')) ended++;
  return ended;
}

/** Tells an enrolment's workflow to end; false when it had ended already (between the query and the signal). */
async function signalExit(client: Client, workflowId: string, reason: ExitReason): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).signal(enrollmentExitSignal, { reason });
    return true;
  } catch (error) {
    // A closed workflow (completed, or gone past retention) answers "not found": there is nothing left to stop.
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/** Whether the contact booked, or texted back, since their enrolment: what goals and conditions look at. */
async function sinceEnrolment(trx: Knex.Transaction, enrollment: CampaignEnrollment, contact: Contact) {
  const [appointment, reply] = await Promise.all([
    trx('appointments').where({ callback_number: contact.phone, is_test: false }).whereNot('status', 'cancelled').where('created_at', '>=', enrollment.enrolled_at).first('id'),
    trx('messages').where({ contact_id: contact.id, direction: 'inbound' }).whereNull('keyword').where('created_at', '>=', enrollment.enrolled_at).first('id'),
  ]);
  return { appointmentSinceEnrolment: !!appointment, repliedSinceEnrolment: !!reply };
}

export type StepDue = { decision: 'send'; stepId: string; body: string } | { decision: 'skip' | 'goal' | 'stop' };

export function campaignActivities(config: Config, send: (request: CustomerMessageRequest) => Promise<SendOutcome>) {
  return {
    /**
     * The step after position `after` (the first when null), with its delay; null when
     * there is none (the enrolment is complete). Notes on the enrolment where it stands
     * and when the next step is due (counted from `since`).
     */
    async nextCampaignStep(p: { tenantId: string; enrollmentId: string; after: number | null; since: string }): Promise<{ position: number; delayMs: number } | null> {
      return withTenant(p.tenantId, async (trx) => {
        const enrollment = await CampaignEnrollment.query().findById(p.enrollmentId);
        if (!enrollment) return null;
        const step = await CampaignStep.query()
          .where({ campaign_id: enrollment.campaign_id })
          .modify((q) => (p.after === null ? q : q.where('position', '>', p.after)))
          .orderBy('position')
          .first();
        const wait = step ? delayMs(step.delay) : 0;
        await trx('campaign_enrollments')
          .where({ id: p.enrollmentId })
          .update({ last_position: p.after, next_step_at: step ? new Date(Date.parse(p.since) + wait) : null, updated_at: trx.fn.now() });
        return step ? { position: step.position, delayMs: wait } : null;
      });
    },

    /**
     * The step at `position` as it stands now that it is due (a campaign edited since the
     * contact was enrolled sends its new text), and what to do with it: the goal reached
     * ends the enrolment, an opted-out contact too, an unmet condition (or a step deleted
     * meanwhile) skips it; otherwise its text, with the company's and contact's names.
     */
    async campaignStepDue(p: { tenantId: string; enrollmentId: string; position: number }): Promise<StepDue> {
      return withTenant(p.tenantId, async (trx) => {
        const enrollment = await CampaignEnrollment.query().findById(p.enrollmentId);
        const contact = enrollment ? await Contact.query().findById(enrollment.contact_id) : undefined;
        if (!enrollment || !contact) return { decision: 'stop' };
        const campaign = await Campaign.query().findById(enrollment.campaign_id);
        const step = await CampaignStep.query().findOne({ campaign_id: enrollment.campaign_id, position: p.position });
        if (!campaign || !step) return { decision: 'skip' };
        const channel = contact.preferred_channel === 'whatsapp' && contact.whatsapp_consent ? 'whatsapp' : 'sms';
        if (contact.sms_opted_out_at || (channel === 'whatsapp' && contact.whatsapp_opted_out_at) || (await trx('sms_opt_outs').where({ phone_number: contact.phone }).first('phone_number'))) {
          return { decision: 'stop' };
        }
        const decision = stepDecision({ goal: campaign.goal, condition: step.condition, ...(await sinceEnrolment(trx, enrollment, contact)) });
        if (decision !== 'send') return { decision };
        const settings = await messagingSettings(trx, p.tenantId);
        const body = renderTemplate(step.body, { company_name: settings.companyName, company_phone: settings.companyPhone, contact_name: contact.name ?? '' });
        return { decision: 'send', stepId: step.id, body };
      });
    },

    /**
     * Sends one step's text to the enrolled contact through the one sending activity
     * (idempotent by `key`, opt-out checked at send time, held past quiet hours), in the
     * company's campaign wording, and marks the message with its enrolment and step: the
     * funnel is counted from the message log.
     */
    async sendCampaignMessage(p: { tenantId: string; enrollmentId: string; stepId: string; key: string; body: string }): Promise<SendOutcome> {
      const enrollment = await withTenant(p.tenantId, () => CampaignEnrollment.query().findById(p.enrollmentId));
      if (!enrollment) return { messageId: '', status: 'suppressed', reason: 'The enrolment no longer exists', sendAfter: null };
      const outcome = await send({ tenantId: p.tenantId, key: p.key, kind: 'campaign', to: enrollment.contact_id, variables: { message: p.body } });
      await withTenant(p.tenantId, (trx) =>
        trx('messages').where({ id: outcome.messageId }).whereNull('campaign_step_id').update({ campaign_enrollment_id: p.enrollmentId, campaign_step_id: p.stepId }),
      );
      return outcome;
    },

    /**
     * Writes an enrolment's status as its workflow has it. A pause or resume changes an
     * ongoing enrolment only; an end is written once (the first: a cancel before completion stays a cancel).
     */
    async recordEnrollmentStatus(p: { tenantId: string; enrollmentId: string; status: EnrollmentStatus; exitReason: ExitReason | null; lastPosition?: number | null }): Promise<void> {
      await withTenant(p.tenantId, (trx) =>
        trx('campaign_enrollments')
          .where({ id: p.enrollmentId })
          .whereIn('status', ['active', 'paused'])
          .update({
            status: p.status,
            exit_reason: p.exitReason,
            ...(p.lastPosition !== undefined ? { last_position: p.lastPosition } : {}),
            ...(isOngoing(p.status) ? {} : { ended_at: trx.fn.now(), next_step_at: null }),
            updated_at: trx.fn.now(),
          }),
      );
    },

    /**
     * Enrols the contact a trigger names (by phone) in each of the company's active
     * campaigns with that trigger, once per cause (`enrolKey`, e.g. `call:<sid>`). A
     * number the company has no contact for, or an opted-out one, enrols nowhere.
     */
    async enrolOnTrigger(p: { tenantId: string; trigger: Exclude<CampaignTrigger, 'manual' | 'seasonal'>; phone: string; enrolKey: string }): Promise<number> {
      return enrolOnTrigger(Context.current().client, config, p);
    },
  };
}

/** See the activity `enrolOnTrigger`; either API's change of an appointment to completed calls this directly (`appointmentChangeFollows`). */
export async function enrolOnTrigger(
  client: Client,
  config: Config,
  p: { tenantId: string; trigger: Exclude<CampaignTrigger, 'manual' | 'seasonal'>; phone: string; enrolKey: string },
): Promise<number> {
  const found = await withTenant(p.tenantId, async () => ({
    campaigns: await Campaign.query().where({ trigger: p.trigger, status: 'active' }).select('id'),
    contact: await Contact.query().findOne({ phone: p.phone }).select('id'),
  }));
  if (!found.contact) return 0;
  let enrolled = 0;
  for (const campaign of found.campaigns) {
    const result = await enrolContacts(client, config, {
      tenantId: p.tenantId,
      campaignId: campaign.id,
      contactIds: [found.contact.id],
      source: p.trigger === 'call_information' ? 'call' : 'appointment',
      enrolKey: p.enrolKey,
      actor: { type: 'system', id: `campaign-trigger:${p.trigger}` },
    });
    enrolled += result.enrolled.length;
  }
  return enrolled;
}
