import { Stack, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import { required, SimpleForm, TextInput, useRecordContext } from 'react-admin';
import { SwitchInput } from '../inputs/SwitchInput';
import type { FeatureFlagRecord } from './featureFlagRecord';
import { RolloutInput } from './RolloutInput';

/** A name is the flag's key in code, so it is set once, when the flag is defined. */
function FixedName() {
  const record = useRecordContext<FeatureFlagRecord>();
  return (
    <Typography variant="h6" component="p" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} data-testid="flag-name">
      {record?.name}
    </Typography>
  );
}

/**
 * A flag's definition: what it is for, its value for every tenant outside the rollout,
 * and the rollout. The name's format is the API's to check, and its refusal shows under
 * the field like every other (422, or 409 for a name taken).
 */
export function FeatureFlagForm({ creating = false, toolbar }: { creating?: boolean; toolbar?: ReactElement | false }) {
  return (
    <SimpleForm toolbar={toolbar} sx={{ maxWidth: 640 }}>
      <Stack spacing={1} sx={{ width: '100%' }}>
        {creating ? <TextInput source="name" helperText="kestrel.flags.name_help" validate={required()} autoFocus /> : <FixedName />}
        <TextInput source="description" multiline minRows={2} helperText="kestrel.flags.description_help" />
        <SwitchInput source="default" label="resources.feature-flags.fields.default" helperText="kestrel.flags.default_help" />
        <RolloutInput />
      </Stack>
    </SimpleForm>
  );
}
