import AddLocationAltIcon from '@mui/icons-material/AddLocationAlt';
import { Box, Button, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { DataTable, ReferenceField, ReferenceManyField, SimpleList, TextField, useRecordContext, useTranslate } from 'react-admin';
import { HealthField } from '../health/HealthChip';
import { StatusChip, StatusField } from '../StatusChip';
import type { TenantRecord } from '../tenantRecord';
import { AddLocationDialog } from './AddLocationDialog';

function NoLocations() {
  const translate = useTranslate();
  return <Typography color="text.secondary" sx={{ py: 2 }}>{translate('kestrel.locations.none')}</Typography>;
}

function LocationsTable() {
  const translate = useTranslate();
  return (
    <DataTable<TenantRecord> bulkActionButtons={false} rowClick="show" data-testid="locations">
      <DataTable.Col source="company_name" />
      <DataTable.Col source="slug" />
      <DataTable.Col source="status" field={StatusField} />
      <DataTable.Col source="phone_number" disableSort render={(r) => r.phone_number ?? translate('kestrel.tenants.no_number')} />
      <DataTable.Col source="health_score" field={HealthField} />
    </DataTable>
  );
}

function LocationsList() {
  const translate = useTranslate();
  return (
    <SimpleList<TenantRecord>
      linkType="show"
      primaryText={(r) => r.company_name}
      secondaryText={(r) => [r.slug, r.phone_number ?? translate('kestrel.tenants.no_number')].join(' · ')}
      tertiaryText={(r) => <StatusChip status={r.status} />}
      data-testid="locations"
    />
  );
}

/** The company's locations, each a tenant of its own; a row opens it. */
function Locations({ companyField }: { companyField: 'id' | 'parent_tenant_id' }) {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <ReferenceManyField reference="tenants" source={companyField} target="parent_tenant_id" sort={{ field: 'company_name', order: 'ASC' }} perPage={100} empty={<NoLocations />}>
      {narrow ? (
        <LocationsList />
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <LocationsTable />
        </Box>
      )}
    </ReferenceManyField>
  );
}

/**
 * A multi-location company is one tenant per location, each hanging from the company's
 * first tenant. On the company, its locations; on a location, its company and the other
 * locations. A new location can be added from either (it becomes the company's).
 */
export function LocationsTab() {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  const [adding, setAdding] = useState(false);
  if (!record) return null;
  const canAdd = !record.erased_at && record.status !== 'deleted';
  return (
    <Stack spacing={2} sx={{ py: 1 }} data-testid="locations-tab">
      {record.parent_tenant_id && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', flexWrap: 'wrap' }} data-testid="location-of">
          <Typography>{translate('kestrel.locations.location_of')}</Typography>
          <ReferenceField source="parent_tenant_id" reference="tenants" link="show">
            <TextField source="company_name" variant="body1" />
          </ReferenceField>
        </Stack>
      )}
      {canAdd && (
        <Stack direction="row">
          <Button variant="outlined" size="small" startIcon={<AddLocationAltIcon />} onClick={() => setAdding(true)} data-testid="add-location">
            {translate('kestrel.locations.add')}
          </Button>
        </Stack>
      )}
      <Locations companyField={record.parent_tenant_id ? 'parent_tenant_id' : 'id'} />
      {adding && <AddLocationDialog tenant={record} onClose={() => setAdding(false)} />}
    </Stack>
  );
}
