import { Box, FormHelperText, Slider, Stack, TextField, Typography } from '@mui/material';
import { InputHelperText, maxValue, minValue, number, required, useInput, useTranslate } from 'react-admin';

const validate = [required(), number(), minValue(0), maxValue(100)];
const MARKS = [0, 10, 25, 50, 75, 100].map((value) => ({ value }));

/**
 * The share of tenants that get the flag, 0–100: a slider for whole percents, and a
 * number beside it for hundredths (the API takes two decimals). Errors, the API's
 * included, show under both.
 */
export function RolloutInput({ source = 'rollout_percentage' }: { source?: string }) {
  const translate = useTranslate();
  const { field, fieldState, id } = useInput({ source, defaultValue: 0, validate });
  const value = typeof field.value === 'number' ? field.value : Number(field.value) || 0;
  const error = fieldState.invalid ? fieldState.error?.message : undefined;
  const labelId = `${id}-label`;
  return (
    <Stack spacing={0.5} sx={{ width: '100%', maxWidth: 560 }} data-testid="rollout-input">
      <Typography id={labelId} variant="body2" color={error ? 'error' : 'text.secondary'}>
        {translate('resources.feature-flags.fields.rollout_percentage')}
      </Typography>
      <Stack direction="row" spacing={3} sx={{ alignItems: 'center', minWidth: 0 }}>
        <Slider
          value={Math.max(0, Math.min(100, value))}
          onChange={(_event, next) => field.onChange(next as number)}
          onBlur={field.onBlur}
          min={0}
          max={100}
          step={1}
          marks={MARKS}
          valueLabelDisplay="auto"
          valueLabelFormat={(v) => `${v}%`}
          aria-labelledby={labelId}
          color={error ? 'error' : 'primary'}
          sx={{ flex: 1, minWidth: 120, ml: 1 }}
        />
        <Box sx={{ width: 110, flexShrink: 0 }}>
          <TextField
            id={id}
            type="number"
            size="small"
            label="%"
            value={field.value ?? ''}
            onChange={(e) => field.onChange(e.target.value === '' ? null : Number(e.target.value))}
            onBlur={field.onBlur}
            inputRef={field.ref}
            error={Boolean(error)}
            slotProps={{ htmlInput: { min: 0, max: 100, step: 0.01, 'aria-labelledby': labelId } }}
            fullWidth
          />
        </Box>
      </Stack>
      <FormHelperText error={Boolean(error)} component="div" data-testid="rollout-helper">
        <InputHelperText error={error} helperText={translate('kestrel.flags.rollout_help')} />
      </FormHelperText>
    </Stack>
  );
}
