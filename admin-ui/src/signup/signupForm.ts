import { WEEKDAYS, type Weekday } from '../catalogue';
import type { SignupBody } from './onboardingApi';

/** The wizard's form: one react-admin Form for all steps, so Back and Next keep what was typed. */
export interface DayHours {
  isOpen: boolean;
  open: string;
  close: string;
}

export interface SignupValues {
  company_name: string;
  industry: string;
  timezone: string;
  owner_name: string;
  owner_email: string;
  owner_phone: string;
  slug: string;
  plan_tier: string;
  forward_to_number: string;
  emergency_phone: string;
  hours: Record<Weekday, DayHours>;
}

export const STEPS = ['company', 'owner', 'subdomain', 'plan', 'routing', 'review'] as const;
export type Step = (typeof STEPS)[number];
export const REVIEW = STEPS.indexOf('review');

const hourFields = WEEKDAYS.flatMap((d) => [`hours.${d}.open`, `hours.${d}.close`]);

/** The fields each step validates before the wizard moves on. */
export const STEP_FIELDS: Record<Step, string[]> = {
  company: ['company_name', 'industry', 'timezone'],
  owner: ['owner_name', 'owner_email', 'owner_phone'],
  subdomain: ['slug'],
  plan: ['plan_tier'],
  routing: ['forward_to_number', 'emergency_phone', ...hourFields],
  review: [],
};

/** A weekday-business default most home-service companies keep: Monday to Friday, 8 to 5. */
export const defaultSignupValues: SignupValues = {
  company_name: '',
  industry: '',
  timezone: 'America/New_York',
  owner_name: '',
  owner_email: '',
  owner_phone: '',
  slug: '',
  plan_tier: '',
  forward_to_number: '',
  emergency_phone: '',
  hours: Object.fromEntries(WEEKDAYS.map((d) => [d, { isOpen: !['sat', 'sun'].includes(d), open: '08:00', close: '17:00' }])) as Record<Weekday, DayHours>,
};

const optional = (v: string) => (v.trim() ? v.trim() : undefined);

export function toSignupBody(v: SignupValues): SignupBody {
  return {
    company_name: v.company_name.trim(),
    industry: v.industry,
    timezone: v.timezone,
    owner_name: v.owner_name.trim(),
    owner_email: v.owner_email.trim(),
    owner_phone: optional(v.owner_phone ?? ''),
    slug: optional(v.slug ?? ''),
    plan_tier: v.plan_tier,
    forward_to_number: v.forward_to_number.trim(),
    emergency_phone: optional(v.emergency_phone ?? ''),
    business_hours: Object.fromEntries(WEEKDAYS.map((d) => [d, v.hours[d].isOpen ? { open: v.hours[d].open, close: v.hours[d].close } : null])),
  };
}

/**
 * The API names fields as its body does; the form keeps business hours per input. Returns
 * the errors keyed for the form and the first step that holds one.
 */
export function serverErrorsForForm(errors: Record<string, string>): { fields: Record<string, string>; step: number } {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const day = /^business_hours\.(\w+)/.exec(key)?.[1];
    if (day) fields[`hours.${day}.close`] = message;
    else if (key === 'business_hours') fields['hours.mon.open'] = message;
    else fields[key] = message;
  }
  const steps = Object.keys(fields).map((f) => STEPS.findIndex((s) => STEP_FIELDS[s].includes(f)));
  const known = steps.filter((i) => i >= 0);
  return { fields, step: known.length ? Math.min(...known) : REVIEW };
}
