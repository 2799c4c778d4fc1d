import { FormControlLabel, FormHelperText, Stack, Switch } from '@mui/material';
import { useInput, useTranslate } from 'react-admin';

/**
 * A setting that is on or off, bound to a boolean field. react-admin's BooleanInput hands
 * `inputRef` to FormControlLabel, which MUI 9 no longer takes (it lands on the <label> as
 * an unknown attribute); here the ref goes to the switch's input, where focus belongs.
 */
export function SwitchInput({ source, label, helperText, disabled = false }: { source: string; label: string; helperText?: string; disabled?: boolean }) {
  const translate = useTranslate();
  const { field, id } = useInput({ source, defaultValue: false });
  return (
    <Stack>
      <FormControlLabel
        control={
          <Switch
            id={id}
            checked={Boolean(field.value)}
            disabled={disabled || field.disabled}
            onChange={(e) => field.onChange(e.target.checked)}
            onBlur={field.onBlur}
            slotProps={{ input: { ref: field.ref, 'aria-describedby': helperText ? `${id}-help` : undefined } }}
          />
        }
        label={translate(label)}
      />
      {helperText && <FormHelperText id={`${id}-help`}>{translate(helperText)}</FormHelperText>}
    </Stack>
  );
}
