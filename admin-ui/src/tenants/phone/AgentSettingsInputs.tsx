import { Divider, Grid, Stack } from '@mui/material';
import { useMemo, type ReactNode } from 'react';
import { SelectInput, TextInput, useTranslate } from 'react-admin';
import { DEFAULT_CALL_SETTINGS } from '../../catalogue';
import { SwitchInput } from '../../inputs/SwitchInput';
import { Section } from '../../sections/Section';
import { phone } from '../../signup/validators';
import { languageChoices, modelChoices, voiceChoices, voiceSpeaksLanguage } from './agentChoices';
import { BusinessHoursInput } from './BusinessHoursInput';
import { EmergencyKeywordsInput } from './EmergencyKeywordsInput';

/** The default shows where the field is empty: an empty field means the agent's default. */
const defaultShown = (placeholder: string) => ({ placeholder, slotProps: { inputLabel: { shrink: true } } });
/** A select left empty names the default it stands for (its empty choice) instead of showing nothing. */
const defaultSelected = { slotProps: { select: { displayEmpty: true }, inputLabel: { shrink: true } } };

/** What the agent says first; left empty, the default greeting it shows. */
const GreetingInput = ({ source, label, placeholder }: { source: string; label: string; placeholder: string }) => (
  <TextInput source={source} label={label} multiline minRows={2} helperText="kestrel.phone_ai.greeting_help" {...defaultShown(placeholder)} />
);

interface AgentSettingsInputsProps {
  testId: string;
  /** The title of the group that holds where calls are sent. */
  routingTitle: string;
  /** Inputs at the head of that group (the company's name, on the company's own page). */
  routingLead?: ReactNode;
  /** Words for the company's own people ("the agent treats you as open…") rather than for Kestrel's operators. */
  speaksToCompany?: boolean;
  /** Test calls are not metered, so only Kestrel's operators switch test mode: the company sees it, locked. */
  testModeLocked?: boolean;
}

/**
 * How the agent answers a tenant's number: where calls go, its language, voice, model,
 * greetings and instructions, the opening hours and the emergency keywords. Both the
 * operator's Phone & AI tab and the company's settings page edit them with these inputs,
 * inside their own form.
 */
export function AgentSettingsInputs({ testId, routingTitle, routingLead, speaksToCompany = false, testModeLocked = false }: AgentSettingsInputsProps) {
  const translate = useTranslate();
  const voiceValidator = useMemo(() => voiceSpeaksLanguage(translate), [translate]);
  return (
    <Grid container spacing={4} sx={{ p: { xs: 0, sm: 1 } }} data-testid={testId}>
      <Grid size={{ xs: 12, md: 5 }}>
        <Stack spacing={3}>
          <Section title={routingTitle}>
            {routingLead}
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
            <GreetingInput source="ai_settings.greeting" label="kestrel.phone_ai.greeting" placeholder={DEFAULT_CALL_SETTINGS.greeting} />
            <GreetingInput source="ai_settings.after_hours_greeting" label="kestrel.phone_ai.after_hours_greeting" placeholder={DEFAULT_CALL_SETTINGS.afterHoursGreeting} />
            <TextInput source="ai_settings.custom_prompt" label="kestrel.phone_ai.custom_prompt" multiline minRows={3} helperText="kestrel.phone_ai.custom_prompt_help" />
          </Section>
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, md: 7 }}>
        <Stack spacing={3} divider={<Divider flexItem />}>
          <BusinessHoursInput yours={speaksToCompany} />
          <EmergencyKeywordsInput yours={speaksToCompany} />
          <SwitchInput
            source="is_test_mode"
            label="kestrel.phone_ai.sandbox_mode"
            helperText={testModeLocked ? 'kestrel.phone_ai.sandbox_mode_operators' : 'kestrel.phone_ai.sandbox_mode_help'}
            disabled={testModeLocked}
          />
        </Stack>
      </Grid>
    </Grid>
  );
}
