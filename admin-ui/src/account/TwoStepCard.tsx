import { Alert, Button, Card, CardContent, CardHeader, FormControlLabel, Stack, Switch, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, usePermissions, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import type { Permissions } from '../auth/authProvider';
import { useRefreshMe } from '../auth/useRefreshMe';
import type { KestrelDataProvider } from '../dataProvider';
import { statusOf } from '../http/problem';

/**
 * Two-step sign-in: with it on, signing in also asks for a code texted to the verified
 * phone. It needs one (409 otherwise), so an unverified phone is verified first.
 */
export function TwoStepCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const refreshMe = useRefreshMe();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const { permissions: me } = usePermissions<Permissions>();
  const account = me?.kind === 'tenant_user' ? me : undefined;
  // The switch moves at once; it moves back if the API refuses.
  const [wanted, setWanted] = useState<boolean>();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => dataProvider.setTwoStep(enabled),
    onSuccess: async ({ enabled }) => {
      await refreshMe();
      notify(enabled ? 'kestrel.security.two_step_on' : 'kestrel.security.two_step_off', { type: 'success' });
    },
    onSettled: () => setWanted(undefined),
  });
  const verified = Boolean(account?.phone_verified);
  const needsPhone = toggle.isError && statusOf(toggle.error) === 409;
  return (
    <Card data-testid="two-step-card">
      <CardHeader title={translate('kestrel.security.two_step')} subheader={translate('kestrel.security.two_step_intro')} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="body2" data-testid="two-step-phone">
            {account?.phone
              ? translate(verified ? 'kestrel.security.phone_verified' : 'kestrel.security.phone_unverified', { phone: account.phone })
              : translate('kestrel.security.no_phone')}
          </Typography>
          <FormControlLabel
            control={
              <Switch
                checked={wanted ?? Boolean(account?.two_step)}
                disabled={toggle.isPending || !account}
                onChange={(e) => {
                  setWanted(e.target.checked);
                  toggle.mutate(e.target.checked);
                }}
                slotProps={{ input: { 'aria-describedby': 'two-step-help' } }}
                data-testid="two-step-switch"
              />
            }
            label={translate('kestrel.security.two_step_switch')}
          />
          <Typography id="two-step-help" variant="caption" color="text.secondary">
            {translate('kestrel.security.two_step_help')}
          </Typography>
          {account && (needsPhone || !verified) && (
            <Alert
              severity={needsPhone ? 'warning' : 'info'}
              data-testid="two-step-needs-phone"
              action={
                <Button color="inherit" size="small" component={RouterLink} to="/verify-phone">
                  {translate('kestrel.account.verify_now')}
                </Button>
              }
            >
              {translate('kestrel.security.two_step_needs_phone')}
            </Alert>
          )}
          {toggle.isError && !needsPhone && <Alert severity="error">{toggle.error.message}</Alert>}
        </Stack>
      </CardContent>
    </Card>
  );
}
