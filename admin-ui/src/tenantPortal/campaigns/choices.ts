import { CAMPAIGN_GOALS, CAMPAIGN_STATUSES, CAMPAIGN_TRIGGERS, STEP_CONDITIONS } from '../../../../domain/campaigns';

export const campaignStatusChoices = CAMPAIGN_STATUSES.map((id) => ({ id, name: `kestrel.campaign_status.${id}` }));
export const triggerChoices = CAMPAIGN_TRIGGERS.map((id) => ({ id, name: `kestrel.campaign_triggers.${id}` }));
export const goalChoices = CAMPAIGN_GOALS.map((id) => ({ id, name: `kestrel.campaign_goals.${id}` }));
export const conditionChoices = STEP_CONDITIONS.map((id) => ({ id, name: `kestrel.step_conditions.${id}` }));

const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });
export const monthChoices = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: monthName.format(new Date(Date.UTC(2001, i, 1))) }));
