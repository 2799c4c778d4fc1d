import { BooleanInput, SelectArrayInput, SelectInput, TextInput, required } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { goalChoices, monthChoices, triggerChoices } from './choices';

/** A seasonal campaign names its months; the other triggers take none. */
function Months() {
  const trigger = useWatch({ name: 'trigger' }) as string;
  if (trigger !== 'seasonal') return null;
  return <SelectArrayInput source="trigger_settings.months" label="kestrel.campaigns.months" choices={monthChoices} validate={required()} helperText={false} fullWidth />;
}

/** A campaign's name, how contacts come in, and what ends their enrolment: one set of fields for the new campaign and its settings. */
export function CampaignInputs() {
  return (
    <>
      <TextInput source="name" label="resources.my-campaigns.fields.name" validate={required()} helperText={false} fullWidth />
      <SelectInput source="trigger" label="resources.my-campaigns.fields.trigger" choices={triggerChoices} validate={required()} helperText="kestrel.campaigns.trigger_help" fullWidth />
      <Months />
      <SelectInput source="goal" label="resources.my-campaigns.fields.goal" choices={goalChoices} validate={required()} helperText="kestrel.campaigns.goal_help" fullWidth />
      <BooleanInput source="exit_on_reply" label="resources.my-campaigns.fields.exit_on_reply" helperText="kestrel.campaigns.exit_on_reply_help" />
    </>
  );
}
