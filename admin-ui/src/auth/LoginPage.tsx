import KeyIcon from '@mui/icons-material/Key';
import { Button, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Login, useLogin, useNotify, useTranslate } from 'react-admin';

/** The operator pastes the token `npm start` printed; there are no operator accounts yet. */
function TokenForm() {
  const translate = useTranslate();
  const login = useLogin();
  const notify = useNotify();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await login({ token });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <CardContent>
        <Stack spacing={2} sx={{ width: 300 }}>
          <Typography variant="body2" color="text.secondary">
            {translate('kestrel.auth.hint')}
          </Typography>
          <TextField
            id="operator-token"
            name="token"
            type="password"
            label={translate('kestrel.auth.token')}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoFocus
            autoComplete="off"
            fullWidth
          />
          <Button type="submit" variant="contained" disabled={busy || !token.trim()} startIcon={busy ? <CircularProgress size={18} /> : undefined}>
            {translate('ra.auth.sign_in')}
          </Button>
        </Stack>
      </CardContent>
    </form>
  );
}

export function LoginPage() {
  return (
    <Login avatarIcon={<KeyIcon />}>
      <TokenForm />
    </Login>
  );
}
