import { useEffect, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { suggestSlug } from './onboardingApi';

const DEBOUNCE_MS = 350;

/**
 * Asks the API for a free slug as the company name is typed, and fills the slug field
 * with it until the person types a slug of their own (a field they edited is dirty).
 */
export function useSlugSuggestion(): { suggestion?: string; checking: boolean } {
  const name = useWatch({ name: 'company_name' }) as string | undefined;
  const { setValue, getFieldState } = useFormContext();
  const [suggestion, setSuggestion] = useState<string>();
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    const trimmed = name?.trim() ?? '';
    if (trimmed.length < 2) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      setChecking(true);
      suggestSlug(trimmed, abort.signal)
        .then((slug) => {
          setSuggestion(slug);
          if (!getFieldState('slug').isDirty) setValue('slug', slug, { shouldValidate: true });
        })
        // Without a suggestion the person types a slug; the API checks it on submit.
        .catch(() => undefined)
        .finally(() => !abort.signal.aborted && setChecking(false));
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [name, getFieldState, setValue]);

  return { suggestion, checking };
}
