import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import PhoneIcon from '@mui/icons-material/Phone';
import { Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { PhoneNumber } from '../../fields/PhoneField';
import { provisionPath } from '../provision/provisionPath';
import type { TenantRecord } from '../tenantRecord';
import { useTenantWorkflow } from '../workflow/useTenantWorkflow';

/** The number callers dial; while there is none, the way to get one (when the workflow allows it now). */
export function PhoneNumberPanel({ tenant }: { tenant: TenantRecord }) {
  const translate = useTranslate();
  const { data: state } = useTenantWorkflow(tenant.id);
  const canProvision = state?.allowedActions.includes('provisionNumber') ?? false;
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }} data-testid="phone-number-panel">
      <PhoneIcon color={tenant.phone_number ? 'primary' : 'disabled'} />
      <Stack>
        <Typography variant="body2" color="text.secondary">
          {translate('resources.tenants.fields.phone_number')}
        </Typography>
        <Typography variant="h6" component="p" data-testid="tenant-phone-number">
          {tenant.phone_number ? <PhoneNumber value={tenant.phone_number} /> : translate('kestrel.tenants.no_number')}
        </Typography>
      </Stack>
      {state?.provisioning && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <CircularProgress size={18} />
          <Typography variant="body2">{translate('kestrel.provision.in_progress')}</Typography>
        </Stack>
      )}
      {canProvision && (
        <Button component={Link} to={provisionPath(tenant.id)} startIcon={<AddIcCallIcon />} variant="outlined">
          {translate('kestrel.provision.open')}
        </Button>
      )}
    </Stack>
  );
}
