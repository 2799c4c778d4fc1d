import { ActivityFailure, continueAsNew, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DueSeason, SeasonBatch } from '../activities/seasonal-campaigns';

// About an hour of retries per step; past that the campaign is left to the next day's run (its season lasts to the month's end).
const { dueSeasonalCampaigns, enrolSeasonalContacts } = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 18 },
});

/** The Temporal Schedule that starts the daily run. */
export const SEASONAL_CAMPAIGN_SCHEDULE_ID = 'seasonal-campaigns-daily';

export interface SeasonalCampaignRunInput {
  /** Campaigns listed per page, and contacts enrolled per batch (a test makes them small to see the paging). */
  pageSize?: number;
  batchSize?: number;
  /** After continueAsNew: the page cursor, the due campaigns of that page not yet done, where the first stopped, and the counts. */
  after?: string | null;
  pending?: DueSeason[];
  contactAfter?: string | null;
  totals?: SeasonalCampaignRunResult;
}

export interface SeasonalCampaignRunResult {
  /** Seasonal campaigns in season that were run through. */
  campaigns: number;
  enrolled: number;
  /** Contacts the enrolment refused (opted out since, or enrolled meanwhile by another way). */
  refused: number;
  /** Campaigns given up after their retries: the next day's run takes them again while their season lasts. */
  failed: number;
}

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_BATCH_SIZE = 200;

/**
 * The day's seasonal campaigns: every active seasonal campaign in season in its company's
 * zone today enrols the contacts it reaches, a batch at a time. A contact is enrolled once
 * per season (the enrolment's key names the campaign, the season and the contact), so a run
 * repeated, retried or taken up again after a worker's restart enrols no one twice. One
 * campaign that keeps failing does not hold up the others.
 */
export async function seasonalCampaignRun(input: SeasonalCampaignRunInput = {}): Promise<SeasonalCampaignRunResult> {
  const totals = { ...(input.totals ?? { campaigns: 0, enrolled: 0, refused: 0, failed: 0 }) };
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  let after = input.after ?? null;
  let pending: DueSeason[] | null = input.pending ?? null;
  let contactAfter = input.contactAfter ?? null;

  for (;;) {
    if (!pending) {
      const page = await dueSeasonalCampaigns({ after, limit: pageSize });
      pending = page.due;
      after = page.last;
    }
    while (pending.length > 0) {
      const season = pending[0]!;
      try {
        for (;;) {
          const batch: SeasonBatch = await enrolSeasonalContacts({ ...season, after: contactAfter, limit: batchSize });
          totals.enrolled += batch.enrolled;
          totals.refused += batch.refused;
          if (batch.last === null) break;
          contactAfter = batch.last;
          if (workflowInfo().continueAsNewSuggested) {
            await continueAsNew<typeof seasonalCampaignRun>({ pageSize, batchSize, after, pending, contactAfter, totals });
          }
        }
        totals.campaigns++;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        log.warn('a seasonal campaign could not enrol its season', { tenantId: season.tenantId, campaignId: season.campaignId, season: season.season, error: error.cause?.message ?? error.message });
        totals.failed++;
      }
      pending = pending.slice(1);
      contactAfter = null;
    }
    pending = null;
    if (after === null) return totals;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof seasonalCampaignRun>({ pageSize, batchSize, after, totals });
  }
}
