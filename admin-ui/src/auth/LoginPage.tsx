import LockIcon from '@mui/icons-material/Lock';
import { Alert, Box, Button, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Login, useLogin, useNotify, useTranslate } from 'react-admin';
import { useLocation } from 'react-router-dom';
import { COMPANY_NEEDED, SESSION_ENDED_PARAM, TwoStepRequired } from './authProvider';
import { BusyButton } from './BusyButton';
import { CodeField, codeProblemOf, codeTyped, type CodeProblem } from './oneTimeCode';
import { AccountLinks, ConsoleLink } from './PublicPage';

/** A two-step sign-in under way: the password was right, a code went to the phone. */
interface Challenge {
  challenge: string;
  destination: string;
}

/**
 * The second step: the code texted to the phone. A new code is a new sign-in with the
 * same e-mail and password (the page still has them), which texts one and starts over.
 */
function CodeStep({ challenge, onResend, onBack, resending }: { challenge: Challenge; onResend: () => void; onBack: (why?: CodeProblem) => void; resending: boolean }) {
  const translate = useTranslate();
  const login = useLogin();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CodeProblem>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await login({ challenge: challenge.challenge, code });
    } catch (error) {
      const found = codeProblemOf(error);
      setCode('');
      setBusy(false);
      // The sign-in no longer waits for a code (used, replaced): it starts again with the password.
      if (found.signInAgain) onBack(found);
      else setProblem(found);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="two-step-form">
      <Stack spacing={2}>
        <Typography variant="body2" color="text.secondary" data-testid="code-destination">
          {translate('kestrel.auth.two_step_sent', { destination: challenge.destination })}
        </Typography>
        {problem && (
          <Alert severity={problem.needsNewCode ? 'warning' : 'error'} data-testid="code-problem">
            {translate(problem.message, problem.args)}
          </Alert>
        )}
        {!problem?.needsNewCode && <CodeField value={code} onChange={setCode} />}
        {problem?.needsNewCode ? (
          <BusyButton busy={resending} onClick={onResend}>
            {translate('kestrel.account.send_new_code')}
          </BusyButton>
        ) : (
          <BusyButton type="submit" busy={busy} disabled={!codeTyped(code)}>
            {translate('kestrel.auth.verify_and_sign_in')}
          </BusyButton>
        )}
        <Stack direction="row" sx={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
          <Button size="small" onClick={() => onBack()}>
            {translate('kestrel.auth.use_another_account')}
          </Button>
          {!problem?.needsNewCode && (
            <Button size="small" onClick={onResend} disabled={resending}>
              {translate('kestrel.account.send_new_code')}
            </Button>
          )}
        </Stack>
      </Stack>
    </form>
  );
}

/**
 * E-mail and password, for operators and for the people of a company alike. Someone with
 * an account at several companies (the locations of one) is then asked which company;
 * someone with two-step sign-in, for the code texted to their phone.
 */
function CredentialsForm() {
  const translate = useTranslate();
  const login = useLogin();
  const notify = useNotify();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [company, setCompany] = useState('');
  const [askCompany, setAskCompany] = useState(false);
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<Challenge>();

  const signIn = async () => {
    setBusy(true);
    try {
      await login({ email, password, tenant: askCompany ? company : undefined });
    } catch (error) {
      setBusy(false);
      if (error instanceof TwoStepRequired) {
        setChallenge({ challenge: error.challenge, destination: error.destination });
        return;
      }
      const message = (error as Error).message;
      if (message === COMPANY_NEEDED) setAskCompany(true);
      notify(message, { type: message === COMPANY_NEEDED ? 'info' : 'error' });
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn();
  };

  if (challenge) {
    return (
      <CardContent>
        <Stack spacing={2} sx={{ width: 300, maxWidth: '100%' }}>
          <CodeStep
            key={challenge.challenge}
            challenge={challenge}
            resending={busy}
            onResend={() => void signIn()}
            onBack={(why) => {
              setChallenge(undefined);
              setPassword('');
              if (why) notify(why.message, { type: 'warning' });
            }}
          />
        </Stack>
      </CardContent>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <CardContent>
        <Stack spacing={2} sx={{ width: 300, maxWidth: '100%' }}>
          <Typography variant="body2" color="text.secondary">
            {translate('kestrel.auth.hint')}
          </Typography>
          <TextField id="email" name="email" type="email" label={translate('kestrel.auth.email')} value={email} onChange={(e) => setEmail(e.target.value)} autoFocus autoComplete="username" fullWidth />
          <TextField
            id="password"
            name="password"
            type="password"
            label={translate('kestrel.auth.password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            fullWidth
          />
          <Box sx={{ mt: '4px !important', textAlign: 'right', typography: 'body2' }}>
            <ConsoleLink to="/reset-password" testId="forgot-password">
              {translate('kestrel.account.forgot_password')}
            </ConsoleLink>
          </Box>
          {askCompany && (
            <TextField
              id="company"
              name="company"
              label={translate('kestrel.auth.company')}
              helperText={translate('kestrel.auth.company_help')}
              value={company}
              onChange={(e) => setCompany(e.target.value)}
              autoFocus
              fullWidth
            />
          )}
          <BusyButton type="submit" busy={busy} disabled={!email.trim() || !password || (askCompany && !company.trim())}>
            {translate('ra.auth.sign_in')}
          </BusyButton>
          <AccountLinks signIn={false} reset={false} signUp />
        </Stack>
      </CardContent>
    </form>
  );
}

/** Whose console this is, above the form. */
function ProductName() {
  const translate = useTranslate();
  return (
    <Stack spacing={0.5} sx={{ px: 2, pt: 1, textAlign: 'center' }}>
      <Typography component="h1" variant="h5" data-testid="product-name">
        {translate('kestrel.auth.product')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('kestrel.auth.tagline')}
      </Typography>
    </Stack>
  );
}

/**
 * Said when the console sent the person here because their session ended (it expired, or
 * was signed out elsewhere or revoked): without it, the sign-in page would simply appear.
 * Signing out on purpose leads here without it.
 */
function SessionEnded() {
  const translate = useTranslate();
  const ended = new URLSearchParams(useLocation().search).get(SESSION_ENDED_PARAM.name) === SESSION_ENDED_PARAM.value;
  if (!ended) return null;
  return (
    <Box sx={{ px: 2, pt: 2, width: 300, maxWidth: '100%', boxSizing: 'content-box' }}>
      <Alert severity="info" data-testid="session-ended">
        {translate('kestrel.auth.expired')}
      </Alert>
    </Box>
  );
}

export function LoginPage() {
  return (
    <Login avatarIcon={<LockIcon />} sx={{ px: 2, '& .RaLogin-card': { maxWidth: '100%' } }}>
      <ProductName />
      <SessionEnded />
      <CredentialsForm />
    </Login>
  );
}
