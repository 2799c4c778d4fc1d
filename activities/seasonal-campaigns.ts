import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { Campaign } from '../db/models';
import { withOperatorAccess, withTenant } from '../db/tenant-context';
import { seasonOn, seasonalEnrolKey, seasonalSettings } from '../domain/campaigns';
import { localParts } from '../domain/local-time';
import { AGENT_ANSWERS } from '../domain/tenant-status';
import type { Config } from '../lib/config';
import { enrolContacts } from './campaigns';

/** One seasonal campaign in season today: its season (`YYYY-MM`) names the enrolments it makes. */
export interface DueSeason {
  tenantId: string;
  campaignId: string;
  season: string;
}

export interface SeasonBatch {
  enrolled: number;
  refused: number;
  /** The last contact of the batch, to go on after; null when the campaign has no more for this season. */
  last: string | null;
}

/**
 * The contacts a seasonal campaign reaches this season, after `after` (by id): those whose
 * last completed visit was at least `monthsSinceVisit` months ago, with no appointment since
 * (none in those months, none ahead; cancelled and sandbox ones do not count), and who are
 * neither enrolled for this season already nor in the campaign now. Opt-outs are left to
 * the enrolment, which refuses them as it refuses every opted-out contact.
 */
async function seasonalAudience(
  trx: Knex.Transaction,
  p: { tenantId: string; campaignId: string; season: string; monthsSinceVisit: number; after: string | null; limit: number },
): Promise<string[]> {
  const { rows } = await trx.raw<{ rows: Array<{ id: string }> }>(
    `with visits as (
       select a.callback_number as phone
         from appointments a
        where a.tenant_id = ? and not a.is_test and a.status <> 'cancelled' and a.callback_number is not null
        group by a.callback_number
       having max(a.starts_at) <= now() - make_interval(months => ?) and bool_or(a.status = 'completed')
     )
     select c.id
       from contacts c
       join visits v on v.phone = c.phone
      where c.tenant_id = ?
        and (?::uuid is null or c.id > ?::uuid)
        and not exists (
          select 1 from campaign_enrollments e
           where e.campaign_id = ?
             and (e.enrol_key = ? || c.id::text or (e.contact_id = c.id and e.status in ('active', 'paused'))))
      order by c.id
      limit ?`,
    [p.tenantId, p.monthsSinceVisit, p.tenantId, p.after, p.after, p.campaignId, seasonalEnrolKey(p.campaignId, p.season, ''), p.limit],
  );
  return rows.map((r) => r.id);
}

/**
 * The daily seasonal run's two steps: which seasonal campaigns are in season today (in each
 * company's own zone), and the enrolment of one campaign's contacts, a batch at a time. Both
 * can be repeated: a contact is enrolled once per season (`seasonalEnrolKey`), whoever runs
 * the season again and however often.
 */
export function seasonalCampaignActivities(config: Config) {
  return {
    /**
     * A page of the active seasonal campaigns of companies in service, after `after` (by
     * id), and those of them in season on today's date where their company is.
     */
    async dueSeasonalCampaigns(p: { after: string | null; limit: number }): Promise<{ due: DueSeason[]; last: string | null }> {
      const rows = await withOperatorAccess({ type: 'system', id: 'seasonal-campaigns' }, (trx) =>
        trx('campaigns as c')
          .join('tenants as t', 't.id', 'c.tenant_id')
          .where({ 'c.trigger': 'seasonal', 'c.status': 'active' })
          .whereIn('t.status', [...AGENT_ANSWERS])
          .whereNull('t.deleted_at')
          .modify((q) => (p.after ? q.where('c.id', '>', p.after) : q))
          .orderBy('c.id')
          .limit(p.limit)
          .select<Array<{ id: string; tenant_id: string; trigger_settings: Record<string, unknown>; timezone: string }>>('c.id', 'c.tenant_id', 'c.trigger_settings', 't.timezone'),
      );
      const now = new Date();
      const due: DueSeason[] = [];
      for (const row of rows) {
        const settings = seasonalSettings(row.trigger_settings);
        const season = settings && seasonOn(settings, localParts(now, row.timezone));
        if (season) due.push({ tenantId: row.tenant_id, campaignId: row.id, season });
      }
      return { due, last: rows.length < p.limit ? null : rows.at(-1)!.id };
    },

    /**
     * Enrols the next batch of a seasonal campaign's contacts for the season (see
     * `seasonalAudience`). A campaign paused, archived or made another kind since it was
     * listed enrols no one more; one that no longer exists is a permanent failure.
     */
    async enrolSeasonalContacts(p: DueSeason & { after: string | null; limit: number }): Promise<SeasonBatch> {
      const contactIds = await withTenant(p.tenantId, async (trx) => {
        const campaign = await Campaign.query().findById(p.campaignId);
        if (!campaign) throw ApplicationFailure.nonRetryable(`campaign ${p.campaignId} does not exist`, 'CampaignNotFound');
        const settings = campaign.trigger === 'seasonal' && campaign.status === 'active' ? seasonalSettings(campaign.trigger_settings) : undefined;
        if (!settings) return [];
        return seasonalAudience(trx, { ...p, monthsSinceVisit: settings.months_since_visit });
      });
      if (contactIds.length === 0) return { enrolled: 0, refused: 0, last: null };
      const result = await enrolContacts(Context.current().client, config, {
        tenantId: p.tenantId,
        campaignId: p.campaignId,
        contactIds,
        source: 'seasonal',
        enrolKey: (contactId) => seasonalEnrolKey(p.campaignId, p.season, contactId),
        actor: { type: 'system', id: 'campaign-trigger:seasonal' },
        cause: { season: p.season },
      });
      return { enrolled: result.enrolled.length, refused: result.refused.length, last: contactIds.length < p.limit ? null : contactIds.at(-1)! };
    },
  };
}
