import type { Knex } from 'knex';
import { z } from 'zod';
import {
  CAMPAIGN_GOALS,
  CAMPAIGN_STATUSES,
  CAMPAIGN_TRIGGERS,
  ENROLLMENT_SOURCES,
  ENROLLMENT_STATUSES,
  EXIT_REASONS,
  MAX_MONTHS_SINCE_VISIT,
  SEASON_LAST_DAY,
  STEP_CONDITIONS,
  STEP_VARIABLES,
  normaliseDelay,
  unknownStepVariables,
  type CampaignStatus,
} from '../domain/campaigns';
import { text } from './storable-fields';

/**
 * A company's campaigns as the tenant API shows them: the schemas, the reads, and the
 * per-step funnel counted from the message log.
 */

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `expected one of ${values.join(', ')}` });
export const campaignStatus = oneOf(CAMPAIGN_STATUSES);
export const campaignTrigger = oneOf(CAMPAIGN_TRIGGERS);
export const campaignGoal = oneOf(CAMPAIGN_GOALS);
export const stepCondition = oneOf(STEP_CONDITIONS);
export const enrollmentStatus = oneOf(ENROLLMENT_STATUSES);

const wholeBetween = (min: number, max: number, message: string) => z.number({ message }).int(message).min(min, message).max(max, message);
const months = z.array(wholeBetween(1, 12, 'expected a month, 1 to 12')).min(1, 'expected at least one month').max(12, 'expected at most 12 months');
/**
 * A seasonal campaign's months, the day of those months it runs on and how long its
 * customers have gone without a visit (see `SeasonalSettings`); the other triggers take no settings.
 */
export const triggerSettings = z
  .object({
    months: months.optional(),
    day: wholeBetween(1, SEASON_LAST_DAY, `expected a day of the month, 1 to ${SEASON_LAST_DAY} (a day every month has)`).optional(),
    months_since_visit: wholeBetween(1, MAX_MONTHS_SINCE_VISIT, `expected whole months, 1 to ${MAX_MONTHS_SINCE_VISIT}`).optional(),
  })
  .strict();
export type TriggerSettings = z.output<typeof triggerSettings>;

export const stepBody = text(1600)
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'expected the text of the message'))
  .superRefine((value, ctx) => {
    for (const name of unknownStepVariables(value)) {
      ctx.addIssue({ code: 'custom', message: `{${name}} is not a variable of campaign steps (they may use ${STEP_VARIABLES.map((v) => `{${v}}`).join(', ')})` });
    }
  });

export const stepDelay = z
  .string({ message: 'expected a delay such as 3h, 2d or 1w' })
  .max(40)
  .transform((value, ctx) => {
    const delay = normaliseDelay(value);
    if (!delay) {
      ctx.addIssue({ code: 'custom', message: 'expected a delay such as 3h, 2 days, 1w or PT30S (one unit: s, m, h, d or w; at most a year)' });
      return z.NEVER;
    }
    return delay;
  });

export const stepPosition = z.number({ message: 'expected a whole number from 1 to 1000' }).int('expected a whole number from 1 to 1000').min(1, 'expected a whole number from 1 to 1000').max(1000, 'expected a whole number from 1 to 1000');

export const stepFields = z.object({ body: stepBody, delay: stepDelay, condition: stepCondition.default('none'), position: stepPosition.optional() });

export const stepSchema = z.object({
  id: z.uuid(),
  campaign_id: z.uuid(),
  position: z.number().int().describe('Steps go in this order; an enrolment goes on with the first step after the one it reached'),
  body: z.string().describe('The text, with {company_name}, {company_phone}, {contact_name}; sent in the company\'s campaign wording (its "campaign" template)'),
  delay: z.string().describe('After the step before (the first step: after enrolment): `30s`, `15m`, `3h`, `2d`, `1w`'),
  condition: stepCondition,
  created_at: z.string(),
  updated_at: z.string(),
});

