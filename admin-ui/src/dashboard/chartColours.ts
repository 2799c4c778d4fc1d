import type { Theme } from '@mui/material';
import type { CallOutcome } from './stats';

/** The outcome chips' colours (calls/OutcomeChip.tsx), so a colour means the same on the chart and in the lists. */
export function outcomeColours(theme: Theme): Record<CallOutcome, string> {
  const { palette } = theme;
  return {
    appointment_booked: palette.success.main,
    emergency_transferred: palette.error.main,
    information: palette.info.main,
    abandoned: palette.warning.main,
    voicemail: palette.secondary.light,
    spam: palette.grey[500],
    other: palette.grey[700],
  };
}
