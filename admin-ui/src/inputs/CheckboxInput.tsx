import { Checkbox, FormControlLabel } from '@mui/material';
import { useInput, useTranslate } from 'react-admin';

/** One checkbox bound to a boolean field; react-admin's BooleanInput is a switch, which reads as a setting, not a choice. */
export function CheckboxInput({ source, label }: { source: string; label: string }) {
  const translate = useTranslate();
  const { field, id } = useInput({ source, defaultValue: false });
  return (
    <FormControlLabel
      control={<Checkbox id={id} checked={Boolean(field.value)} onChange={(e) => field.onChange(e.target.checked)} onBlur={field.onBlur} />}
      label={translate(label)}
    />
  );
}
