import { Alert, Card, CardContent, Divider, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { useMemo, type ReactNode } from 'react';
import { EditBase, Form, SaveButton, SelectInput, TextInput, Title, Toolbar, required, useEditContext, useNotify, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { DEFAULT_CALL_SETTINGS, WEEKDAYS } from '../../catalogue';
import { SwitchInput } from '../../inputs/SwitchInput';
import { phone } from '../../signup/validators';
import { languageChoices, modelChoices, voiceChoices, voiceSpeaksLanguage } from '../../tenants/phone/agentChoices';
import { BusinessHoursInput } from '../../tenants/phone/BusinessHoursInput';
import { EmergencyKeywordsInput } from '../../tenants/phone/EmergencyKeywordsInput';
import type { TenantRecord } from '../../tenants/tenantRecord';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { PORTAL_RESOURCES, THE_COMPANY } from '../tenantDataProvider';
import { PortalDataExport } from './PortalDataExport';

/** Every weekday spelled out (a closed day is null), so the stored hours are exactly what the form shows. */
function toSettings(data: TenantRecord) {
  const hours = data.business_hours ?? {};
  return {
    ...data,
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

/** Members read the settings; owners and admins change them, and a support session only once write is granted. */
function mayChange(me: Permissions | undefined): boolean {
  if (!me) return false;
  return me.kind === 'tenant_user' ? me.role !== 'member' : Boolean(me.support_session?.can_write);
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

const defaultShown = (placeholder: string) => ({ placeholder, slotProps: { inputLabel: { shrink: true } } });
const defaultSelected = { slotProps: { select: { displayEmpty: true }, inputLabel: { shrink: true } } };
const fields = `resources.${PORTAL_RESOURCES.settings}.fields`;

function SettingsForm() {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const { isPending, error, refetch } = useEditContext();
  const voiceValidator = useMemo(() => voiceSpeaksLanguage(translate), [translate]);
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  return (
    <Form>
      {!mayChange(permissions) && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="read-only-settings">
          {translate('kestrel.portal.settings_read_only')}
        </Alert>
      )}
      <Grid container spacing={4} sx={{ p: { xs: 0, sm: 1 } }} data-testid="portal-settings-form">
        <Grid size={{ xs: 12, md: 5 }}>
          <Stack spacing={3}>
            <Section title="kestrel.portal.company">
              <TextInput source="company_name" label={`${fields}.company_name`} validate={required()} />
              <TextInput source="forward_to_number" label={`${fields}.forward_to_number`} type="tel" helperText="kestrel.signup.forward_help" validate={phone} />
              <TextInput source="emergency_phone" label={`${fields}.emergency_phone`} type="tel" helperText="kestrel.phone_ai.emergency_help" validate={phone} />
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
              <TextInput source="ai_settings.greeting" label="kestrel.phone_ai.greeting" multiline minRows={2} helperText="kestrel.phone_ai.greeting_help" {...defaultShown(DEFAULT_CALL_SETTINGS.greeting)} />
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
            {/* Test calls are not metered: only Kestrel's operators switch it. */}
            <SwitchInput source="is_test_mode" label="kestrel.phone_ai.sandbox_mode" helperText="kestrel.phone_ai.sandbox_mode_operators" disabled />
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
 * The company's own settings, on the tenant API (`GET`/`PATCH /api/v1/settings`): the
 * same fields and checks as the operator's Phone & AI form; the API's refusals show on
 * their fields (422) or as its reason (403). Below them, the company may ask for its data.
 */
export function PortalSettings() {
  const translate = useTranslate();
  const notify = useNotify();
  return (
    // On a phone the form's Save bar is fixed at the bottom of the screen: room is left for it under the last card.
    <Stack spacing={2} sx={{ mt: 2, mb: { xs: 10, sm: 4 } }}>
      <Card>
        <Title title={translate('kestrel.portal.settings')} />
        <CardContent>
          <EditBase<TenantRecord>
            resource={PORTAL_RESOURCES.settings}
            id={THE_COMPANY}
            mutationMode="pessimistic"
            redirect={false}
            transform={toSettings}
            mutationOptions={{ onSuccess: () => notify('kestrel.portal.settings_saved', { type: 'info' }) }}
          >
            <SettingsForm />
          </EditBase>
        </CardContent>
      </Card>
      <PortalDataExport />
    </Stack>
  );
}
