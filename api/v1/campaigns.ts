import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import express from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { enrolContacts, type EnrolResult } from '../../activities/campaigns';
import { recordAudit } from '../../db/audit';
import { matchOrCreateContact } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { ENROLLMENT_ACTIONS, campaignEnrollmentWorkflowId, enrollmentActionRefusal, seasonalSettings, statusAfter, type CampaignStatus, type EnrollmentAction, type EnrollmentStatus } from '../../domain/campaigns';
import { planImport } from '../../domain/contact-import';
import type { Config } from '../../lib/config';
import { enrollmentActionUpdate } from '../../workflows/campaign-enrollment';
import {
  CAMPAIGN_COLUMNS,
  campaignGoal,
  campaignProgress,
  campaignSchema,
  campaignStatus,
  campaignStatusRefusal,
  campaignTrigger,
  enrolResultSchema,
  enrollmentRows,
  enrollmentSchema,
  enrollmentStatus,
  findCampaign,
  findEnrollment,
  findStep,
  progressSchema,
  stepBody,
  stepCondition,
  stepDelay,
  stepFields,
  stepPosition,
  stepSchema,
  triggerSettings,
  type TriggerSettings,
} from '../campaign-records';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { Problem } from '../http/problem';
import { reachingTemporal, updateFailure } from '../http/temporal-errors';
import { text } from '../storable-fields';
import { TenantApiRouter, liveKeyRequired, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const idParams = z.object({ id: z.uuid() });
const stepParams = z.object({ id: z.uuid(), stepId: z.uuid() });
const enrollmentParams = z.object({ id: z.uuid(), enrollmentId: z.uuid() });

const campaignName = text(200)
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'expected a name'));

const campaignFields = z.object({
  name: campaignName,
  status: z.enum(['draft', 'active'], { message: 'expected draft or active' }).default('draft'),
  trigger: campaignTrigger.default('manual'),
  trigger_settings: triggerSettings.default({}),
  goal: campaignGoal.default('none'),
  exit_on_reply: z.boolean({ message: 'expected true or false' }).default(true),
  steps: z.array(stepFields).max(50, 'expected at most 50 steps').default([]),
});

const campaignChanges = z.object({
  name: campaignName.optional(),
  status: campaignStatus.optional(),
  trigger: campaignTrigger.optional(),
  trigger_settings: triggerSettings.optional(),
  goal: campaignGoal.optional(),
  exit_on_reply: z.boolean({ message: 'expected true or false' }).optional(),
});

const stepChanges = z.object({ body: stepBody.optional(), delay: stepDelay.optional(), condition: stepCondition.optional(), position: stepPosition.optional() });

const enrolBody = z.union(
  [
    z.object({ contact_ids: z.array(z.uuid({ message: 'expected contact ids' })).min(1, 'expected at least one contact id').max(1000, 'expected at most 1,000 contact ids a request') }).strict(),
    z.object({ csv: z.string().max(5_000_000, 'expected at most 5 MB of CSV') }).strict(),
    z.string().max(5_000_000, 'expected at most 5 MB of CSV'),
  ],
  { message: 'expected {"contact_ids": […]}, {"csv": "…"} or the CSV as the body (Content-Type: text/csv) with a phone column' },
);

const listQuery = z.object({ ...pageQuery, status: z.union([campaignStatus, z.array(campaignStatus).max(4)]).optional() });
const enrollmentQuery = z.object({ ...pageQuery, status: z.union([enrollmentStatus, z.array(enrollmentStatus).max(5)]).optional() });

const NEWEST_FIRST: Keyset = { table: 'campaigns', column: 'created_at', order: 'desc' };
const NEWEST_ENROLLED: Keyset = { table: 'campaign_enrollments', alias: 'e', column: 'enrolled_at', order: 'desc' };

/**
 * The settings a campaign is saved with (422 field by field when they do not fit its
 * trigger): a seasonal campaign names its months (its day and months since the last visit
 * have defaults), the other triggers take none.
 */
