import { required, TextInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useSlugSuggestion } from './useSlugSuggestion';
import { slug } from './validators';

/** The tenant's short name, filled with a free one suggested from the company name until someone types their own. */
export function SlugInput({ label = 'kestrel.signup.fields.slug' }: { label?: string }) {
  const translate = useTranslate();
  const { suggestion, checking } = useSlugSuggestion();
  const current = useWatch({ name: 'slug' }) as string | undefined;
  return (
    <TextInput
      source="slug"
      label={label}
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
  );
}
