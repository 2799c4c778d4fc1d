import { COMMON_VARIABLES, templateVariables } from './messaging';

/**
 * Drip campaigns: a campaign's ordered steps, each a text sent a delay after the one
 * before (the first, after enrolment), on a condition; who is enrolled, how, and why an
 * enrolment ends. Pure: the API, the enrolment workflow and the console share these rules.
 */

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * How contacts come into a campaign besides by hand or by CSV: a call the agent summed up
 * as `information` (an estimate follow-up), an appointment marked completed (a review
 * request), or the season (maintenance reminders, by month).
 */
export const CAMPAIGN_TRIGGERS = ['manual', 'call_information', 'appointment_completed', 'seasonal'] as const;
export type CampaignTrigger = (typeof CAMPAIGN_TRIGGERS)[number];

/** What the campaign is for: reached, the contact's enrolment ends (`goal`). */
export const CAMPAIGN_GOALS = ['appointment_booked', 'replied', 'none'] as const;
export type CampaignGoal = (typeof CAMPAIGN_GOALS)[number];

/** When a step is sent at all, checked when it falls due (unmet: the step is skipped, the next one follows). */
export const STEP_CONDITIONS = ['none', 'no_appointment_since_enrolment', 'no_reply'] as const;
export type StepCondition = (typeof STEP_CONDITIONS)[number];

