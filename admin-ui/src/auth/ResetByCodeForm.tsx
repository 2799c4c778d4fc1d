import SmsIcon from '@mui/icons-material/Sms';
import { Alert, Button, Stack } from '@mui/material';
import { useState } from 'react';
import { Form, useLogin, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { NewPasswordInputs } from '../inputs/NewPasswordInputs';
import { SignInError } from './authProvider';
import { BusyButton } from './BusyButton';
import { CodeField, codeProblemOf, codeTyped, type CodeProblem } from './oneTimeCode';

const NO_RECORD = {};

function Submit({ disabled }: { disabled: boolean }) {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <BusyButton type="submit" busy={isSubmitting} disabled={disabled} data-testid="reset-with-code">
      {translate('kestrel.account.reset_submit')}
    </BusyButton>
  );
}

/**
 * The second half of a reset by text: the code texted to the account's phone and the new
 * password, on one page. The answer is a session, so the person lands signed in as with
 * the e-mailed link. A code that can no longer work offers to send a new one.
 */
export function ResetByCodeForm({ email, onNewCode, onUseLink }: { email: string; onNewCode: () => void; onUseLink: () => void }) {
  const translate = useTranslate();
  const login = useLogin();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<CodeProblem>();

  const submit = async (values: Record<string, unknown>) => {
    setProblem(undefined);
    try {
      await login({ resetCode: code, email, password: String(values.password ?? '') });
      return undefined;
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      if (error.status === 422 && error.errors?.password) return { password: error.errors.password };
      setProblem(codeProblemOf(error));
      return undefined;
    }
  };

  return (
    <Stack spacing={2}>
      <Alert severity="info" icon={<SmsIcon />} data-testid="reset-code-sent">
        {translate('kestrel.account.reset_code_sent', { email })}
      </Alert>
      <Form record={NO_RECORD} onSubmit={submit} disableInvalidFormNotification>
        <Stack spacing={1}>
          {problem && (
            <Alert severity="error" data-testid="reset-code-refused">
              {translate(problem.message, problem.args)}
            </Alert>
          )}
          <CodeField value={code} onChange={setCode} />
          <NewPasswordInputs />
          <Submit disabled={!codeTyped(code)} />
        </Stack>
      </Form>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <Button size="small" onClick={onNewCode} data-testid="send-new-reset-code">
          {translate('kestrel.account.send_new_code')}
        </Button>
        <Button size="small" onClick={onUseLink}>
          {translate('kestrel.account.email_link_instead')}
        </Button>
      </Stack>
    </Stack>
  );
}
