import { Typography } from '@mui/material';
import { required, TextInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useSlugSuggestion } from '../useSlugSuggestion';
import { slug } from '../validators';

export function SubdomainStep() {
  const translate = useTranslate();
  const { suggestion, checking } = useSlugSuggestion();
  const current = useWatch({ name: 'slug' }) as string | undefined;
  return (
    <>
      <Typography color="text.secondary">{translate('kestrel.signup.subdomain_intro')}</Typography>
      <TextInput
        source="slug"
        label="kestrel.signup.fields.slug"
        validate={[required(), slug]}
        parse={(v: string) => v.toLowerCase()}
        helperText={
          checking
            ? 'kestrel.signup.slug_checking'
            : suggestion && suggestion !== current
              ? translate('kestrel.signup.slug_suggested', { slug: suggestion })
              : 'kestrel.signup.slug_help'
        }
        fullWidth
      />
    </>
  );
}
