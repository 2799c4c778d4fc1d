import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { Alert, Button, LinearProgress, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useNotify, usePermissions, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { CodeSent } from '../account/accountRecord';
import type { KestrelDataProvider } from '../dataProvider';
import { formatDateTime } from '../format';
import { invalidFieldsOf } from '../http/problem';
import { phone as phoneProblem } from '../signup/validators';
import type { Permissions } from './authProvider';
import { BusyButton } from './BusyButton';
import { CodeField, codeProblemOf, codeTyped, type CodeProblem } from './oneTimeCode';
import { AccountLinks, PublicPage } from './PublicPage';
import { useRefreshMe } from './useRefreshMe';

/** Text a code, then enter it: the phone is verified once the code is right. A number of one's own may be given instead. */
function VerifyPhone({ phone }: { phone: string | null | undefined }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const refreshMe = useRefreshMe();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [sent, setSent] = useState<CodeSent>();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<CodeProblem>();
  // Without a phone on the account, or when asked, the person gives the number to verify.
  const [otherNumber, setOtherNumber] = useState(!phone);
  const [number, setNumber] = useState('');
  const [numberError, setNumberError] = useState<string>();

  const send = useMutation({
    mutationFn: () => dataProvider.sendCode('verify_phone', otherNumber ? number : undefined),
    onMutate: () => {
      setProblem(undefined);
      setNumberError(undefined);
    },
    onSuccess: (answer) => {
      setSent(answer);
      setCode('');
    },
    onError: (error) => {
      const invalid = invalidFieldsOf(error)?.phone;
      if (invalid) setNumberError(invalid);
      else {
        const found = codeProblemOf(error);
        setProblem(found);
        if (found.needsPhone) setOtherNumber(true);
      }
    },
  });
  const verify = useMutation({
    mutationFn: (entered: string) => dataProvider.verifyCode('verify_phone', entered),
    onMutate: () => setProblem(undefined),
    onSuccess: async () => {
      await refreshMe();
      notify('kestrel.account.phone_verified', { type: 'success' });
      navigate('/');
    },
    onError: (error) => {
      setProblem(codeProblemOf(error));
      setCode('');
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate(code);
  };
  const askCode = (event?: FormEvent) => {
    event?.preventDefault();
    send.mutate();
  };

  const destination = sent?.destination ?? phone ?? '';
  const numberInvalid = otherNumber && (!number.trim() || phoneProblem(number, {}, {} as never) !== undefined);
  return (
    <>
      {sent ? (
        <Typography variant="body2" color="text.secondary" data-testid="phone-destination">
          {translate('kestrel.account.code_sent', { destination, at: formatDateTime(sent.expires_at) })}
        </Typography>
      ) : (
        !otherNumber && (
          <Typography variant="body2" color="text.secondary" data-testid="phone-destination">
            {translate('kestrel.account.code_will_go', { destination })}
          </Typography>
        )
      )}
      {problem && (
        <Alert severity={problem.needsNewCode || problem.needsPhone ? 'warning' : 'error'} data-testid="code-problem">
          {translate(problem.message, problem.args)}
        </Alert>
      )}
      {sent && !problem?.needsNewCode ? (
        <form onSubmit={submit} noValidate>
          <Stack spacing={2}>
            <CodeField value={code} onChange={setCode} />
            <BusyButton type="submit" busy={verify.isPending} disabled={!codeTyped(code)}>
              {translate('kestrel.account.verify')}
            </BusyButton>
            <Button size="small" onClick={() => send.mutate()} disabled={send.isPending}>
              {translate('kestrel.account.send_new_code')}
            </Button>
          </Stack>
        </form>
      ) : (
        <form onSubmit={askCode} noValidate>
          <Stack spacing={2}>
            {otherNumber && (
              <TextField
                id="phone"
                name="phone"
                type="tel"
                label={translate('kestrel.account.phone_number')}
                helperText={numberError ?? translate('kestrel.account.phone_number_help')}
                error={Boolean(numberError)}
                value={number}
                onChange={(e) => setNumber(e.target.value)}
                autoComplete="tel"
                autoFocus
                fullWidth
              />
            )}
            <BusyButton type="submit" busy={send.isPending} disabled={numberInvalid} data-testid="send-code">
              {translate(sent ? 'kestrel.account.send_new_code' : 'kestrel.account.text_me_a_code')}
            </BusyButton>
          </Stack>
        </form>
      )}
      <Stack direction="row" sx={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        {phone && !sent && (
          <Button size="small" onClick={() => setOtherNumber(!otherNumber)}>
            {translate(otherNumber ? 'kestrel.account.use_my_number' : 'kestrel.account.use_another_number', { phone })}
          </Button>
        )}
        <Button size="small" color="inherit" onClick={() => navigate('/')} sx={{ ml: 'auto' }}>
          {translate('kestrel.account.later')}
        </Button>
      </Stack>
    </>
  );
}

/**
 * `/verify-phone`: a company's person proves the phone on their account is theirs with a
 * code texted to it (the portal sends a new company's owner here after their first
 * sign-in), or verifies a number of their own. It needs their session: signed out, they
 * sign in first and come back.
 */
export function VerifyPhonePage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { permissions: me, isPending } = usePermissions<Permissions>();

  const body = () => {
    if (isPending) return <LinearProgress />;
    if (!me) {
      return (
        <>
          <Alert severity="info">{translate('kestrel.account.verify_sign_in_first')}</Alert>
          <Button variant="contained" onClick={() => navigate('/login', { state: { nextPathname: '/verify-phone', nextSearch: '' } })}>
            {translate('ra.auth.sign_in')}
          </Button>
        </>
      );
    }
    if (me.kind !== 'tenant_user') return <Alert severity="info">{translate('kestrel.account.verify_for_companies')}</Alert>;
    if (me.phone_verified) {
      return (
        <>
          <Alert severity="success" data-testid="phone-already-verified">
            {translate('kestrel.account.phone_is_verified', { phone: me.phone ?? '' })}
          </Alert>
          <Button variant="contained" onClick={() => navigate('/')}>
            {translate('kestrel.account.continue')}
          </Button>
        </>
      );
    }
    return <VerifyPhone phone={me.phone} />;
  };

  return (
    <PublicPage
      icon={<PhonelinkLockIcon />}
      title="kestrel.account.verify_phone_title"
      subheader={translate('kestrel.account.verify_phone_intro')}
      footer={me ? undefined : <AccountLinks />}
      testId="verify-phone-page"
    >
      {body()}
    </PublicPage>
  );
}
