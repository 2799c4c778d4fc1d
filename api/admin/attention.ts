import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import { durationMs, type Config } from '../../lib/config';
import { temporalWorkflowUrl } from '../../lib/temporal';
import { within } from '../../lib/within';
import { AdminRouter } from '../auth/operator-access';

/**
 * What needs an operator's eye although nothing has failed for good yet:
 * - activities still retrying after ATTENTION_AFTER_ATTEMPTS failed attempts (the worker
 *   notes them in `stuck_activities`; each is checked against Temporal before it is shown,
 *   and a note whose activity is no longer pending is dropped);
 * - workflows that should have finished by now and still run (a provisioning saga after
 *   ten minutes, a call past its longest duration…), found through Temporal's visibility.
 */

/** How long each short-lived workflow type may run before it counts as overdue. */
function expectedDurations(config: Config): Record<string, number> {
  return {
    provisionNumberWorkflow: 10 * 60_000,
    deadLetterReplayWorkflow: 15 * 60_000,
    // A call ends by itself at CALL_MAX_DURATION, then summarises and logs.
    callWorkflow: durationMs(config.CALL_MAX_DURATION) + 15 * 60_000,
    // An email retries for about a day before it is recorded as failed.
    sendEmailWorkflow: 26 * 3_600_000,
    healthScoreRun: 3 * 3_600_000,
  };
}

/** A local activity's note stays this long after its last failure (Temporal lists no pending local activities). */
const LOCAL_NOTE_TTL_MS = 10 * 60_000;
const MAX_ITEMS = 50;
/** The whole list answers within this, whatever Temporal does. */
const TEMPORAL_WAIT_MS = 3_000;

const itemSchema = z.object({
  kind: z.enum(['retrying_activity', 'overdue_workflow']),
  workflow_id: z.string(),
  run_id: z.string().nullable(),
  workflow_type: z.string(),
  tenant_id: z.string().nullable().describe('The tenant the workflow is about, when its id says so'),
  activity_type: z.string().nullable(),
  attempt: z.number().nullable(),
  error: z.string().nullable(),
  since: z.string().describe('The first failed attempt, or when the overdue workflow started'),
  temporal_ui: z.string().nullable(),
});
export type AttentionItem = z.infer<typeof itemSchema>;

/** Workflow ids that begin with their tenant's id: `tenant-<id>`, `provision-<id>-<n>`, `erasure-<id>`, and e-mails keyed `email-<id>.<template>…`. */
const TENANT_IN_ID = /^(?:tenant|provision|erasure|email)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[-.]|$)/;

interface StuckRow {
  workflow_id: string;
  run_id: string;
  activity_id: string;
  workflow_type: string;
  activity_type: string;
  is_local: boolean;
  attempt: number;
  error: string;
  first_failed_at: Date;
  last_failed_at: Date;
}

export class Attention {
  constructor(private readonly deps: { db: Knex; temporal: Client; config: Config }) {}

  /** Activities still retrying, confirmed by Temporal; notes of activities that are no longer pending are removed. */
  async retryingActivities(): Promise<AttentionItem[]> {
    const rows = await this.deps.db<StuckRow>('stuck_activities').orderBy('first_failed_at').limit(MAX_ITEMS);
    // Each note is checked at once, not one after another: the list answers within one wait.
    const checked = await Promise.all(rows.map((row) => this.checkNote(row)));
    return checked.filter((item): item is AttentionItem => item !== undefined);
  }

  /** The note as an item, with Temporal's latest attempt and error; undefined (and the note deleted) when its activity is no longer pending. */
  private async checkNote(row: StuckRow): Promise<AttentionItem | undefined> {
    const { db, temporal, config } = this.deps;
    let pending: { attempt?: number | null; lastFailure?: { message?: string | null } | null } | undefined;
    let settled = false;
    if (row.is_local) {
      settled = Date.now() - row.last_failed_at.getTime() > LOCAL_NOTE_TTL_MS;
    } else {
      const described = await within(TEMPORAL_WAIT_MS, temporal.workflow.getHandle(row.workflow_id, row.run_id).describe()).catch((error: unknown) =>
        (error as Error).name === 'WorkflowNotFoundError' ? null : undefined,
      );
      if (described === null) settled = true;
      else if (described) {
        pending = described.raw.pendingActivities?.find((a) => a.activityId === row.activity_id);
        settled = !pending;
      }
      // Temporal did not answer in time: the note is shown as written.
    }
    if (settled) {
      await db('stuck_activities').where({ workflow_id: row.workflow_id, run_id: row.run_id, activity_id: row.activity_id }).delete();
      return undefined;
    }
    return {
      kind: 'retrying_activity',
      workflow_id: row.workflow_id,
      run_id: row.run_id,
      workflow_type: row.workflow_type,
      tenant_id: TENANT_IN_ID.exec(row.workflow_id)?.[1] ?? null,
      activity_type: row.activity_type,
      attempt: pending?.attempt ?? row.attempt,
      error: pending?.lastFailure?.message ?? row.error,
      since: row.first_failed_at.toISOString(),
      temporal_ui: temporalWorkflowUrl(config, row.workflow_id),
    };
  }

