import { Box, Divider, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { useMemo, type ReactNode } from 'react';
import {
  EditBase,
  Form,
  SaveButton,
  SelectInput,
  TextInput,
  Toolbar,
  useEditContext,
  useNotify,
  useRecordContext,
  useShowContext,
  useTranslate,
} from 'react-admin';
import { DEFAULT_CALL_SETTINGS, WEEKDAYS } from '../../catalogue';
import { SwitchInput } from '../../inputs/SwitchInput';
import { phone } from '../../signup/validators';
import type { TenantRecord } from '../tenantRecord';
import { languageChoices, modelChoices, voiceChoices, voiceSpeaksLanguage } from './agentChoices';
import { BusinessHoursInput } from './BusinessHoursInput';
import { EmergencyKeywordsInput } from './EmergencyKeywordsInput';
import { PhoneNumberPanel } from './PhoneNumberPanel';

/**
 * Only what this form edits goes to `PUT /tenants/:id`, with every weekday spelled out:
 * a closed day is null, so the stored hours are exactly what the operator sees.
 */
function toSettings(data: TenantRecord) {
  const hours = data.business_hours ?? {};
  return {
    forward_to_number: data.forward_to_number,
    emergency_phone: data.emergency_phone ?? null,
    business_hours: Object.fromEntries(
      WEEKDAYS.map((day) => {
        const h = hours[day];
        return [day, h && typeof h === 'object' ? { open: h.open, close: h.close } : null];
      }),
    ),
    ai_settings: data.ai_settings ?? {},
    is_test_mode: Boolean(data.is_test_mode),
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Stack spacing={0.5}>
      <Typography variant="subtitle1">{translate(title)}</Typography>
      {children}
    </Stack>
  );
}

/** The default shows where the field is empty: an empty field means the agent's default. */
const defaultShown = (placeholder: string) => ({ placeholder, slotProps: { inputLabel: { shrink: true } } });
/** A select left empty names the default it stands for (its empty choice) instead of showing nothing. */
const defaultSelected = { slotProps: { select: { displayEmpty: true }, inputLabel: { shrink: true } } };

function SettingsForm() {
  const translate = useTranslate();
  // The form's fields start from the record: an empty form for a moment would read as empty settings.
  const { isPending } = useEditContext();
  const voiceValidator = useMemo(() => voiceSpeaksLanguage(translate), [translate]);
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  return (
    <Form>
      <Grid container spacing={4} sx={{ p: { xs: 0, sm: 1 } }} data-testid="phone-ai-form">
        <Grid size={{ xs: 12, md: 5 }}>
          <Stack spacing={3}>
            <Section title="kestrel.phone_ai.routing">
              <TextInput source="forward_to_number" type="tel" helperText="kestrel.signup.forward_help" validate={phone} />
              <TextInput source="emergency_phone" type="tel" helperText="kestrel.phone_ai.emergency_help" validate={phone} />
            </Section>
            <Section title="kestrel.phone_ai.agent">
              <SelectInput
                source="ai_settings.language"
                label="kestrel.phone_ai.language"
                choices={languageChoices}
                emptyText={translate('kestrel.phone_ai.default_value', { value: translate(`kestrel.languages.${DEFAULT_CALL_SETTINGS.language}`) })}
                {...defaultSelected}
              />
              <SelectInput
                source="ai_settings.voice"
                label="kestrel.phone_ai.voice"
                choices={voiceChoices}
                optionText={(c: (typeof voiceChoices)[number]) => `${c.name} · ${translate(`kestrel.languages.${c.language}`)}`}
                emptyText={translate('kestrel.phone_ai.default_value', { value: DEFAULT_CALL_SETTINGS.voice.replace(/^Polly\./, '') })}
                validate={voiceValidator}
                {...defaultSelected}
              />
              <SelectInput
                source="ai_settings.model"
                label="kestrel.phone_ai.model"
                choices={modelChoices}
                translateChoice={false}
                emptyText="kestrel.phone_ai.default_model"
                helperText="kestrel.phone_ai.model_help"
                {...defaultSelected}
              />
              <TextInput
                source="ai_settings.greeting"
                label="kestrel.phone_ai.greeting"
                multiline
                minRows={2}
                helperText="kestrel.phone_ai.greeting_help"
                {...defaultShown(DEFAULT_CALL_SETTINGS.greeting)}
              />
              <TextInput
                source="ai_settings.after_hours_greeting"
                label="kestrel.phone_ai.after_hours_greeting"
                multiline
                minRows={2}
                helperText="kestrel.phone_ai.greeting_help"
                {...defaultShown(DEFAULT_CALL_SETTINGS.afterHoursGreeting)}
              />
              <TextInput source="ai_settings.custom_prompt" label="kestrel.phone_ai.custom_prompt" multiline minRows={3} helperText="kestrel.phone_ai.custom_prompt_help" />
            </Section>
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>
          <Stack spacing={3} divider={<Divider flexItem />}>
            <BusinessHoursInput />
            <EmergencyKeywordsInput />
            <SwitchInput source="is_test_mode" label="kestrel.phone_ai.sandbox_mode" helperText="kestrel.phone_ai.sandbox_mode_help" />
          </Stack>
        </Grid>
      </Grid>
      <Toolbar sx={{ mt: 2 }}>
        <SaveButton label="kestrel.phone_ai.save" />
      </Toolbar>
    </Form>
  );
}

/**
 * The form reads and saves the tenant under a query of its own: the page around it refetches
 * the tenant when the workflow moves it on (a trial ending), and that must not reset what
 * the operator is typing. A save then refreshes the page's copy.
 */
const SETTINGS_QUERY = { meta: { view: 'phone-ai' } };

/** The tenant's number, and how the agent answers it: edited in place, saved through the admin API. */
export function PhoneAiTab() {
  const record = useRecordContext<TenantRecord>();
  const { refetch } = useShowContext<TenantRecord>();
  const notify = useNotify();
  if (!record) return null;
  const saved = () => {
    notify('resources.tenants.notifications.updated', { type: 'info', messageArgs: { smart_count: 1 } });
    void refetch();
  };
  return (
    <Stack spacing={3} sx={{ width: '100%' }}>
      <PhoneNumberPanel tenant={record} />
      <Box>
        <EditBase<TenantRecord>
          resource="tenants"
          id={record.id}
          mutationMode="pessimistic"
          redirect={false}
          transform={toSettings}
          queryOptions={SETTINGS_QUERY}
          mutationOptions={{ ...SETTINGS_QUERY, onSuccess: saved }}
        >
          <SettingsForm />
        </EditBase>
      </Box>
    </Stack>
  );
}
