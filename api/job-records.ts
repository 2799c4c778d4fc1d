import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit, type AuditActor } from '../db/audit';
import { matchOrCreateContact } from '../db/models';
import { JOB_ITEM_STATES, JOB_STATUSES, changeTextsCustomer, jobStatusRefusal, latestChange, type JobItem, type JobStatus, type JobStatusEntry } from '../domain/jobs';
import type { Config } from '../lib/config';
import { jobStatusChangedSignal, jobUpdates, jobUpdatesWorkflowId } from '../workflows/job-updates';
import { isoDateTime } from './admin/list-query';
import { Problem } from './http/problem';
import { reachingTemporal } from './http/temporal-errors';
import { e164 } from './schemas';
import { text } from './storable-fields';

/**
 * A company's jobs as the tenant API shows them: the columns, the schemas, the writes (each
 * one audited) and the word to the job's workflow that its status changed. Also the
 * contact a job or a customer invoice is for, named by id or by phone number.
 */

export const jobStatus = z.enum(JOB_STATUSES, { message: `expected one of ${JOB_STATUSES.join(', ')}` });
const itemState = z.enum(JOB_ITEM_STATES, { message: `expected one of ${JOB_ITEM_STATES.join(', ')}` });

const jobItem = z.object({
  name: text(200).transform((value) => value.trim()).pipe(z.string().min(1, 'expected the name of the part')),
  state: itemState,
});

export const jobSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  contact_id: z.uuid(),
  external_ref: z.string().nullable().describe("The job's id in the company's own system, unique in the company"),
  status: jobStatus,
  technician_name: z.string().nullable(),
  eta: z.string().nullable().describe('When the technician is expected (ISO 8601)'),
  items: z.array(z.object({ name: z.string(), state: itemState })).describe('The parts of the job and the state of each'),
  status_history: z
    .array(z.object({ status: jobStatus, at: z.string(), technician_name: z.string().nullable(), eta: z.string().nullable(), items: z.array(z.object({ name: z.string(), state: itemState })) }))
    .describe('Each status the job was put in, oldest first, with the technician, arrival time and parts as they were then; every change after the first texts the customer once'),
  appointment_id: z.uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const JOB_COLUMNS = ['id', 'tenant_id', 'contact_id', 'external_ref', 'status', 'technician_name', 'eta', 'items', 'status_history', 'appointment_id', 'created_at', 'updated_at'];

/**
 * Who a job or a customer invoice is for: one of the company's contacts by `contact_id`, or
 * a `phone` number (with a `name`), matched to the contact with that number or made one.
 */
export const contactReference = {
  contact_id: z.uuid({ message: 'expected the id of one of the company\'s contacts' }).optional(),
  phone: e164.optional(),
  name: text(200).optional(),
};

/** `schema` (with the contact reference's fields) refusing a body that names no contact, or two ways. Checked even when other fields are wrong, so every field's error shows at once. */
export function withContactReference<T extends z.ZodType<{ contact_id?: string; phone?: string }>>(schema: T) {
  const always = { when: () => true };
  return schema
    .refine((body) => !(body.contact_id && body.phone), { ...always, path: ['phone'], message: 'expected contact_id or phone, not both' })
    .refine((body) => Boolean(body.contact_id || body.phone), { ...always, path: ['contact_id'], message: 'expected contact_id, or the phone number of the customer' });
}

/** The contact's id: the one named (a 422 when the company has none such), or the one with the number, found or made. */
export async function resolveContact(
  trx: Knex.Transaction,
  tenantId: string,
  ref: { contact_id?: string; phone?: string; name?: string },
  source: 'api' | 'portal',
): Promise<string> {
  if (ref.contact_id) {
    const found = await trx('contacts').where({ id: ref.contact_id }).first('id');
    if (!found) throw Problem.validation({ contact_id: `the company has no contact ${ref.contact_id}` });
    return found.id;
  }
  return matchOrCreateContact(trx, { tenantId, phone: ref.phone!, name: ref.name, source });
}

const externalRef = text(100).transform((value) => value.trim() || null);
const technicianName = text(100).transform((value) => value.trim() || null);

/** The fields of a job a company may change. */
export const jobChanges = z.object({
  external_ref: externalRef.nullable().optional(),
  status: jobStatus.optional(),
  technician_name: technicianName.nullable().optional(),
  eta: isoDateTime.nullable().optional(),
  items: z.array(jobItem).max(50, 'expected at most 50 items').optional(),
  appointment_id: z.uuid({ message: 'expected the id of one of the company\'s appointments' }).nullable().optional(),
});

export const newJob = withContactReference(jobChanges.extend({ ...contactReference, status: jobStatus.default('scheduled'), items: jobChanges.shape.items.default([]) }));

/** A job as stored: what the API answers and the workflow is told of. */
export interface JobRow {
  id: string;
  tenant_id: string;
  status: JobStatus;
  status_history: JobStatusEntry[];
  eta: Date | null;
  [column: string]: unknown;
}

export const findJob = (trx: Knex.Transaction, id: string): Promise<JobRow | undefined> => trx('jobs').where({ id }).first(JOB_COLUMNS);