export const campaignSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: campaignStatus,
  trigger: campaignTrigger,
  trigger_settings: z
    .record(z.string(), z.unknown())
    .describe('A seasonal campaign: `months` (1–12), `day` of those months it runs on (1–28, default 1), `months_since_visit` (whom it reaches: customers whose last completed visit was at least this long ago, with no appointment since; default 12). The other triggers: {}'),
  goal: campaignGoal,
  exit_on_reply: z.boolean().describe("Whether any reply of the contact ends their enrolment (STOP always does, and the goal)"),
  steps: z.array(stepSchema),
  enrollments: z.record(z.string(), z.number().int()).describe('Enrolments by status'),
  created_at: z.string(),
  updated_at: z.string(),
});

export const enrollmentSchema = z.object({
  id: z.uuid(),
  campaign_id: z.uuid(),
  contact_id: z.uuid(),
  status: enrollmentStatus,
  exit_reason: oneOf(EXIT_REASONS).nullable(),
  source: oneOf(ENROLLMENT_SOURCES),
  last_position: z.number().int().nullable().describe('The position of the last step reached (sent or skipped); null before the first'),
  next_step_at: z.string().nullable().describe('When the next step falls due'),
  enrolled_at: z.string(),
  ended_at: z.string().nullable(),
});

export const enrolResultSchema = z.object({
  enrolled: z.array(z.object({ contact_id: z.uuid(), enrollment_id: z.uuid() })),
  refused: z.array(z.object({ contact_id: z.uuid().nullable(), line: z.number().int().optional(), reason: z.string() })),
});

export const progressSchema = z.object({
  campaign_id: z.uuid(),
  enrollments: z.record(z.string(), z.number().int()).describe('Enrolments by status'),
  steps: z.array(
    z.object({
      step_id: z.uuid(),
      position: z.number().int(),
      sent: z.number().int().describe('Texts of this step handed to Twilio'),
      delivered: z.number().int().describe('Of those, delivered'),
      replied: z.number().int().describe('Of those, answered by the contact before the next step'),
      opted_out: z.number().int().describe('Of those, answered with STOP before the next step'),
      goal_reached: z.number().int().describe('Of those, followed by the goal (a booking, or a reply) before the next step'),
      not_sent: z.number().int().describe('Texts of this step suppressed or refused (opted out, no consent, a number that cannot take texts)'),
    }),
  ),
});

/** Which statuses a campaign may move to from its own. Archived is final. */
export function campaignStatusRefusal(from: CampaignStatus, to: CampaignStatus): string | undefined {
  if (from === to) return undefined;
  if (from === 'archived') return 'An archived campaign stays archived.';
  if (to === 'draft') return 'A campaign that has run cannot go back to draft.';
  return undefined;
}

const STEP_COLUMNS = ['id', 'campaign_id', 'position', 'body', 'delay', 'condition', 'created_at', 'updated_at'];
const ENROLLMENT_COLUMNS = ['id', 'campaign_id', 'contact_id', 'status', 'exit_reason', 'source', 'last_position', 'next_step_at', 'enrolled_at', 'ended_at'];
export const CAMPAIGN_COLUMNS = ['id', 'name', 'status', 'trigger', 'trigger_settings', 'goal', 'exit_on_reply', 'created_at', 'updated_at'];

export const campaignSteps = (trx: Knex.Transaction, campaignId: string) => trx('campaign_steps').where({ campaign_id: campaignId }).orderBy('position').select(STEP_COLUMNS);
export const findStep = (trx: Knex.Transaction, campaignId: string, stepId: string) => trx('campaign_steps').where({ campaign_id: campaignId, id: stepId }).first(STEP_COLUMNS);
export const findEnrollment = (trx: Knex.Transaction, campaignId: string, id: string) => trx('campaign_enrollments').where({ campaign_id: campaignId, id }).first(ENROLLMENT_COLUMNS);
export const enrollmentRows = (trx: Knex.Transaction, campaignId: string) => trx('campaign_enrollments as e').where('e.campaign_id', campaignId).select(ENROLLMENT_COLUMNS.map((c) => `e.${c}`));

