import { HEALTH_BANDS, INDUSTRIES, PLAN_TIERS, TENANT_STATUSES, TIMEZONES } from '../catalogue';

/** Choices for selects: ids are the API's values, names are i18n keys. */
export const statusChoices = TENANT_STATUSES.map((id) => ({ id, name: `kestrel.status.${id}` }));
export const planChoices = PLAN_TIERS.map((id) => ({ id, name: `kestrel.plans.${id}` }));
export const industryChoices = INDUSTRIES.map((id) => ({ id, name: `kestrel.industries.${id}` }));
export const timezoneChoices = TIMEZONES.map((id) => ({ id, name: `kestrel.timezones.${id}` }));
export const healthBandChoices = HEALTH_BANDS.map((id) => ({ id, name: `kestrel.health.bands.${id}` }));
