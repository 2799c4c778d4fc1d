import { Grid, Stack } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { ChangePasswordCard } from '../../account/ChangePasswordCard';
import { SessionsCard } from '../../account/SessionsCard';
import { TwoStepCard } from '../../account/TwoStepCard';

/** The signed-in person's own account: their password, two-step sign-in, and where they are signed in. */
export function PortalSecurity() {
  const translate = useTranslate();
  return (
    <Grid container spacing={2} sx={{ mt: 2, mb: 4 }} data-testid="portal-security">
      <Title title={translate('kestrel.portal.security')} />
      <Grid size={{ xs: 12, md: 6 }}>
        <Stack spacing={2}>
          <ChangePasswordCard />
          <TwoStepCard />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <SessionsCard />
      </Grid>
    </Grid>
  );
}
