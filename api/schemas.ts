import { z } from 'zod';
import { INDUSTRIES } from '../domain/industries';
import { dialRefusal, toE164 } from '../domain/phone';
import { POSTAL_CODE } from '../domain/service-address';
import { config } from '../lib/config';
import { text } from './storable-fields';

/** Shared request vocabulary: what a phone number, a timezone, business hours or an address look like. */

export const e164 = z.string().transform((value, ctx) => {
  const normalised = toE164(value);
  if (!normalised) {
    ctx.addIssue({ code: 'custom', message: 'expected a valid phone number, e.g. +18575550123' });
    return z.NEVER;
  }
  return normalised;
});

/** A number calls are put through to (a company's forwarding or emergency line): E.164, in DIAL_COUNTRIES, not premium-rate. */
export const dialTarget = e164.superRefine((value, ctx) => {
  const refusal = dialRefusal(value, config().DIAL_COUNTRIES);
  if (refusal) ctx.addIssue({ code: 'custom', message: refusal });
});

export { INDUSTRIES };
export const industry = z.enum(INDUSTRIES, { message: `expected one of ${INDUSTRIES.join(', ')}` });

export const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as America/New_York' },
);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time such as 08:00');
/** A day's closing time may be 24:00: open until midnight (around the clock with 00:00–24:00). */
const closing = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected a time such as 17:00 (24:00 for midnight)');
const openingHours = z
  .object({ open: clock, close: closing })
  .refine((h) => h.open < h.close, { message: 'open must be before close' })
  .nullable();

/** Opening hours per weekday (null: closed). */
export const businessHours = z.object({
  mon: openingHours.optional(),
  tue: openingHours.optional(),
  wed: openingHours.optional(),
  thu: openingHours.optional(),
  fri: openingHours.optional(),
  sat: openingHours.optional(),
  sun: openingHours.optional(),
});

const filledIn = (max: number, message: string) =>
  text(max)
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, message));

/** Where a visit is: a street and a city, and a postal code when it is known (absent: null). */
export const serviceAddress = z
  .object(
    {
      street: filledIn(200, 'expected a street, e.g. 42 Elm Street'),
      city: filledIn(100, 'expected a city or town'),
      postal_code: z
        .string()
        .trim()
        .regex(POSTAL_CODE, 'expected a postal code such as 02139')
        .transform((value) => value.toUpperCase())
        .nullable()
        .optional(),
    },
    { message: 'expected an address: { street, city, postal_code }' },
  )
  .transform((address) => ({ ...address, postal_code: address.postal_code ?? null }));
