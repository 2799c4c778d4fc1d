import type { ReactNode } from 'react';
import { Edit, SaveButton, SelectInput, SimpleForm, TextField, TextInput, Toolbar, required, useEditContext, useTranslate } from 'react-admin';
import { PhoneField } from '../fields/PhoneField';
import { Fact, Facts } from '../sections/Facts';
import { SupportReadOnlyNotice } from '../support/SupportReadOnlyNotice';
import type { AppointmentRecord } from './appointmentRecord';
import { appointmentStatusChoices } from './choices';
import { addressFromForm } from './serviceAddress';
import { ServiceAddressInputs } from './ServiceAddressInputs';

function AppointmentTitle() {
  const translate = useTranslate();
  const { record } = useEditContext<AppointmentRecord>();
  return <>{record ? translate('kestrel.appointments.title', { customer: record.customer_name }) : ''}</>;
}

/** An appointment has no delete: a visit that will not happen is cancelled, and stays on record. */
const SaveOnly = ({ disabled }: { disabled: boolean }) => (
  <Toolbar>
    <SaveButton disabled={disabled} />
  </Toolbar>
);

/** The address inputs' blanks become what the API takes (no address: null). */
const withAddress = (data: AppointmentRecord) => ({ ...data, service_address: addressFromForm(data.service_address) });

interface AppointmentEditorProps {
  /** When the visit starts, typed in the company's zone: the operator's pages and the company's find that zone each their own way. */
  startsAtInput: ReactNode;
  /** Facts besides who booked and for what (for the operator: which company, and the call that booked it). */
  moreFacts?: ReactNode;
  /** A read-only support session: the page says so, and nothing saves. */
  readOnly?: boolean;
}

/**
 * One appointment: who booked and for what, then what may change: the status, the time
 * and place, the notes. The operator's page and the company's are this one.
 */
export function AppointmentEditor({ startsAtInput, moreFacts, readOnly = false }: AppointmentEditorProps) {
  return (
    <Edit<AppointmentRecord> title={<AppointmentTitle />} mutationMode="pessimistic" actions={false} transform={withAddress}>
      <SimpleForm toolbar={<SaveOnly disabled={readOnly} />} disabled={readOnly}>
        {readOnly && <SupportReadOnlyNotice sx={{ mb: 2 }} />}
        <Facts sx={{ mb: 2, width: '100%' }}>
          <Fact>
            <TextField source="customer_name" />
          </Fact>
          <Fact>
            <PhoneField source="callback_number" />
          </Fact>
          <Fact>
            <TextField source="service_type" emptyText="—" />
          </Fact>
          {moreFacts}
        </Facts>
        <SelectInput source="status" choices={appointmentStatusChoices} validate={required()} sx={{ width: { xs: '100%', sm: 320 } }} />
        {startsAtInput}
        <ServiceAddressInputs />
        <TextInput source="notes" multiline minRows={3} sx={{ maxWidth: 720 }} />
      </SimpleForm>
    </Edit>
  );
}
