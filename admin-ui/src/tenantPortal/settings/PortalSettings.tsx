import { Alert, Box, Card, CardContent, LinearProgress, Stack } from '@mui/material';
import { EditBase, Form, SaveButton, TextInput, Title, Toolbar, required, useEditContext, useNotify, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { MessagingSettingsInputs } from '../../messaging/MessagingSettingsInputs';
import { SupportReadOnlyNotice } from '../../support/SupportReadOnlyNotice';
import { useSupportSession } from '../../support/useSupportSession';
import { AgentSettingsInputs } from '../../tenants/phone/AgentSettingsInputs';
import { hoursToSave } from '../../tenants/phone/BusinessHoursInput';
import type { TenantRecord } from '../../tenants/tenantRecord';
import { PORTAL_RESOURCES, THE_COMPANY } from '../tenantDataProvider';
import { PortalDataExport } from './PortalDataExport';

/** The hours as `hoursToSave` spells them, so the stored hours are exactly what the form shows. */
function toSettings(data: TenantRecord) {
  return {
    ...data,
    business_hours: hoursToSave(data.business_hours),
    ai_settings: data.ai_settings ?? {},
    is_test_mode: Boolean(data.is_test_mode),
  };
}

/** Members read the settings; owners and admins change them, and a support session only once write is granted. */
function mayChange(me: Permissions | undefined): boolean {
  if (!me) return false;
  return me.kind === 'tenant_user' ? me.role !== 'member' : Boolean(me.support_session?.can_write);
}

function SettingsForm() {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const { isPending, error, refetch } = useEditContext();
  // In a read-only support session nothing here can be changed, and it looks so.
  const { readOnly } = useSupportSession();
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  return (
    <Form disabled={readOnly}>
      <SupportReadOnlyNotice sx={{ mb: 2 }} />
      {!readOnly && !mayChange(permissions) && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="read-only-settings">
          {translate('kestrel.portal.settings_read_only')}
        </Alert>
      )}
      <AgentSettingsInputs
        testId="portal-settings-form"
        routingTitle="kestrel.portal.company"
        routingLead={<TextInput source="company_name" validate={required()} />}
        speaksToCompany
        testModeLocked
      />
      <Box sx={{ p: { xs: 0, sm: 1 }, mt: 3 }}>
        <MessagingSettingsInputs yours />
      </Box>
      <Toolbar sx={{ mt: 2 }}>
        <SaveButton label="kestrel.phone_ai.save" disabled={readOnly} />
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
