import { BooleanInput, NumberInput, SelectArrayInput, SelectInput, TextInput, required, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { MAX_MONTHS_SINCE_VISIT } from '../../../../domain/campaigns';
import { goalChoices, monthChoices, triggerChoices } from './choices';

/** The help under "months since the last visit" names the number typed, while it is one the API takes. */
function MonthsSinceVisitHelp() {
  const translate = useTranslate();
  const months = useWatch({ name: 'trigger_settings.months_since_visit' }) as unknown;
  const taken = Number.isInteger(months) && (months as number) >= 1 && (months as number) <= MAX_MONTHS_SINCE_VISIT;
  return <>{translate(taken ? 'kestrel.campaigns.months_since_visit_help' : 'kestrel.campaigns.months_since_visit_help_any', { smart_count: months })}</>;
}

/**
 * A seasonal campaign names its months, the day of each it enrols on and whom it reaches; the
 * other triggers take none. The day's and the months' ranges are the API's to check: its
 * refusal is shown on the field.
 */
function SeasonalSettings() {
  const trigger = useWatch({ name: 'trigger' }) as string;
  if (trigger !== 'seasonal') return null;
  return (
    <>
      <SelectArrayInput source="trigger_settings.months" label="kestrel.campaigns.months" choices={monthChoices} validate={required()} helperText={false} fullWidth />
      <NumberInput
        source="trigger_settings.day"
        label="kestrel.campaigns.day"
        validate={required()}
        helperText="kestrel.campaigns.day_help"
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'season-day' } }}
      />
      <NumberInput
        source="trigger_settings.months_since_visit"
        label="kestrel.campaigns.months_since_visit"
        validate={required()}
        helperText={<MonthsSinceVisitHelp />}
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'season-months-since-visit' } }}
      />
    </>
  );
}

/** A campaign's name, how contacts come in, and what ends their enrolment: one set of fields for the new campaign and its settings. */
export function CampaignInputs() {
  return (
    <>
      <TextInput source="name" label="resources.my-campaigns.fields.name" validate={required()} helperText={false} fullWidth />
      <SelectInput source="trigger" label="resources.my-campaigns.fields.trigger" choices={triggerChoices} validate={required()} helperText="kestrel.campaigns.trigger_help" fullWidth />
      <SeasonalSettings />
      <SelectInput source="goal" label="resources.my-campaigns.fields.goal" choices={goalChoices} validate={required()} helperText="kestrel.campaigns.goal_help" fullWidth />
      <BooleanInput source="exit_on_reply" label="resources.my-campaigns.fields.exit_on_reply" helperText="kestrel.campaigns.exit_on_reply_help" />
    </>
  );
}
