import { DateTimeInput, useTranslate } from 'react-admin';
import { instantOfWallTime, wallTimeIn, zoneAbbreviation } from '../../format';

const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * When the technician is expected, typed as the company's clock reads it (the customer's
 * text says it that way), whatever the zone of the person typing; the API is sent the instant.
 */
export function EtaInput({ timeZone }: { timeZone: string }) {
  const translate = useTranslate();
  return (
    <DateTimeInput
      source="eta"
      label={translate('kestrel.jobs.eta_in', { zone: zoneAbbreviation(timeZone) })}
      format={(stored: string | null) => (!stored ? '' : WALL_TIME.test(stored) ? stored : wallTimeIn(stored, timeZone))}
      parse={(local: string) => (local ? (instantOfWallTime(local, timeZone) ?? null) : null)}
      helperText="kestrel.jobs.eta_help"
      fullWidth
    />
  );
}
