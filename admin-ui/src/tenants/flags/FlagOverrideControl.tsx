import { ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useTranslate } from 'react-admin';

type Choice = 'follow' | 'on' | 'off';
const choiceOf = (override: boolean | null): Choice => (override === null ? 'follow' : override ? 'on' : 'off');
const overrideOf = (choice: Choice): boolean | null => (choice === 'follow' ? null : choice === 'on');

/** The tenant's override: none (follow the rollout and the default), or forced on or off. */
export function FlagOverrideControl({ name, override, disabled, onChange }: { name: string; override: boolean | null; disabled?: boolean; onChange: (override: boolean | null) => void }) {
  const translate = useTranslate();
  return (
    <ToggleButtonGroup
      exclusive
      size="small"
      color="primary"
      value={choiceOf(override)}
      disabled={disabled}
      onChange={(_event, choice: Choice | null) => {
        if (choice) onChange(overrideOf(choice));
      }}
      aria-label={translate('kestrel.flags.override_for', { name })}
      data-testid="flag-override"
    >
      <ToggleButton value="follow">{translate('kestrel.flags.follow')}</ToggleButton>
      <ToggleButton value="on">{translate('kestrel.flags.force_on')}</ToggleButton>
      <ToggleButton value="off">{translate('kestrel.flags.force_off')}</ToggleButton>
    </ToggleButtonGroup>
  );
}