export const ENROLLMENT_STATUSES = ['active', 'paused', 'completed', 'exited', 'cancelled'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** Why an enrolment ended early: the contact said STOP, replied, reached the goal, or the company cancelled it. */
export const EXIT_REASONS = ['stop', 'reply', 'goal', 'cancelled'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** How an enrolment began. */
export const ENROLLMENT_SOURCES = ['manual', 'csv', 'call', 'appointment', 'seasonal'] as const;
export type EnrollmentSource = (typeof ENROLLMENT_SOURCES)[number];

/** What a company does to one enrolment. */
export const ENROLLMENT_ACTIONS = ['pause', 'resume', 'cancel'] as const;
export type EnrollmentAction = (typeof ENROLLMENT_ACTIONS)[number];

/** An enrolment still running: a step may yet be sent. */
export const isOngoing = (status: EnrollmentStatus) => status === 'active' || status === 'paused';

/** Why `action` cannot be done to an enrolment in `status`, or undefined when it can. */
export function enrollmentActionRefusal(action: EnrollmentAction, status: EnrollmentStatus): string | undefined {
  if (!isOngoing(status)) return `The enrolment has ended (${status}); it cannot be ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'cancelled'}.`;
  if (action === 'pause' && status === 'paused') return 'The enrolment is paused already.';
  if (action === 'resume' && status === 'active') return 'The enrolment is not paused.';
  return undefined;
}

/** The status an action leaves an ongoing enrolment in. */
export const statusAfter = (action: EnrollmentAction): EnrollmentStatus => (action === 'pause' ? 'paused' : action === 'resume' ? 'active' : 'cancelled');

/** The variables a step's text may use: the company's name and number and the contact's name, filled in at send time. */
export const STEP_VARIABLES: readonly string[] = [...COMMON_VARIABLES];

/** The variables a step's text names that steps do not fill. */
export const unknownStepVariables = (body: string) => templateVariables(body).filter((name) => !STEP_VARIABLES.includes(name));

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type DelayUnit = keyof typeof UNIT_MS;
const UNIT_WORDS: Record<string, DelayUnit> = {
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', wk: 'w', wks: 'w', week: 'w', weeks: 'w',
};

/** The longest wait between two steps: a year. */
export const MAX_STEP_DELAY_MS = 366 * UNIT_MS.d;

/**
 * A step's delay as written (`2d`, `3 hours`, `1 week`, `PT30S`, `P2D`, `0`) in its
 * short form (`2d`, `3h`, `1w`, `30s`, `0s`), or undefined when it is not one. Hours,
 * days and weeks are what campaigns use; seconds and minutes let a drip be tried quickly.
 */
export function normaliseDelay(written: string): string | undefined {
  const text = written.trim().toLowerCase();
  if (text === '0') return '0s';
  const iso = /^p(?:(\d+)w)?(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)?$/.exec(text);
  if (iso && text !== 'p' && text !== 'pt') {
    const [, w, d, h, m, s] = iso;
    const parts: Array<[string | undefined, DelayUnit]> = [[w, 'w'], [d, 'd'], [h, 'h'], [m, 'm'], [s, 's']];
    const given = parts.filter(([n]) => n !== undefined);
    if (given.length !== 1) return undefined; // one unit at a time: "P1DT2H" is written "26h"
    const [[n, unit]] = given as [[string, DelayUnit]];
    return withinBounds(Number(n), unit);
  }
  const plain = /^(\d+)\s*([a-z]+)$/.exec(text);
  const unit = plain ? UNIT_WORDS[plain[2]!] : undefined;
  return plain && unit ? withinBounds(Number(plain[1]), unit) : undefined;
}

const withinBounds = (n: number, unit: DelayUnit) => (Number.isSafeInteger(n) && n * UNIT_MS[unit] <= MAX_STEP_DELAY_MS ? `${n}${unit}` : undefined);

/** A normalised delay in milliseconds. */
export function delayMs(delay: string): number {
  const match = /^(\d+)([smhdw])$/.exec(delay);
  if (!match) throw new Error(`not a step delay: ${delay}`);
  return Number(match[1]) * UNIT_MS[match[2] as DelayUnit];
}

/** The idempotency key of one step's text to one enrolment: a retried or replayed step never sends twice. */
export const campaignMessageKey = (enrollmentId: string, position: number) => `campaign:${enrollmentId}:step:${position}`;

/** The one workflow of an enrolment (ids carry no personal data). */
export const campaignEnrollmentWorkflowId = (enrollmentId: string) => `campaign-enrollment-${enrollmentId}`;

/**
 * When a seasonal campaign runs and whom it reaches: on `day` (1–28, a day every month has)
 * of each of its `months` (1–12), the company's customers whose last completed visit was at
 * least `months_since_visit` months ago, with no appointment since (none in those months,
 * none booked ahead; cancelled ones do not count). The other triggers take no settings.
 */
export interface SeasonalSettings {
  months: number[];
  day: number;
  months_since_visit: number;
}

/** What a seasonal campaign that names only its months runs with: the first of the month, customers not seen for a year. */
export const SEASONAL_DEFAULTS = { day: 1, months_since_visit: 12 } as const;
/** The last day a season may start on: every month has a 28th. */
export const SEASON_LAST_DAY = 28;
/** The longest a customer may have gone without a visit to be reached: five years. */
export const MAX_MONTHS_SINCE_VISIT = 60;

/** The settings a seasonal campaign is saved with (defaults filled in, months in order, once each); undefined when `raw` names no month. */
export function seasonalSettings(raw: { months?: unknown; day?: unknown; months_since_visit?: unknown } | null | undefined): SeasonalSettings | undefined {
  const months = Array.isArray(raw?.months) ? [...new Set(raw.months.filter((m): m is number => Number.isInteger(m) && m >= 1 && m <= 12))].sort((a, b) => a - b) : [];
  if (months.length === 0) return undefined;
  const whole = (value: unknown, min: number, max: number, fallback: number) => (Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : fallback);
  return {
    months,
    day: whole(raw?.day, 1, SEASON_LAST_DAY, SEASONAL_DEFAULTS.day),
    months_since_visit: whole(raw?.months_since_visit, 1, MAX_MONTHS_SINCE_VISIT, SEASONAL_DEFAULTS.months_since_visit),
  };
}

/**
 * The season a seasonal campaign is in on the company's local date, `YYYY-MM`, or undefined
 * when it is not due. A season runs from its day to the end of its month, so a run missed on
 * the day itself (the worker down, the campaign made active on the 20th) is made up by the
 * next one that month; each contact is enrolled once per season however often it runs.
 */
export function seasonOn(settings: SeasonalSettings, local: { year: number; month: number; day: number }): string | undefined {
  if (!settings.months.includes(local.month) || local.day < settings.day) return undefined;
  return `${local.year}-${String(local.month).padStart(2, '0')}`;
}

/** One contact's enrolment in one season of a campaign: enrolled once, however often the season's run is repeated. */
export const seasonalEnrolKey = (campaignId: string, season: string, contactId: string) => `season:${campaignId}:${season}:${contactId}`;

/** The trigger cause of a visit marked completed: its customer is enrolled once per visit. */
export const completedVisitEnrolKey = (appointmentId: string) => `appointment:${appointmentId}`;

/**
 * What a step decides when it falls due, from what happened since the contact was
 * enrolled: the goal reached ends the enrolment; an unmet condition skips the step.
 */
export function stepDecision(p: {
  goal: CampaignGoal;
  condition: StepCondition;
  appointmentSinceEnrolment: boolean;
  repliedSinceEnrolment: boolean;
}): 'send' | 'skip' | 'goal' {
  if (p.goal === 'appointment_booked' && p.appointmentSinceEnrolment) return 'goal';
  if (p.goal === 'replied' && p.repliedSinceEnrolment) return 'goal';
  if (p.condition === 'no_appointment_since_enrolment' && p.appointmentSinceEnrolment) return 'skip';
  if (p.condition === 'no_reply' && p.repliedSinceEnrolment) return 'skip';
  return 'send';
}

/**
 * What a contact's text means to an enrolment: STOP ends it; any other reply reaches a
 * `replied` goal, or ends it when the campaign stops at a reply. START and HELP change nothing.
 */
export function replyExit(p: { keyword: 'stop' | 'start' | 'help' | null; goal: CampaignGoal; exitOnReply: boolean }): ExitReason | undefined {
  if (p.keyword === 'stop') return 'stop';
  if (p.keyword) return undefined;
  if (p.goal === 'replied') return 'goal';
  return p.exitOnReply ? 'reply' : undefined;
}