  /** Running workflows of short-lived types that started longer ago than their type should take; complete is false when Temporal did not answer in time. */
  async overdueWorkflows(): Promise<{ items: AttentionItem[]; complete: boolean }> {
    const { temporal, config } = this.deps;
    const items: AttentionItem[] = [];
    const listing = (async () => {
      for (const [type, bound] of Object.entries(expectedDurations(config))) {
        const startedBefore = new Date(Date.now() - bound).toISOString();
        const query = `ExecutionStatus = "Running" AND WorkflowType = "${type}" AND StartTime < "${startedBefore}"`;
        for await (const workflow of temporal.workflow.list({ query, pageSize: MAX_ITEMS })) {
          items.push({
            kind: 'overdue_workflow',
            workflow_id: workflow.workflowId,
            run_id: workflow.runId,
            workflow_type: workflow.type,
            tenant_id: TENANT_IN_ID.exec(workflow.workflowId)?.[1] ?? null,
            activity_type: null,
            attempt: null,
            error: null,
            since: workflow.startTime.toISOString(),
            temporal_ui: temporalWorkflowUrl(config, workflow.workflowId),
          });
          if (items.length >= MAX_ITEMS) return true;
        }
      }
      return true;
    })();
    const complete = (await within(TEMPORAL_WAIT_MS, listing).catch(() => false)) ?? false;
    return { items: [...items], complete };
  }

  /** The figures /metrics exports: notes as written (no Temporal round trip per note), and overdue workflows. */
  async counts(): Promise<{ retryingActivities: number; overdueWorkflows: number }> {
    const [row] = (await this.deps.db('stuck_activities').count({ count: '*' })) as Array<{ count: number | string }>;
    return { retryingActivities: Number(row?.count ?? 0), overdueWorkflows: (await this.overdueWorkflows()).items.length };
  }
}

/** `kestrel_retrying_activities` and `kestrel_overdue_workflows`, read at each scrape. */
export function registerAttentionMetrics(registry: Registry, attention: Attention): void {
  let latest: Promise<{ retryingActivities: number; overdueWorkflows: number }> | undefined;
  // Both gauges are read in one scrape: one look at the database and Temporal serves both.
  const read = () => (latest ??= attention.counts().finally(() => setTimeout(() => (latest = undefined), 1_000).unref()));
  new Gauge({
    name: 'kestrel_retrying_activities',
    help: 'Activities still retrying after ATTENTION_AFTER_ATTEMPTS failed attempts',
    registers: [registry],
    async collect() {
      // Unknown while the database is unreachable: the last figure stays (/readyz says why).
      const counts = await read().catch(() => undefined);
      if (counts) this.set(counts.retryingActivities);
    },
  });
  new Gauge({
    name: 'kestrel_overdue_workflows',
    help: 'Running workflows of short-lived types that have run longer than their type should take',
    registers: [registry],
    async collect() {
      const counts = await read().catch(() => undefined);
      if (counts) this.set(counts.overdueWorkflows);
    },
  });
}

export function adminAttentionRoutes(attention: Attention): AdminRouter {
  return new AdminRouter().endpoint(
    {
      method: 'get',
      path: '/attention',
      access: { permission: 'tenants:read' },
      summary: 'Work that needs attention: activities still retrying after several failed attempts, and workflows running longer than they should',
      responses: {
        200: {
          description: 'Retrying activities first (oldest first), then overdue workflows',
          schema: z.object({ items: z.array(itemSchema), complete: z.boolean().describe('False when Temporal did not answer in time and the list may be short') }),
        },
      },
    },
    async (_input, _req, res) => {
      const [activities, overdue] = await Promise.all([attention.retryingActivities(), attention.overdueWorkflows()]);
      res.json({ items: [...activities, ...overdue.items], complete: overdue.complete });
    },
  );
}
