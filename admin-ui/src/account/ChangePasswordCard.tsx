import { Alert, Button, Card, CardContent, CardHeader, Stack } from '@mui/material';
import { useEffect, useState } from 'react';
import { Form, PasswordInput, required, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useFormContext, useFormState } from 'react-hook-form';
import type { KestrelDataProvider } from '../dataProvider';
import { fieldErrorsOf } from '../http/problem';
import { NewPasswordInputs } from '../inputs/NewPasswordInputs';

const EMPTY = { current_password: '', new_password: '', password_again: '' };

function ChangeButton() {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={isSubmitting} sx={{ alignSelf: 'flex-start' }} data-testid="change-password">
      {translate(isSubmitting ? 'kestrel.actions.running' : 'kestrel.security.change_password')}
    </Button>
  );
}

function PasswordFields({ refusal }: { refusal?: string }) {
  return (
    <Stack spacing={1} sx={{ maxWidth: 420 }}>
      {refusal && (
        <Alert severity="error" data-testid="password-change-refused">
          {refusal}
        </Alert>
      )}
      <PasswordInput id="current_password" source="current_password" label="kestrel.security.current_password" autoComplete="current-password" validate={required()} fullWidth />
      <NewPasswordInputs source="new_password" />
      <ChangeButton />
    </Stack>
  );
}

/** Clears the form once the change is saved, so the passwords do not linger in it. */
function ResetOnSuccess({ done }: { done: number }) {
  const { reset } = useFormContext();
  useEffect(() => {
    if (done) reset(EMPTY);
  }, [done, reset]);
  return null;
}

/** A new password, proven by the current one (`POST /api/auth/password`). */
export function ChangePasswordCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [refusal, setRefusal] = useState<string>();
  const [done, setDone] = useState(0);

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    try {
      await dataProvider.changePassword({ current_password: String(values.current_password), new_password: String(values.new_password) });
      notify('kestrel.security.password_changed', { type: 'success' });
      setDone((n) => n + 1);
      return undefined;
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields) return { ...fields, ...(fields.password ? { new_password: fields.password } : {}) };
      setRefusal((error as Error).message);
      return undefined;
    }
  };

  return (
    <Card data-testid="password-card">
      <CardHeader title={translate('kestrel.security.password')} subheader={translate('kestrel.security.password_intro')} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent>
        <Form record={EMPTY} defaultValues={EMPTY} onSubmit={submit} disableInvalidFormNotification>
          <ResetOnSuccess done={done} />
          <PasswordFields refusal={refusal} />
        </Form>
      </CardContent>
    </Card>
  );
}
