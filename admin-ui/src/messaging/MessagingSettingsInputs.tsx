import { Stack, Typography } from '@mui/material';
import { NumberInput, TextInput, maxValue, minValue, regex, required, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { CLOCK_TIME, DEFAULT_QUIET_HOURS, MESSAGE_RATE_LIMITS } from '../../../domain/messaging';
import { Section } from '../sections/Section';

const clockTime = [required(), regex(CLOCK_TIME, 'kestrel.messaging_settings.clock_time')];
const rate = [required(), minValue(MESSAGE_RATE_LIMITS.min), maxValue(MESSAGE_RATE_LIMITS.max)];

/** Equal bounds mean no quiet hours at all: said under the inputs, so it is not a surprise. */
function QuietHoursNote({ yours }: { yours: boolean }) {
  const translate = useTranslate();
  const [start, end] = useWatch({ name: ['quiet_hours_start', 'quiet_hours_end'] }) as [string | undefined, string | undefined];
  const none = start && end && start === end;
  return (
    <Typography variant="body2" color="text.secondary" data-testid="quiet-hours-note">
      {none
        ? translate('kestrel.messaging_settings.no_quiet_hours')
        : translate(yours ? 'kestrel.messaging_settings.quiet_hours_help_yours' : 'kestrel.messaging_settings.quiet_hours_help', {
            start: start || DEFAULT_QUIET_HOURS.start,
            end: end || DEFAULT_QUIET_HOURS.end,
          })}
    </Typography>
  );
}

/**
 * When texts Kestrel starts (reminders, job updates, campaigns) may go, and how many a
 * minute the company's number sends: the company's settings page and the operator's
 * Phone & AI tab edit them with these inputs, inside their own form.
 */
export function MessagingSettingsInputs({ yours = false }: { yours?: boolean }) {
  return (
    <Section title="kestrel.messaging_settings.title" testId="messaging-settings">
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <TextInput
          source="quiet_hours_start"
          type="time"
          validate={clockTime}
          sx={{ width: 160 }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 300 } }}
        />
        <TextInput
          source="quiet_hours_end"
          type="time"
          validate={clockTime}
          sx={{ width: 160 }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 300 } }}
        />
      </Stack>
      <QuietHoursNote yours={yours} />
      <NumberInput
        source="message_rate_per_minute"
        validate={rate}
        min={MESSAGE_RATE_LIMITS.min}
        max={MESSAGE_RATE_LIMITS.max}
        step={1}
        helperText="kestrel.messaging_settings.rate_help"
        sx={{ width: 220, mt: 1 }}
      />
    </Section>
  );
}
