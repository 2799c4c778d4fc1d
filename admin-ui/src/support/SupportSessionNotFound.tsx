import HomeIcon from '@mui/icons-material/Home';
import LogoutIcon from '@mui/icons-material/Logout';
import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import { Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { NotFound, Title, useTranslate } from 'react-admin';
import { useEndSupportSession, useSupportSession } from './useSupportSession';

/**
 * An address the console does not show. In a support session the console shows the
 * company's pages only, so an operator's own page (a tenant, the calls, the operators)
 * opened then says what the session is, how to end it, and leads back to the company's
 * pages, rather than a bare "Not Found". Anyone else gets react-admin's page.
 */
export function SupportSessionNotFound() {
  const translate = useTranslate();
  const { session, company } = useSupportSession();
  const { end, ending } = useEndSupportSession(session);
  if (!session) return <NotFound />;
  const named = { company: company ?? '…' };
  return (
    <Card sx={{ mt: 2, maxWidth: 720 }} data-testid="support-session-not-found">
      <Title title={translate('kestrel.support.elsewhere_title')} />
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <SupportAgentIcon color="action" />
            <Typography variant="h6" component="h1">
              {translate('kestrel.support.elsewhere_heading', named)}
            </Typography>
          </Stack>
          <Typography>{translate('kestrel.support.elsewhere_what', named)}</Typography>
          <Typography>{translate('kestrel.support.elsewhere_how', named)}</Typography>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
            <Button variant="contained" startIcon={<LogoutIcon />} onClick={end} disabled={ending}>
              {translate('kestrel.support.elsewhere_end', named)}
            </Button>
            <Button component={Link} to="/" startIcon={<HomeIcon />}>
              {translate('kestrel.support.elsewhere_back', named)}
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
