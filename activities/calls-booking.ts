import { Context } from '@temporalio/activity';
import { appointmentInstant } from '../domain/appointment-time';
import { fitsOpeningHours, describeHours, type BusinessHours } from '../domain/business-hours';
import { addressColumns, bookedAddress, spokenAddress, type ServiceAddress } from '../domain/service-address';
import { Appointment, matchOrCreateContact, Tenant } from '../db/models';
import { toE164 } from '../domain/phone';
import { withTenant } from '../db/tenant-context';
import { endEnrolmentsOnBooking } from './campaigns';

/** What `book_appointment` receives from the model. */
export interface BookingRequest {
  customer_name?: string | null;
  callback_number?: string | null;
  service_type?: string | null;
  date?: string | null;
  time?: string | null;
  /** Where the visit is: house number and street, city, ZIP code (optional). */
  street?: string | null;
  city?: string | null;
  postal_code?: string | null;
  notes?: string | null;
}

export type BookingResult =
  | { ok: true; appointmentId: string; startsAt: string; when: string; address: ServiceAddress; spokenAddress: string }
  | { ok: false; error: string };

const VISIT_MINUTES = 60;
/** The longest a caller's turn waits on telling their enrolments of the booking; past it, each one's next step finds the booking itself. */
const ENROLMENT_SIGNAL_MS = 2_000;

/** The refusal of a booking without a street and a city, worded for the model to act on. */
export const MISSING_ADDRESS = 'the service address is missing; ask the caller for the service address (street and city) of the visit';

/**
 * Books the call's visit: at an address (a street and a city at least), within business
 * hours, in the future, not on top of another appointment. A call books one appointment
 * (unique by call SID): asked again, for instance after the caller changed the time or
 * the address, it moves the same row.
 */
export async function bookAppointment(tenantId: string, callSid: string, callerNumber: string, request: BookingRequest): Promise<BookingResult> {
  const booking = await withTenant(tenantId, async (trx): Promise<BookingResult> => {
    const tenant = await Tenant.query().findById(tenantId);
    if (!tenant) return { ok: false, error: 'the company could not be found' };
    const address = bookedAddress(request);
    if (!address) return { ok: false, error: MISSING_ADDRESS };
    const startsAt = appointmentInstant(request.date ?? '', request.time ?? '', new Date(), tenant.timezone);
    if (!startsAt) return { ok: false, error: 'the date or time could not be understood; ask for a day and a time' };
    if (startsAt.getTime() <= Date.now()) return { ok: false, error: 'that time has already passed; ask for a later day or time' };
    const hours = tenant.business_hours as BusinessHours;
    if (!fitsOpeningHours(hours, tenant.timezone, startsAt, VISIT_MINUTES)) {
      return { ok: false, error: `that time is outside business hours (${describeHours(hours)}); ask for another time` };
    }
    const end = new Date(startsAt.getTime() + VISIT_MINUTES * 60_000);
    // Sandbox bookings (a tenant in test mode) and real ones never stand in each other's way.
    const clash = await Appointment.query()
      .where('is_test', tenant.is_test_mode)
      .whereNot('status', 'cancelled')
      .where((q) => q.whereNull('call_sid').orWhereNot('call_sid', callSid))
      .where('starts_at', '<', end)
      .whereRaw(`starts_at + make_interval(mins => duration_minutes) > ?`, [startsAt])
      .first();
    if (clash) return { ok: false, error: 'that time is already booked; offer another time' };

    const [row] = await trx('appointments')
      .insert({
        tenant_id: tenantId,
        call_sid: callSid,
        customer_name: (request.customer_name ?? '').trim() || 'Caller',
        callback_number: (request.callback_number ?? '').trim() || callerNumber,
        service_type: request.service_type?.trim() || null,
        starts_at: startsAt,
        duration_minutes: VISIT_MINUTES,
        notes: request.notes?.trim() || null,
        ...addressColumns(address),
        status: 'scheduled',
        is_test: tenant.is_test_mode,
      })
      .onConflict('call_sid')
      .merge(['customer_name', 'callback_number', 'service_type', 'starts_at', 'notes', 'service_street', 'service_city', 'service_postal_code', 'updated_at'])
      .returning<Array<{ id: string }>>('id');
    // The customer the visit is for is one of the company's contacts (sandbox bookings make none).
    const customerPhone = toE164((request.callback_number ?? '').trim() || callerNumber);
    if (customerPhone && !tenant.is_test_mode) {
      await matchOrCreateContact(trx, { tenantId, phone: customerPhone, name: request.customer_name, source: 'appointment' });
    }
    const when = startsAt.toLocaleString('en-US', { timeZone: tenant.timezone, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' });
    return { ok: true, appointmentId: row!.id, startsAt: startsAt.toISOString(), when, address, spokenAddress: spokenAddress(address) };
  });
  // Once committed, the booking ends the caller's enrolments whose goal it reaches; it stands whether or not they could be told.
  if (booking.ok) {
    const { client, log } = Context.current();
    await client
      .withDeadline(Date.now() + ENROLMENT_SIGNAL_MS, () => endEnrolmentsOnBooking(client, { tenantId, appointmentId: booking.appointmentId }))
      .catch((error: unknown) => log.warn("the booking could not end its customer's enrolments", { error, appointmentId: booking.appointmentId }));
  }
  return booking;
}
