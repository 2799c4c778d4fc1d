import { ApplicationFailure } from '@temporalio/activity';
import { DeadLetter } from '../db/models';
import { withOperatorAccess, withTenant } from '../db/tenant-context';
import type { CallSummary, FinishedCall, Metering } from './calls';
import type { TranscriptLine } from '../workflows/call-messages';

/** The finishing steps a dead letter can hold, as the call workflow runs them. */
export interface FinishingSteps {
  summariseCall(p: { tenantId: string; transcript: TranscriptLine[]; companyName?: string }): Promise<CallSummary>;
  finishCall(call: FinishedCall): Promise<Metering>;
}

/** Outcomes the call itself established; a summary read later does not overrule them. */
const ESTABLISHED_OUTCOMES = ['appointment_booked', 'emergency_transferred'];

const system = { type: 'system' as const, id: 'dead-letter-replay' };

export function deadLetterActivities(steps: FinishingSteps) {
  return {
    /**
     * Runs a dead letter's step again from its stored input and marks it resolved. A
     * summary is written onto the call's log (logged once already, with a placeholder);
     * a finishing step is idempotent by call SID, so the call is still logged and
     * metered once. A letter resolved already is not run twice.
     */
    async replayDeadLetter(p: { id: string }): Promise<{ tenantId: string; metering: Metering | null }> {
      const letter = await withOperatorAccess(system, () => DeadLetter.query().findById(p.id));
      if (!letter) throw ApplicationFailure.nonRetryable(`dead letter ${p.id} does not exist`, 'DeadLetterNotFound');
      if (!letter.tenant_id) throw ApplicationFailure.nonRetryable(`dead letter ${p.id} names no tenant`, 'DeadLetterInvalid');
      const tenantId = letter.tenant_id;
      if (letter.resolved_at) return { tenantId, metering: null };

      let metering: Metering | null = null;
      switch (letter.step) {
        case 'summariseCall': {
          const input = letter.input as { tenantId: string; transcript: TranscriptLine[]; companyName?: string };
          const summary = await steps.summariseCall({ tenantId, transcript: input.transcript, companyName: input.companyName });
          const callSid = letter.workflow_id.replace(/^call-/, '');
          await withTenant(tenantId, (trx) =>
            trx('call_logs')
              .where({ call_sid: callSid })
              .update({
                summary: summary.summary,
                outcome: trx.raw(`case when outcome = any(?) then outcome else ? end`, [ESTABLISHED_OUTCOMES, summary.outcome]),
                details: JSON.stringify({
                  customer_name: summary.customer_name,
                  callback_number: summary.callback_number,
                  service_type: summary.service_type,
                  sentiment: summary.sentiment,
                }),
                updated_at: new Date(),
              }),
          );
          break;
        }
        case 'finishCall':
          metering = await steps.finishCall((letter.input as { call: FinishedCall }).call);
          break;
        default:
          throw ApplicationFailure.nonRetryable(`dead letters of step ${letter.step} cannot be replayed`, 'DeadLetterInvalid');
      }
      await withTenant(tenantId, () => DeadLetter.query().findById(p.id).patch({ resolved_at: new Date(), replay_error: null }));
      return { tenantId, metering };
    },

    /** A replay that failed for good: the letter stays open, with why, to be looked at (and replayed) again. */
    async recordReplayFailure(p: { id: string; error: string }): Promise<void> {
      await withOperatorAccess(system, () => DeadLetter.query().findById(p.id).patch({ replay_error: p.error.slice(0, 2000), replayed_at: null }));
    },
  };
}
