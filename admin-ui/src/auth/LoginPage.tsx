import LockIcon from '@mui/icons-material/Lock';
import { Button, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Login, useLogin, useNotify, useTranslate } from 'react-admin';
import { COMPANY_NEEDED } from './authProvider';

/**
 * E-mail and password, for operators and for the people of a company alike. Someone with
 * an account at several companies (the locations of one) is then asked which company.
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await login({ email, password, tenant: askCompany ? company : undefined });
    } catch (error) {
      const message = (error as Error).message;
      if (message === COMPANY_NEEDED) setAskCompany(true);
      notify(message, { type: message === COMPANY_NEEDED ? 'info' : 'error' });
      setBusy(false);
    }
  };

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
          <Button type="submit" variant="contained" disabled={busy || !email.trim() || !password || (askCompany && !company.trim())} startIcon={busy ? <CircularProgress size={18} /> : undefined}>
            {translate('ra.auth.sign_in')}
          </Button>
        </Stack>
      </CardContent>
    </form>
  );
}

export function LoginPage() {
  return (
    <Login avatarIcon={<LockIcon />}>
      <CredentialsForm />
    </Login>
  );
}
