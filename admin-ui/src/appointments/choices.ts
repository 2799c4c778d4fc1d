/** The statuses the appointments table allows (its CHECK constraint in db/migrations/001_core.ts). */
export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'completed', 'cancelled'] as const;

export const appointmentStatusChoices = APPOINTMENT_STATUSES.map((id) => ({ id, name: `kestrel.appointment_status.${id}` }));
