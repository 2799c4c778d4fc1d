import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Button, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { SignupResult } from './onboardingApi';

/** What a new customer sees once the lifecycle workflow has their sign-up. */
export function SignupConfirmation({ company, result, onAnother }: { company: string; result: SignupResult; onAnother: () => void }) {
  const translate = useTranslate();
  return (
    <Stack spacing={2} sx={{ alignItems: 'center', textAlign: 'center', py: 2 }} data-testid="signup-confirmation">
      <CheckCircleIcon color="success" sx={{ fontSize: 64 }} />
      <Typography variant="h5">{translate('kestrel.signup.done.title', { company })}</Typography>
      <Typography>{translate('kestrel.signup.done.account', { slug: result.tenant.slug })}</Typography>
      <Typography color="text.secondary">{translate('kestrel.signup.done.next')}</Typography>
      <Button onClick={onAnother}>{translate('kestrel.signup.done.another')}</Button>
    </Stack>
  );
}
