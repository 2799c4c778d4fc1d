import { PasswordInput, maxLength, minLength, required, useTranslate } from 'react-admin';
import { PASSWORD_RULES } from '../catalogue';

const rules = [required(), minLength(PASSWORD_RULES.minLength, 'kestrel.account.password_too_short'), maxLength(PASSWORD_RULES.maxLength)];

/**
 * A new password, twice: the rules the API applies (lib/passwords.ts), and the second
 * field must match the first. The same two fields wherever a password is chosen: an
 * invitation's link, a reset, and the Security page.
 */
export function NewPasswordInputs({ source = 'password', autoFocus = false }: { source?: string; autoFocus?: boolean }) {
  const translate = useTranslate();
  return (
    <>
      {/* Stable ids, so password managers (and tests) find the fields. */}
      <PasswordInput
        id={source}
        source={source}
        label="kestrel.account.new_password"
        helperText={translate('kestrel.account.password_rules', { min: PASSWORD_RULES.minLength })}
        autoComplete="new-password"
        validate={rules}
        autoFocus={autoFocus}
        fullWidth
      />
      <PasswordInput
        id="password_again"
        source="password_again"
        label="kestrel.account.password_again"
        autoComplete="new-password"
        validate={[required(), (value: unknown, values: Record<string, unknown>) => (value === values[source] ? undefined : 'kestrel.account.passwords_differ')]}
        fullWidth
      />
    </>
  );
}
