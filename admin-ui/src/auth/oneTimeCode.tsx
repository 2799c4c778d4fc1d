import { TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import { problemKind, problemOf, statusOf } from '../http/problem';
import { SignInError } from './authProvider';

/**
 * The field for a code texted to the phone: digits, offered by the phone's keyboard and
 * its "from Messages" suggestion (`one-time-code`).
 */
export function CodeField({ value, onChange, autoFocus = true, error }: { value: string; onChange: (code: string) => void; autoFocus?: boolean; error?: string }) {
  const translate = useTranslate();
  return (
    <TextField
      id="code"
      name="code"
      label={translate('kestrel.account.code')}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/[^\d\s]/g, '').slice(0, 12))}
      autoComplete="one-time-code"
      autoFocus={autoFocus}
      error={Boolean(error)}
      helperText={error}
      fullWidth
      slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9 ]*', 'data-testid': 'code-input' } }}
    />
  );
}

/** Whether enough of a code is typed to be worth checking. */
export const codeTyped = (code: string) => code.replace(/\s/g, '').length >= 4;

/** What went wrong with a code, or with texting one. */
export interface CodeProblem {
  /** A translation key. */
  message: string;
  args?: Record<string, unknown>;
  /** The code cannot work any more (expired, or too many wrong tries): a new one is needed. */
  needsNewCode: boolean;
  /** A two-step sign-in no longer waits for a code: it starts again with the password. */
  signInAgain?: boolean;
  /** There is no phone to text (or none verified): a number must be given. */
  needsPhone?: boolean;
}

/** A refusal of `otp/send`, `otp/verify` or `login/otp`, in the page's words. */
export function codeProblemOf(error: unknown): CodeProblem {
  const kind = error instanceof SignInError ? error.kind : problemKind(error);
  const status = error instanceof SignInError ? error.status : statusOf(error);
  const attemptsLeft = error instanceof SignInError ? error.attemptsLeft : problemOf(error)?.attempts_left;
  const detail = error instanceof Error ? error.message : '';
  switch (kind) {
    case 'otp-invalid':
      return attemptsLeft === undefined
        ? { message: 'kestrel.account.code_wrong', needsNewCode: false }
        : { message: 'kestrel.account.code_wrong_left', args: { smart_count: attemptsLeft }, needsNewCode: attemptsLeft <= 0 };
    case 'otp-expired':
      return { message: 'kestrel.account.code_expired', needsNewCode: true };
    case 'otp-exhausted':
      return { message: 'kestrel.account.code_exhausted', needsNewCode: true };
    case 'otp-used':
      return { message: 'kestrel.account.code_used', needsNewCode: true };
    case 'sms-failed':
      return { message: 'kestrel.account.sms_failed', needsNewCode: true };
    case 'challenge-invalid':
      return { message: 'kestrel.auth.challenge_gone', needsNewCode: true, signInAgain: true };
    case 'phone-missing':
      return { message: 'kestrel.account.phone_missing', needsNewCode: false, needsPhone: true };
    case 'phone-unverified':
      return { message: 'kestrel.account.phone_unverified', needsNewCode: false, needsPhone: true };
  }
  if (status === 429) return { message: 'kestrel.account.code_too_many', args: { reason: detail }, needsNewCode: false };
  if (status === 409) return { message: 'kestrel.account.phone_missing', needsNewCode: false, needsPhone: true };
  return { message: 'kestrel.account.code_failed', args: { reason: detail }, needsNewCode: false };
}
