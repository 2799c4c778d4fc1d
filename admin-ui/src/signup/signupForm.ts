import { WEEKDAYS, type Weekday } from '../catalogue';
import { fieldErrorsOf } from '../http/problem';
import type { DayHours } from '../tenants/tenantRecord';
import type { SignupBody } from './onboardingApi';

/**
 * The wizard's form: one react-admin Form for all steps, so Back and Next keep what was
 * typed. Business hours have the API's shape (a closed day is null), the one the console's
 * business-hours input edits.
 */
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
  business_hours: Record<Weekday, DayHours>;
}

export const STEPS = ['company', 'owner', 'subdomain', 'plan', 'routing', 'review'] as const;
export type Step = (typeof STEPS)[number];
export const REVIEW = STEPS.indexOf('review');

const hourFields = ['business_hours', ...WEEKDAYS.map((d) => `business_hours.${d}`)];

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
  business_hours: Object.fromEntries(WEEKDAYS.map((d) => [d, ['sat', 'sun'].includes(d) ? null : { open: '08:00', close: '17:00' }])) as Record<Weekday, DayHours>,
};

const optional = (v: string) => (v.trim() ? v.trim() : undefined);

/** A day the form holds open (react-admin may hold a closed one as '' rather than null). */
const openHours = (day: DayHours | '' | undefined) => (day && typeof day === 'object' ? { open: day.open, close: day.close } : null);

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
    business_hours: Object.fromEntries(WEEKDAYS.map((d) => [d, openHours(v.business_hours?.[d])])),
  };
}

/**
 * The API names fields as its body does; the form has one input per day of business hours
 * (an error about a day's time goes to the day). Returns the errors keyed for the form and
 * the first step that holds one.
 */
export function serverErrorsForForm(errors: Record<string, string>): { fields: Record<string, string>; step: number } {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const day = /^business_hours\.(\w+)/.exec(key)?.[1];
    fields[day ? `business_hours.${day}` : key] = message;
  }
  const steps = Object.keys(fields).map((f) => STEPS.findIndex((s) => STEP_FIELDS[s].includes(f)));
  const known = steps.filter((i) => i >= 0);
  return { fields, step: known.length ? Math.min(...known) : REVIEW };
}

/**
 * A sign-up the API refused, told to the person: with the fields it found fault with
 * (and the first step they are on), or undefined when it named none.
 */
export function signupRefusal(
  error: unknown,
  notify: (message: string, options: { type: 'error'; messageArgs: { reason: string } }) => void,
): { fields: Record<string, string>; step: number } | undefined {
  const reason = (error as Error).message;
  const errors = fieldErrorsOf(error);
  notify(errors ? 'kestrel.signup.fix_errors' : 'kestrel.signup.failed', { type: 'error', messageArgs: { reason } });
  return errors && serverErrorsForForm(errors);
}
