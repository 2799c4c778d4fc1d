import { Alert, Stack } from '@mui/material';
import { useState } from 'react';
import { Form, useLogin, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { NewPasswordInputs } from '../inputs/NewPasswordInputs';
import { SignInError, type SignIn } from './authProvider';
import { BusyButton } from './BusyButton';
import { LinkProblem } from './LinkProblem';
import { linkProblemOf, tokenExpiry, type LinkProblemKind } from './linkToken';

const NO_RECORD = {};

function Submit({ label }: { label: string }) {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <BusyButton type="submit" busy={isSubmitting} data-testid="choose-password">
      {translate(label)}
    </BusyButton>
  );
}

/**
 * A password chosen through an e-mail's single-use link: an invitation or welcome
 * (`accept-invite`), or a reset. The link's answer is a session, so the person lands
 * signed in (react-admin's login takes them home, or to verify their phone first). A
 * link that no longer works says why and offers a new one.
 */
export function ChoosePasswordForm({ via, token, submitLabel }: { via: 'invitation' | 'reset'; token: string; submitLabel: string }) {
  const translate = useTranslate();
  const login = useLogin();
  const [problem, setProblem] = useState<LinkProblemKind | undefined>(() => ((tokenExpiry(token)?.getTime() ?? Infinity) <= Date.now() ? 'token-expired' : undefined));
  const [refusal, setRefusal] = useState<string>();

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    const password = String(values.password ?? '');
    const params: SignIn = via === 'invitation' ? { invitation: token, password } : { reset: token, password };
    try {
      await login(params);
      return undefined;
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      const gone = linkProblemOf(error.kind, error.status);
      if (gone) setProblem(gone);
      else if (error.status === 422 && error.errors && !error.errors.token) return error.errors;
      else if (error.errors?.token) setProblem('token-invalid');
      else setRefusal(translate(error.message, { _: error.message }));
      return undefined;
    }
  };

  if (problem) return <LinkProblem kind={problem} />;
  return (
    <Form record={NO_RECORD} onSubmit={submit} disableInvalidFormNotification>
      <Stack spacing={1}>
        {refusal && (
          <Alert severity="error" data-testid="password-refused">
            {refusal}
          </Alert>
        )}
        <NewPasswordInputs autoFocus />
        <Submit label={submitLabel} />
      </Stack>
    </Form>
  );
}