function settingsForTrigger(trigger: string, settings: TriggerSettings): TriggerSettings {
  if (trigger === 'seasonal') {
    const seasonal = seasonalSettings(settings);
    if (!seasonal) throw Problem.validation({ 'trigger_settings.months': 'a seasonal campaign names its months, 1 to 12' });
    return seasonal;
  }
  const given = (['months', 'day', 'months_since_visit'] as const).filter((field) => settings[field] !== undefined);
  if (given.length > 0) {
    throw Problem.validation(Object.fromEntries(given.map((field) => [`trigger_settings.${field}`, `only a seasonal campaign has ${field === 'day' ? 'a day' : field.replaceAll('_', ' ')}`])));
  }
  return {};
}

/** What each enrolment action is, in the audit log. */
const ACTION_AUDIT: Record<EnrollmentAction, 'campaign.enrollment_paused' | 'campaign.enrollment_resumed' | 'campaign.enrollment_cancelled'> = {
  pause: 'campaign.enrollment_paused',
  resume: 'campaign.enrollment_resumed',
  cancel: 'campaign.enrollment_cancelled',
};

/**
 * The company's drip campaigns: build one (steps with delays and conditions), enrol
 * contacts (by id, or a CSV of phone numbers), follow each step's funnel, and pause,
 * resume or cancel one contact's enrolment. Each enrolment is a workflow that reads a step
 * when it falls due, so an edit reaches every step not yet sent. Live data: a test key is refused.
 */
