import { ApplicationFailure } from '@temporalio/activity';
import { isOpenAt, type BusinessHours } from '../domain/business-hours';
import { callSettings } from '../domain/call-settings';
import { isE164 } from '../domain/phone';
import { DeadLetter, matchOrCreateContact, Tenant, UsagePeriod } from '../db/models';
import { withTenant } from '../db/tenant-context';
import type { TranscriptLine } from '../workflows/call-messages';
import { agentProfile, type AgentProfile } from './agent-profile';
import { CALL_OUTCOMES, type CallOutcome, type CallSummary } from '../domain/call-summary';

/** What the call workflow needs to know about its tenant, read once when the call starts. */
export interface CallContext {
  companyName: string;
  greeting: string;
  afterHours: boolean;
  voice: string;
  language: string;
  emergencyKeywords: string[];
  forwardTo: string | null;
  emergencyPhone: string | null;
  /** The open period's calls were used up before this call: it is answered and flagged. */
  overLimit: boolean;
  /** Test-mode tenants' calls are logged and marked, never metered. */
  isTest: boolean;
  /** For the agent's prompt at each turn. Absent from calls started before it was carried here. */
  agent?: AgentProfile;
}

export { CALL_OUTCOMES, type CallOutcome, type CallSummary };

export interface FinishedCall {
  tenantId: string;
  callSid: string;
  from: string;
  to: string;
  startedAt: string;
  endedAt: string;
  status: string;
  durationSeconds: number | null;
  transcript: TranscriptLine[];
  summary: CallSummary;
  appointmentId: string | null;
  transferredTo: string | null;
  overLimit: boolean;
  isTest: boolean;
}

/** What metering the call did: the alerts are due once per period, decided in the same transaction. */
export interface Metering {
  metered: boolean;
  periodId: string | null;
  used: number;
  limit: number | null;
  warningDue: boolean;
  limitReachedDue: boolean;
}

/** Share of the plan's calls at which the owner is warned. */
const WARNING_SHARE = 0.8;

export function callActivities() {
  return {
    async callContext(p: { tenantId: string }): Promise<CallContext> {
      return withTenant(p.tenantId, async () => {
        const tenant = await Tenant.query().findById(p.tenantId);
        if (!tenant) throw ApplicationFailure.nonRetryable(`tenant ${p.tenantId} does not exist`, 'TenantNotFound');
        const settings = callSettings(tenant.ai_settings, tenant.company_name);
        const afterHours = !isOpenAt(tenant.business_hours as BusinessHours, tenant.timezone, new Date());
        const period = await UsagePeriod.query().whereNull('closed_at').orderBy('period_start', 'desc').first();
        return {
          companyName: tenant.company_name,
          greeting: afterHours ? settings.afterHoursGreeting : settings.greeting,
          afterHours,
          voice: settings.voice,
          language: settings.language,
          emergencyKeywords: settings.emergencyKeywords,
          forwardTo: tenant.forward_to_number,
          emergencyPhone: tenant.emergency_phone,
          overLimit: !!period && period.calls_included !== null && period.calls_used >= period.calls_included,
          isTest: tenant.is_test_mode,
          agent: await agentProfile(tenant),
        };
      });
    },

    /**
     * Writes the call log (upsert by call SID) and meters the call, in one transaction.
     * The usage event is unique per call: the period's counter moves only when this run
     * inserted it, so a retried step never counts a call twice. The 80% warning and the
     * 100% alert are claimed here (their timestamps on the period), so each is due once.
     */
    async finishCall(c: FinishedCall): Promise<Metering> {
      return withTenant(c.tenantId, async (trx) => {
        const row = {
          tenant_id: c.tenantId,
          call_sid: c.callSid,
          from_number: c.from,
          to_number: c.to,
          direction: 'inbound',
          status: c.status,
          started_at: new Date(c.startedAt),
          ended_at: new Date(c.endedAt),
          duration_seconds: c.durationSeconds,
          transcript: JSON.stringify(c.transcript),
          summary: c.summary.summary,
          outcome: c.summary.outcome,
          details: JSON.stringify({
            customer_name: c.summary.customer_name,
            callback_number: c.summary.callback_number,
            service_type: c.summary.service_type,
            sentiment: c.summary.sentiment,
          }),
          appointment_id: c.appointmentId,
          transferred_to: c.transferredTo,
          over_limit: c.overLimit,
          is_test: c.isTest,
          updated_at: new Date(),
        };
        await trx('call_logs').insert(row).onConflict('call_sid').merge();
        // The caller becomes (or is matched to) one of the company's contacts; sandbox calls make none.
        if (!c.isTest && isE164(c.from)) {
          await matchOrCreateContact(trx, { tenantId: c.tenantId, phone: c.from, name: c.summary.customer_name, source: 'call' });
        }

        const none: Metering = { metered: false, periodId: null, used: 0, limit: null, warningDue: false, limitReachedDue: false };
        if (c.isTest) return none;
        const period = await UsagePeriod.query().whereNull('closed_at').orderBy('period_start', 'desc').first();
        if (!period) return none;
        const inserted = await trx('usage_events')
          .insert({ tenant_id: c.tenantId, usage_period_id: period.id, call_sid: c.callSid, units: 1, duration_seconds: c.durationSeconds })
          .onConflict('call_sid')
          .ignore()
          .returning<Array<{ id: string }>>('id');
        // Metered already (an earlier attempt of this step): the counter moved then.
        if (inserted.length === 0) return { ...none, periodId: period.id, used: period.calls_used, limit: period.calls_included };

        const [counted] = await trx('usage_periods')
          .where({ id: period.id })
          .increment('calls_used', 1)
          .returning(['calls_used', 'calls_included', 'warning_sent_at', 'over_limit_sent_at']);
        const used: number = counted.calls_used;
        const limit: number | null = counted.calls_included;
        const warningDue = limit !== null && limit > 0 && used >= Math.ceil(limit * WARNING_SHARE) && !counted.warning_sent_at;
        const limitReachedDue = limit !== null && limit > 0 && used >= limit && !counted.over_limit_sent_at;
        if (warningDue || limitReachedDue) {
          await trx('usage_periods')
            .where({ id: period.id })
            .update({
              ...(warningDue ? { warning_sent_at: new Date() } : {}),
              ...(limitReachedDue ? { over_limit_sent_at: new Date() } : {}),
            });
        }
        return { metered: true, periodId: period.id, used, limit, warningDue, limitReachedDue };
      });
    },

    /** A finishing step that failed for good, with everything needed to replay it. */
    async recordDeadLetter(d: { tenantId: string; workflowId: string; runId: string; step: string; input: Record<string, unknown>; error: string; attempts: number }): Promise<void> {
      await withTenant(d.tenantId, async () => {
        await DeadLetter.query().insert({
          tenant_id: d.tenantId,
          workflow_id: d.workflowId,
          run_id: d.runId,
          step: d.step,
          input: d.input,
          error: d.error.slice(0, 2000),
          attempts: d.attempts,
        });
      });
    },
  };
}
