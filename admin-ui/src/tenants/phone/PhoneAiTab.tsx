import { Box, LinearProgress, Stack } from '@mui/material';
import { EditBase, Form, SaveButton, Toolbar, useEditContext, useNotify, useRecordContext, useShowContext } from 'react-admin';
import { MessagingSettingsInputs } from '../../messaging/MessagingSettingsInputs';
import type { TenantRecord } from '../tenantRecord';
import { AgentSettingsInputs } from './AgentSettingsInputs';
import { hoursToSave } from './BusinessHoursInput';
import { PhoneNumberPanel } from './PhoneNumberPanel';

/** Only what this form edits goes to `PUT /tenants/:id`, the hours as `hoursToSave` spells them. */
function toSettings(data: TenantRecord) {
  return {
    forward_to_number: data.forward_to_number,
    emergency_phone: data.emergency_phone ?? null,
    business_hours: hoursToSave(data.business_hours),
    ai_settings: data.ai_settings ?? {},
    is_test_mode: Boolean(data.is_test_mode),
    quiet_hours_start: data.quiet_hours_start,
    quiet_hours_end: data.quiet_hours_end,
    message_rate_per_minute: data.message_rate_per_minute,
  };
}

function SettingsForm() {
  // The form's fields start from the record: an empty form for a moment would read as empty settings.
  const { isPending } = useEditContext();
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  return (
    <Form>
      <AgentSettingsInputs testId="phone-ai-form" routingTitle="kestrel.phone_ai.routing" />
      <Box sx={{ p: { xs: 0, sm: 1 }, mt: 3 }}>
        <MessagingSettingsInputs />
      </Box>
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
