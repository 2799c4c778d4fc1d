import type { ReactNode } from 'react';
import type { TranslateFunction } from 'react-admin';
import type { CampaignRecord } from './campaignsApi';
import { monthChoices } from './choices';

/**
 * A campaign's trigger in words, as parts of a line (see Parts): the trigger with its months,
 * and for a seasonal one the day it enrols on and the visit it looks back to. The portal's
 * campaign page and the operators' show the same words.
 */
export function triggerParts(translate: TranslateFunction, campaign: Pick<CampaignRecord, 'trigger' | 'trigger_settings'>): ReactNode[] {
  const { months: monthNumbers, day, months_since_visit: monthsSinceVisit } = campaign.trigger_settings;
  const months = monthNumbers?.map((m) => monthChoices[m - 1]?.name).join(', ');
  return [
    translate(`kestrel.campaign_triggers.${campaign.trigger}`) + (months ? ` (${months})` : ''),
    day !== undefined && <span data-testid="campaign-season-day">{translate('kestrel.campaigns.season_day', { day })}</span>,
    monthsSinceVisit !== undefined && <span data-testid="campaign-season-reach">{translate('kestrel.campaigns.season_reach', { smart_count: monthsSinceVisit })}</span>,
  ];
}
