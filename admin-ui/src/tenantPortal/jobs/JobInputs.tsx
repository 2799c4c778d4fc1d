import { ArrayInput, SelectInput, SimpleFormIterator, TextInput } from 'react-admin';
import { LinearProgress } from '@mui/material';
import { usePortalTimeZone } from '../companyTimeZone';
import { itemStateChoices } from './choices';
import { EtaInput } from './EtaInput';

/** The technician, the arrival time and the parts: what a job's texts tell the customer. Shared by the new job and the status change. */
export function JobInputs() {
  const { timeZone } = usePortalTimeZone();
  return (
    <>
      <TextInput source="technician_name" label="resources.my-jobs.fields.technician_name" helperText="kestrel.jobs.technician_help" fullWidth />
      {timeZone ? <EtaInput timeZone={timeZone} /> : <LinearProgress sx={{ my: 3 }} />}
      <ArrayInput source="items" label="resources.my-jobs.fields.items" helperText={false}>
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" label="kestrel.jobs.item_name" helperText={false} />
          <SelectInput source="state" label="kestrel.jobs.item_state" choices={itemStateChoices} defaultValue="needed" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
}

/** Text fields emptied are no value. */
export const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
