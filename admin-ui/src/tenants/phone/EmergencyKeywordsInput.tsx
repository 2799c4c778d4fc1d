import AddIcon from '@mui/icons-material/Add';
import { Button, Chip, FormHelperText, Stack, TextField, Typography } from '@mui/material';
import { useState, type KeyboardEvent } from 'react';
import { useInput, useTranslate } from 'react-admin';
import { get, useFormState } from 'react-hook-form';
import { DEFAULT_CALL_SETTINGS } from '../../catalogue';

const MAX_KEYWORD_LENGTH = 100;

/**
 * Words that put a caller through to a person at once. A tenant that never chose its own
 * has the platform's list, shown as such; the first change makes the list the tenant's.
 * `yours` words it for the company's own people.
 */
export function EmergencyKeywordsInput({ yours = false }: { yours?: boolean }) {
  const translate = useTranslate();
  const source = 'ai_settings.emergency_keywords';
  const { field, fieldState, formState } = useInput({ source });
  // The API names a bad keyword by its place in the list (ai_settings.emergency_keywords.2).
  const { errors } = useFormState({ name: source });
  const nested = get(errors, source) as Array<{ message?: string } | undefined> | { message?: string } | undefined;
  const error = fieldState.error?.message ?? (Array.isArray(nested) ? nested.find((e) => e?.message)?.message : nested?.message);
  const own = Array.isArray(field.value) ? (field.value as string[]) : null;
  const keywords = own ?? DEFAULT_CALL_SETTINGS.emergencyKeywords;
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string>();

  const add = () => {
    const keyword = draft.trim().replace(/\s+/g, ' ');
    if (!keyword) return;
    if (keywords.some((k) => k.toLowerCase() === keyword.toLowerCase())) {
      setDraftError('kestrel.phone_ai.keyword_exists');
      return;
    }
    // The API's bound: a keyword is a word or a short phrase.
    if (keyword.length > MAX_KEYWORD_LENGTH) {
      setDraftError('kestrel.phone_ai.keyword_too_long');
      return;
    }
    field.onChange([...keywords, keyword]);
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Enter adds the keyword instead of submitting the whole form.
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };

  return (
    <Stack spacing={1} data-testid="emergency-keywords">
      <Typography variant="subtitle2">{translate('kestrel.phone_ai.emergency_keywords')}</Typography>
      <Typography variant="body2" color="text.secondary">
        {translate(own ? 'kestrel.phone_ai.emergency_keywords_help' : yours ? 'kestrel.phone_ai.emergency_keywords_default_yours' : 'kestrel.phone_ai.emergency_keywords_default')}
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
        {keywords.map((keyword) => (
          <Chip
            key={keyword}
            label={keyword}
            color="error"
            variant="outlined"
            onDelete={field.disabled ? undefined : () => field.onChange(keywords.filter((k) => k !== keyword))}
            data-testid="keyword-chip"
          />
        ))}
      </Stack>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          label={translate('kestrel.phone_ai.new_keyword')}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setDraftError(undefined);
          }}
          onKeyDown={onKeyDown}
          disabled={field.disabled}
          error={Boolean(draftError)}
          helperText={draftError ? translate(draftError, { max: MAX_KEYWORD_LENGTH }) : undefined}
          fullWidth={false}
          margin="none"
          sx={{ width: 260, maxWidth: '100%' }}
        />
        <Button startIcon={<AddIcon />} onClick={add} disabled={field.disabled || !draft.trim()} sx={{ mt: 1 }}>
          {translate('kestrel.phone_ai.add_keyword')}
        </Button>
      </Stack>
      {error && (fieldState.isTouched || formState.isSubmitted) && <FormHelperText error>{translate(error, { _: error })}</FormHelperText>}
    </Stack>
  );
}