async function enrollmentCounts(trx: Knex.Transaction, campaignId: string): Promise<Record<string, number>> {
  const rows = await trx('campaign_enrollments').where({ campaign_id: campaignId }).groupBy('status').select('status').count<Array<{ status: string; count: string }>>('* as count');
  return Object.fromEntries(ENROLLMENT_STATUSES.map((s) => [s, Number(rows.find((r) => r.status === s)?.count ?? 0)]));
}

/** A campaign with its steps and its enrolments by status; undefined when the company has no such campaign. */
export async function findCampaign(trx: Knex.Transaction, id: string) {
  const campaign = await trx('campaigns').where({ id }).first(CAMPAIGN_COLUMNS);
  if (!campaign) return undefined;
  return { ...campaign, steps: await campaignSteps(trx, id), enrollments: await enrollmentCounts(trx, id) };
}

/**
 * The funnel of each step, counted from the message log: the step's texts that reached
 * Twilio, those delivered, and those the contact answered (a reply, STOP) or followed with
 * the goal before the enrolment's next text. What happened after the last text counts for
 * the last step.
 */
export async function campaignProgress(trx: Knex.Transaction, campaignId: string, goal: string): Promise<z.input<typeof progressSchema>> {
  const steps = await trx('campaign_steps').where({ campaign_id: campaignId }).orderBy('position').select('id', 'position');
  const { rows } = await trx.raw<{ rows: Array<Record<string, string>> }>(
    `with texts as (
       select m.campaign_step_id, m.contact_id, m.to_number, m.status, coalesce(m.sent_at, m.created_at) as at,
              lead(coalesce(m.sent_at, m.created_at)) over (partition by m.campaign_enrollment_id order by coalesce(m.sent_at, m.created_at)) as next_at
         from messages m join campaign_steps s on s.id = m.campaign_step_id
        where s.campaign_id = ? and m.direction = 'outbound' and m.twilio_sid is not null
     ), answered as (
       select t.*,
              exists (select 1 from messages r where r.direction = 'inbound' and r.contact_id = t.contact_id and r.keyword is null
                         and r.created_at > t.at and (t.next_at is null or r.created_at < t.next_at)) as replied,
              exists (select 1 from messages r where r.direction = 'inbound' and r.contact_id = t.contact_id and r.keyword = 'stop'
                         and r.created_at > t.at and (t.next_at is null or r.created_at < t.next_at)) as opted_out,
              exists (select 1 from appointments a where a.callback_number = t.to_number and not a.is_test and a.status <> 'cancelled'
                         and a.created_at > t.at and (t.next_at is null or a.created_at < t.next_at)) as booked
         from texts t
     )
     select campaign_step_id as step_id,
            count(*) as sent,
            count(*) filter (where status = 'delivered') as delivered,
            count(*) filter (where replied) as replied,
            count(*) filter (where opted_out) as opted_out,
            count(*) filter (where case ?::text when 'replied' then replied when 'appointment_booked' then booked else false end) as goal_reached
       from answered group by campaign_step_id`,
    [campaignId, goal],
  );
  const notSent = await trx('messages as m')
    .join('campaign_steps as s', 's.id', 'm.campaign_step_id')
    .where('s.campaign_id', campaignId)
    .whereIn('m.status', ['suppressed', 'failed'])
    .whereNull('m.twilio_sid')
    .groupBy('m.campaign_step_id')
    .select('m.campaign_step_id as step_id')
    .count<Array<{ step_id: string; count: string }>>('* as count');
  return {
    campaign_id: campaignId,
    enrollments: await enrollmentCounts(trx, campaignId),
    steps: steps.map((s: { id: string; position: number }) => {
      const row = rows.find((r) => r.step_id === s.id);
      const n = (column: string) => Number(row?.[column] ?? 0);
      return {
        step_id: s.id,
        position: s.position,
        sent: n('sent'),
        delivered: n('delivered'),
        replied: n('replied'),
        opted_out: n('opted_out'),
        goal_reached: n('goal_reached'),
        not_sent: Number(notSent.find((r) => r.step_id === s.id)?.count ?? 0),
      };
    }),
  };
}
