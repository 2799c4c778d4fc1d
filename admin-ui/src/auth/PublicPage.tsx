import { Avatar, Box, Card, CardContent, CardHeader, Link, Stack } from '@mui/material';
import type { ReactNode } from 'react';
import { useBasename, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';

/** Where the console is served (`/admin`), without its trailing slash. */
export const CONSOLE_BASE = import.meta.env.BASE_URL.replace(/\/+$/, '');

/**
 * A link to a page of the console. The sign-up wizard is also served outside it (at
 * `/signup`), where the router does not know the console's pages: from there the link
 * loads the page instead of routing to it.
 */
export function ConsoleLink({ to, children, testId }: { to: string; children: ReactNode; testId?: string }) {
  const inConsole = useBasename() === CONSOLE_BASE;
  return inConsole ? (
    <Link component={RouterLink} to={to} data-testid={testId}>
      {children}
    </Link>
  ) : (
    <Link href={`${CONSOLE_BASE}${to}`} data-testid={testId}>
      {children}
    </Link>
  );
}

/** The pages a signed-out person moves between: sign in, a forgotten password, sign up. */
export function AccountLinks({ signIn = true, reset = true, signUp = false }: { signIn?: boolean; reset?: boolean; signUp?: boolean }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'center', typography: 'body2' }} data-testid="account-links">
      {signIn && <ConsoleLink to="/login">{translate('kestrel.account.sign_in')}</ConsoleLink>}
      {reset && <ConsoleLink to="/reset-password">{translate('kestrel.account.forgot_password')}</ConsoleLink>}
      {signUp && <ConsoleLink to="/signup">{translate('kestrel.account.sign_up')}</ConsoleLink>}
    </Stack>
  );
}

/**
 * A page reached without a session (an e-mail's link, a forgotten password), looking
 * like the sign-in page: a card on the console's background, as wide as a phone allows.
 */
export function PublicPage({ icon, title, subheader, children, footer, testId }: { icon: ReactNode; title: string; subheader?: ReactNode; children: ReactNode; footer?: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Box
      sx={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        minHeight: '100vh',
        px: 2,
        pb: 4,
        backgroundImage: 'radial-gradient(circle at 50% 14em, #313264 0%, #00023b 60%, #00023b 100%)',
      }}
      data-testid={testId}
    >
      <Card sx={{ width: '100%', maxWidth: 420, mt: { xs: 4, sm: '6em' } }}>
        <Box sx={{ display: 'flex', justifyContent: 'center', mt: 2 }}>
          <Avatar sx={{ bgcolor: 'secondary.main' }}>{icon}</Avatar>
        </Box>
        <CardHeader title={translate(title)} subheader={subheader} sx={{ textAlign: 'center', pb: 0 }} slotProps={{ title: { component: 'h1', variant: 'h5' } }} />
        <CardContent>
          <Stack spacing={2}>{children}</Stack>
        </CardContent>
        {footer && <Box sx={{ px: 2, pb: 2 }}>{footer}</Box>}
      </Card>
    </Box>
  );
}