export function tenantApiCampaignRoutes(deps: { config: Config; temporal: Client; logger: Logger }): TenantApiRouter {
  const router = new TenantApiRouter();
  router.router.post('/campaigns/:id/enrol', express.text({ type: ['text/csv', 'text/plain'], limit: deps.config.MAX_BODY_SIZE }));

  /** Applies `action` to one enrolment through its workflow; the workflow's refusal is a 409 with its reason. */
  const actOn = async (tenantId: string, workflowId: string, action: EnrollmentAction, stored: EnrollmentStatus): Promise<void> => {
    const refusal = enrollmentActionRefusal(action, stored);
    if (refusal) throw Problem.conflict(refusal);
    try {
      await reachingTemporal(deps.temporal.workflow.getHandle(workflowId).executeUpdate(enrollmentActionUpdate, { args: [action] }), 'the enrolment was not changed');
    } catch (error) {
      const failure = updateFailure(error);
      if (failure) throw Problem.conflict(failure.message);
      if (error instanceof WorkflowNotFoundError || /workflow execution already completed|not found/i.test(String((error as Error)?.message))) {
        throw Problem.conflict('The enrolment has ended.');
      }
      throw error;
    }
    deps.logger.debug({ tenantId, workflowId, action }, 'campaign enrolment changed');
  };

  /** A campaign paused, resumed or archived: its ongoing enrolments follow (archived ones are cancelled). */
  const enrolmentsFollow = async (tenantId: string, campaignId: string, to: CampaignStatus) => {
    const action: EnrollmentAction | undefined = to === 'paused' ? 'pause' : to === 'active' ? 'resume' : to === 'archived' ? 'cancel' : undefined;
    if (!action) return;
    const from = action === 'resume' ? ['paused'] : action === 'pause' ? ['active'] : ['active', 'paused'];
    const ongoing = await withTenant(tenantId, (trx) => trx('campaign_enrollments').where({ campaign_id: campaignId }).whereIn('status', from).select('workflow_id', 'status'));
    for (const e of ongoing) {
      try {
        await actOn(tenantId, e.workflow_id, action, e.status);
      } catch (error) {
        // One that ended meanwhile has nothing to follow.
        if (!(error instanceof Problem) || error.status !== 409) throw error;
      }
    }
  };

  router
    .route(
      'campaigns:read',
      {
        method: 'get',
        path: '/campaigns',
        summary: 'List campaigns, newest first (paging: limit, cursor; filter: status)',
        query: listQuery,
        responses: { 200: { description: 'A page of campaigns (without their steps), and the cursor of the next page', schema: pageOf(campaignSchema.omit({ steps: true, enrollments: true })) } },
      },
      async ({ query }, key, _req, res) => {
        liveKeyRequired(key, 'campaigns', 'read');
        const rows = await withTenant(key.tenantId, (trx) =>
          pageAfterCursor(
            trx('campaigns')
              .modify((q) => (query.status ? q.whereIn('status', ([] as string[]).concat(query.status)) : q))
              .select(CAMPAIGN_COLUMNS),
            NEWEST_FIRST,
            query,
          ),
        );
        res.json(page(rows, query.limit));
      },
    )
    .route(
      'campaigns:write',
      {
        method: 'post',
        path: '/campaigns',
        summary: 'Create a campaign, with its steps if given (draft until made active; only an active campaign enrols). A seasonal campaign names its months in trigger_settings',
        body: campaignFields,
        responses: { 201: { description: 'The campaign', schema: campaignSchema }, 422: { description: 'A field is invalid (a step naming an unknown {variable}: under steps.N.body)' } },
      },
      async ({ body }, key, req, res) => {
        liveKeyRequired(key, 'campaigns');
        const settings = settingsForTrigger(body.trigger, body.trigger_settings);
        const positions = body.steps.map((s, i) => s.position ?? i + 1);
        const repeated = positions.findIndex((p, i) => positions.indexOf(p) !== i);
        if (repeated >= 0) throw Problem.validation({ [`steps.${repeated}.position`]: `position ${positions[repeated]} is taken by another step` });
        const created = await withTenant(key.tenantId, async (trx) => {
          const { steps, ...fields } = body;
          const [row] = await trx('campaigns')
            .insert({ ...fields, trigger_settings: JSON.stringify(settings), tenant_id: key.tenantId, created_by: `${key.actor.type}:${key.actor.id}` })
            .returning<Array<{ id: string }>>('id');
          if (steps.length > 0) {
            await trx('campaign_steps').insert(steps.map((s, i) => ({ tenant_id: key.tenantId, campaign_id: row!.id, body: s.body, delay: s.delay, condition: s.condition, position: positions[i] })));
          }
          await recordAudit({ tenantId: key.tenantId, actor: actorOf(key), action: 'campaign.created', target: { type: 'campaign', id: row!.id }, requestId: requestIdOf(req), details: { after: { ...body, trigger_settings: settings } } });
          return findCampaign(trx, row!.id);
        });
        res.status(201).location(`/api/v1/campaigns/${created!.id}`).json(created);
      },
    )
    .route(
      'campaigns:read',
      {
        method: 'get',
        path: '/campaigns/:id',
        summary: 'One campaign, its steps in order, and its enrolments by status',
        params: idParams,
        responses: { 200: { description: 'The campaign', schema: campaignSchema }, 404: { description: 'No such campaign in this company' } },
      },
      async ({ params }, key, _req, res) => {
        liveKeyRequired(key, 'campaigns', 'read');
        const row = await withTenant(key.tenantId, (trx) => findCampaign(trx, params.id));
        if (!row) throw Problem.notFound(`No campaign ${params.id}`);
        res.json(row);
      },
    )
    .route(
      'campaigns:write',
      {
        method: 'patch',
        path: '/campaigns/:id',
        summary:
          "Change a campaign's name, status, trigger (a seasonal campaign's settings: those given change, the others stay), goal or exit on reply. Pausing it pauses its ongoing enrolments (resuming resumes them); archiving cancels them. Edits reach the steps not yet sent",
        params: idParams,
        body: campaignChanges,
        responses: {
          200: { description: 'The campaign', schema: campaignSchema },
          404: { description: 'No such campaign in this company' },
          409: { description: 'The status cannot change that way (an archived campaign stays archived; none goes back to draft)' },
        },
      },
      async ({ params, body }, key, req, res) => {
        liveKeyRequired(key, 'campaigns');
        const changed = await withTenant(key.tenantId, async (trx) => {
          const before = await trx('campaigns').where({ id: params.id }).forUpdate().first(CAMPAIGN_COLUMNS);
          if (!before) throw Problem.notFound(`No campaign ${params.id}`);
          if (body.status) {
            const refusal = campaignStatusRefusal(before.status, body.status);
            if (refusal) throw Problem.conflict(refusal);
          }
          const trigger = body.trigger ?? before.trigger;
          // A seasonal campaign that stays seasonal changes the settings given and keeps the others.
          const requested = body.trigger_settings && trigger === 'seasonal' && before.trigger === 'seasonal' ? { ...before.trigger_settings, ...body.trigger_settings } : body.trigger_settings;
          const settings = settingsForTrigger(trigger, requested ?? before.trigger_settings);
          const fields = Object.fromEntries(Object.entries({ ...body, ...(body.trigger_settings ? { trigger_settings: settings } : {}) }).filter(([, value]) => value !== undefined));
          if (Object.keys(fields).length > 0) {
            await trx('campaigns')
              .where({ id: params.id })
              .update({ ...fields, ...(fields.trigger_settings ? { trigger_settings: JSON.stringify(fields.trigger_settings) } : {}), updated_at: trx.fn.now() });
            await recordAudit({
              tenantId: key.tenantId,
              actor: actorOf(key),
              action: 'campaign.updated',
              target: { type: 'campaign', id: params.id },
              requestId: requestIdOf(req),
              details: { before: Object.fromEntries(Object.keys(fields).map((k) => [k, before[k]])), after: fields },
            });
          }
          return { from: before.status as CampaignStatus };
        });
        if (body.status && body.status !== changed.from) await enrolmentsFollow(key.tenantId, params.id, body.status);
        res.json(await withTenant(key.tenantId, (trx) => findCampaign(trx, params.id)));
      },
    )
    .route(
      'campaigns:write',
      {
        method: 'post',
        path: '/campaigns/:id/steps',
        summary: 'Add a step (after the last one, unless a free position is given); enrolments not yet past that position will send it',
        params: idParams,
        body: stepFields,
        responses: {
          201: { description: 'The step', schema: stepSchema },
          404: { description: 'No such campaign in this company' },
          409: { description: 'Another step has that position' },
          422: { description: 'A field is invalid (an unknown {variable} is named under body)' },
        },
      },
      async ({ params, body }, key, req, res) => {
        liveKeyRequired(key, 'campaigns');
        const step = await withTenant(key.tenantId, async (trx) => {
          const campaign = await trx('campaigns').where({ id: params.id }).forUpdate().first('id', 'status');
          if (!campaign) throw Problem.notFound(`No campaign ${params.id}`);
          if (campaign.status === 'archived') throw Problem.conflict('An archived campaign cannot change.');
          const last = await trx('campaign_steps').where({ campaign_id: params.id }).max<{ max: number | null }>('position as max').first();
          const position = body.position ?? (last?.max ?? 0) + 1;
          const [row] = await trx('campaign_steps')
            .insert({ tenant_id: key.tenantId, campaign_id: params.id, body: body.body, delay: body.delay, condition: body.condition, position })
            .onConflict(['campaign_id', 'position'])
            .ignore()
            .returning<Array<{ id: string }>>('id');
          if (!row) throw Problem.conflict(`Another step of this campaign has position ${position}.`);
          await recordAudit({ tenantId: key.tenantId, actor: actorOf(key), action: 'campaign.step_added', target: { type: 'campaign', id: params.id }, requestId: requestIdOf(req), details: { after: { ...body, position } } });
          return findStep(trx, params.id, row.id);
        });
        res.status(201).location(`/api/v1/campaigns/${params.id}/steps/${step.id}`).json(step);
      },
    )
    .route(
      'campaigns:write',
      {
        method: 'patch',
        path: '/campaigns/:id/steps/:stepId',
        summary: "Change a step's text, delay, condition or position: contacts already enrolled get the change at every step not yet sent to them",
        params: stepParams,
        body: stepChanges,
        responses: {
          200: { description: 'The step', schema: stepSchema },
          404: { description: 'No such step in this campaign' },
          409: { description: 'Another step has that position, or the campaign is archived' },
        },
      },
      async ({ params, body }, key, req, res) => {
        liveKeyRequired(key, 'campaigns');
        const step = await withTenant(key.tenantId, async (trx) => {
          const campaign = await trx('campaigns').where({ id: params.id }).first('status');
          const before = campaign ? await findStep(trx, params.id, params.stepId) : undefined;
          if (!before) throw Problem.notFound(`No step ${params.stepId} in campaign ${params.id}`);
          if (campaign.status === 'archived') throw Problem.conflict('An archived campaign cannot change.');
          const fields = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
          if (fields.position !== undefined && fields.position !== before.position) {
            const taken = await trx('campaign_steps').where({ campaign_id: params.id, position: fields.position }).first('id');
            if (taken) throw Problem.conflict(`Another step of this campaign has position ${fields.position}.`);
          }
          if (Object.keys(fields).length > 0) {
            await trx('campaign_steps').where({ id: params.stepId }).update({ ...fields, updated_at: trx.fn.now() });
            await recordAudit({
              tenantId: key.tenantId,
              actor: actorOf(key),
              action: 'campaign.step_updated',
              target: { type: 'campaign', id: params.id },
              requestId: requestIdOf(req),
              details: { step_id: params.stepId, before: Object.fromEntries(Object.keys(fields).map((k) => [k, before[k]])), after: fields },
            });
          }
          return findStep(trx, params.id, params.stepId);
        });
        res.json(step);
      },
    )
    .route(
      'campaigns:write',
      {
        method: 'delete',
        path: '/campaigns/:id/steps/:stepId',
        summary: 'Remove a step: contacts not yet past it skip it (the texts it sent stay in the message log)',
        params: stepParams,
        responses: { 204: { description: 'Removed' }, 404: { description: 'No such step in this campaign' }, 409: { description: 'The campaign is archived' } },
      },
      async ({ params }, key, req, res) => {
        liveKeyRequired(key, 'campaigns');
        await withTenant(key.tenantId, async (trx) => {
          const campaign = await trx('campaigns').where({ id: params.id }).first('status');
          const before = campaign ? await findStep(trx, params.id, params.stepId) : undefined;
          if (!before) throw Problem.notFound(`No step ${params.stepId} in campaign ${params.id}`);
          if (campaign.status === 'archived') throw Problem.conflict('An archived campaign cannot change.');
          await trx('campaign_steps').where({ id: params.stepId }).delete();
          await recordAudit({ tenantId: key.tenantId, actor: actorOf(key), action: 'campaign.step_deleted', target: { type: 'campaign', id: params.id }, requestId: requestIdOf(req), details: { before } });
        });
        res.status(204).end();
      },
    )
    .route(
      'campaigns:write',
      {
        method: 'post',
        path: '/campaigns/:id/enrol',
        summary:
          'Enrol contacts in an active campaign: {"contact_ids": […]}, or a CSV of phone numbers ({"csv": "…"} or the body as text/csv, with a phone column; a number the company has no contact for becomes one). Each contact is enrolled or refused with the reason (in the campaign already, opted out)',
        params: idParams,
        body: enrolBody,
        responses: {
          200: { description: 'Who was enrolled (with the enrolment ids) and who was refused, and why', schema: enrolResultSchema },
          404: { description: 'No such campaign in this company' },
          409: { description: 'The campaign is not active' },
          422: { description: 'The CSV cannot be read (no phone column, an unclosed quote, too many rows)' },
        },
      },
      async ({ params, body }, key, req, res) => {
        liveKeyRequired(key, 'campaigns');
        const campaign = await withTenant(key.tenantId, (trx) => trx('campaigns').where({ id: params.id }).first('status'));
        if (!campaign) throw Problem.notFound(`No campaign ${params.id}`);
        if (campaign.status !== 'active') throw Problem.conflict(`The campaign is ${campaign.status}: only an active campaign enrols contacts.`);
        let contactIds: string[];
        const csvRefused: Array<{ contact_id: null; line: number; reason: string }> = [];
        if (typeof body === 'object' && 'contact_ids' in body) contactIds = body.contact_ids;
        else {
          const plan = planImport(typeof body === 'string' ? body : body.csv);
          if (plan.fileError) throw Problem.validation({ csv: plan.fileError });
          for (const row of plan.refused) csvRefused.push({ contact_id: null, line: row.line, reason: Object.values(row.errors).join('; ') });
          contactIds = await withTenant(key.tenantId, async (trx) => {
            const ids: string[] = [];
            for (const { contact } of plan.rows) ids.push(await matchOrCreateContact(trx, { tenantId: key.tenantId, phone: contact.phone, name: contact.name ?? null, source: 'import' }));
            return ids;
          });
        }
        const result: EnrolResult = await reachingTemporal(
          enrolContacts(deps.temporal, deps.config, {
            tenantId: key.tenantId,
            campaignId: params.id,
            contactIds,
            source: typeof body === 'object' && 'contact_ids' in body ? 'manual' : 'csv',
            actor: actorOf(key),
            requestId: requestIdOf(req),
          }),
          'no contact was enrolled',
        );
        res.json({ enrolled: result.enrolled, refused: [...csvRefused, ...result.refused] });
      },
    )
    .route(
      'campaigns:read',
      {
        method: 'get',
        path: '/campaigns/:id/enrollments',
        summary: "A campaign's enrolments, newest first (paging: limit, cursor; filter: status)",
        params: idParams,
        query: enrollmentQuery,
        responses: { 200: { description: 'A page of enrolments', schema: pageOf(enrollmentSchema) }, 404: { description: 'No such campaign in this company' } },
      },
      async ({ params, query }, key, _req, res) => {
        liveKeyRequired(key, 'campaigns', 'read');
        const rows = await withTenant(key.tenantId, async (trx) => {
          if (!(await trx('campaigns').where({ id: params.id }).first('id'))) throw Problem.notFound(`No campaign ${params.id}`);
          return pageAfterCursor(
            enrollmentRows(trx, params.id).modify((q) => (query.status ? q.whereIn('e.status', ([] as string[]).concat(query.status)) : q)),
            NEWEST_ENROLLED,
            query,
          );
        });
        res.json(page(rows, query.limit));
      },
    )
    .route(
      'campaigns:read',
      {
        method: 'get',
        path: '/campaigns/:id/progress',
        summary:
          "Each step's funnel, counted from the message log: texts sent, delivered, answered (a reply, STOP) and followed by the goal before the contact's next step; and the enrolments by status",
        params: idParams,
        responses: { 200: { description: 'The funnel', schema: progressSchema }, 404: { description: 'No such campaign in this company' } },
      },
      async ({ params }, key, _req, res) => {
        liveKeyRequired(key, 'campaigns', 'read');
        const progress = await withTenant(key.tenantId, async (trx) => {
          const campaign = await trx('campaigns').where({ id: params.id }).first('goal');
          if (!campaign) throw Problem.notFound(`No campaign ${params.id}`);
          return campaignProgress(trx, params.id, campaign.goal);
        });
        res.json(progress);
      },
    )
    ;
  for (const action of ENROLLMENT_ACTIONS) {
    router.route(
      'campaigns:write',
      {
        method: 'post',
        path: `/campaigns/:id/enrollments/:enrollmentId/${action}`,
        summary:
          action === 'pause'
            ? "Pause one contact's enrolment: its next step waits for the resume (and goes at once if it fell due meanwhile)"
            : action === 'resume'
              ? "Resume a paused enrolment"
              : "Cancel one contact's enrolment: nothing more is sent",
        params: enrollmentParams,
        responses: {
          200: { description: 'The enrolment', schema: enrollmentSchema },
          404: { description: 'No such enrolment in this campaign' },
          409: { description: 'The enrolment cannot do that now (it has ended; it is paused already; it is not paused)' },
        },
      },
      async ({ params }, key, req, res) => {
        liveKeyRequired(key, 'campaigns');
        const enrollment = await withTenant(key.tenantId, (trx) => findEnrollment(trx, params.id, params.enrollmentId));
        if (!enrollment) throw Problem.notFound(`No enrolment ${params.enrollmentId} in campaign ${params.id}`);
        await actOn(key.tenantId, campaignEnrollmentWorkflowId(params.enrollmentId), action, enrollment.status);
        const changed = await withTenant(key.tenantId, async (trx) => {
          await recordAudit({
            tenantId: key.tenantId,
            actor: actorOf(key),
            action: ACTION_AUDIT[action],
            target: { type: 'campaign', id: params.id },
            requestId: requestIdOf(req),
            details: { enrollment_id: params.enrollmentId, before: enrollment.status, after: statusAfter(action) },
          });
          return findEnrollment(trx, params.id, params.enrollmentId);
        });
        res.json(changed);
      },
    );
  }
  return router;
}