async function checkAppointment(trx: Knex.Transaction, appointmentId: string | null | undefined): Promise<void> {
  if (!appointmentId) return;
  const found = await trx('appointments').where({ id: appointmentId, is_test: false }).first('id');
  if (!found) throw Problem.validation({ appointment_id: `the company has no appointment ${appointmentId}` });
}

const conflictOnReference = (ref: string | null | undefined) => Problem.conflict(`The company has a job with the reference ${ref} already.`);

/** A new job, its history starting with the status it is created in. */
export async function createJob(
  trx: Knex.Transaction,
  tenantId: string,
  body: z.output<typeof newJob>,
  source: 'api' | 'portal',
  audit: { actor: AuditActor; requestId: string | null },
): Promise<JobRow> {
  if (body.external_ref && (await trx('jobs').where({ external_ref: body.external_ref }).first('id'))) throw conflictOnReference(body.external_ref);
  await checkAppointment(trx, body.appointment_id);
  const contactId = await resolveContact(trx, tenantId, body, source);
  const { contact_id: _id, phone: _phone, name: _name, items, ...fields } = body;
  const history: JobStatusEntry[] = [{ status: body.status, at: new Date().toISOString(), technician_name: fields.technician_name ?? null, eta: fields.eta ? new Date(fields.eta).toISOString() : null, items }];
  const [row] = await trx('jobs')
    .insert({ ...fields, tenant_id: tenantId, contact_id: contactId, items: JSON.stringify(items), status_history: JSON.stringify(history) })
    .returning<Array<{ id: string }>>('id');
  await recordAudit({ tenantId, actor: audit.actor, action: 'job.created', target: { type: 'job', id: row!.id }, requestId: audit.requestId, details: { after: { ...fields, contact_id: contactId, items } } });
  return (await findJob(trx, row!.id))!;
}

/**
 * Applies the changes that differ from the stored job, audited before and after; a new
 * status is added to the job's history. Undefined when there is no such job; a status the
 * job may not move to is a 422.
 */
export async function updateJob(
  trx: Knex.Transaction,
  id: string,
  requested: z.output<typeof jobChanges>,
  audit: { actor: AuditActor; requestId: string | null },
): Promise<JobRow | undefined> {
  const before: JobRow | undefined = await trx('jobs').where({ id }).forUpdate().first(JOB_COLUMNS);
  if (!before) return undefined;
  const fields = (Object.keys(requested) as Array<keyof typeof requested>).filter((key) => requested[key] !== undefined);
  const same = (key: keyof typeof requested) =>
    key === 'eta' ? (before.eta ? new Date(before.eta).getTime() : null) === (requested.eta ? Date.parse(requested.eta) : null) : JSON.stringify(before[key]) === JSON.stringify(requested[key]);
  const changed = Object.fromEntries(fields.filter((key) => !same(key)).map((key) => [key, requested[key]]));
  if (Object.keys(changed).length === 0) return before;

  if (changed.status) {
    const refusal = jobStatusRefusal(before.status as JobStatus, changed.status as JobStatus);
    if (refusal) throw Problem.validation({ status: refusal });
  }
  if (changed.external_ref && (await trx('jobs').where({ external_ref: changed.external_ref }).whereNot({ id }).first('id'))) throw conflictOnReference(changed.external_ref as string);
  await checkAppointment(trx, changed.appointment_id as string | null | undefined);
  const after = { ...before, ...changed };
  const entry: JobStatusEntry = {
    status: after.status,
    at: new Date().toISOString(),
    technician_name: (after.technician_name as string | null) ?? null,
    eta: after.eta ? new Date(after.eta as string | Date).toISOString() : null,
    items: after.items as JobItem[],
  };
  const history: JobStatusEntry[] = changed.status ? [...before.status_history, entry] : before.status_history;
  await trx('jobs')
    .where({ id })
    .update({
      ...changed,
      ...(changed.items ? { items: JSON.stringify(changed.items) } : {}),
      status_history: JSON.stringify(history),
      updated_at: trx.fn.now(),
    });
  await recordAudit({
    tenantId: before.tenant_id,
    actor: audit.actor,
    action: 'job.updated',
    target: { type: 'job', id },
    requestId: audit.requestId,
    details: { before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key]])), after: changed },
  });
  return findJob(trx, id);
}

/**
 * Tells the job's workflow of its latest status (signal-with-start: one workflow per job).
 * Told again, the same change is recognised by its version and texts no one twice, so a
 * request repeated after Temporal was unreachable sends what the first could not.
 */
export async function announceJobStatus(client: Client, config: Config, job: Pick<JobRow, 'id' | 'tenant_id' | 'status_history'>): Promise<void> {
  const change = latestChange(job.status_history);
  if (!changeTextsCustomer(change)) return;
  await reachingTemporal(
    client.workflow.signalWithStart(jobUpdates, {
      workflowId: jobUpdatesWorkflowId(job.id),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ tenantId: job.tenant_id, jobId: job.id }],
      signal: jobStatusChangedSignal,
      signalArgs: [change],
    }),
    'the job was saved but the customer is not texted yet: send the same request again',
  );
}
