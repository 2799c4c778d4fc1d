import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { stringify } from 'csv-stringify/browser/esm/sync';
import { Box, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { Button, DataTable, downloadCSV, ExportButton, FilterButton, List, SearchInput, SelectInput, SimpleList, TopToolbar, useTranslate, type Exporter } from 'react-admin';
import { spreadsheetSafeCast } from '../../../domain/spreadsheet';
import { ListLoadError } from '../feedback/LoadError';
import { DateTimeField } from '../fields/DateTimeField';
import { PhoneField } from '../fields/PhoneField';
import { formatPhone } from '../format';
import { TenantFilter } from '../inputs/TenantFilter';
import { ErasedChip } from './erasure/ErasedChip';
import { HealthChip, HealthField } from './health/HealthChip';
import { LocationLine } from './locations/LocationLine';
import { QuickAddTenantButton } from './quickAdd/QuickAddTenantButton';
import { StatusChip, StatusField } from './StatusChip';
import { healthBandChoices, industryChoices, planChoices, statusChoices } from './choices';
import type { TenantRecord } from './tenantRecord';
import { UsageBar } from './UsageBar';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={statusChoices} />,
  <SelectInput key="plan_tier" source="plan_tier" choices={planChoices} />,
  <SelectInput key="industry" source="industry" choices={industryChoices} />,
  <SelectInput key="health_band" source="health_band" choices={healthBandChoices} />,
  <TenantFilter key="parent_tenant_id" source="parent_tenant_id" />,
];

/** The public wizard a company can fill in itself; operators open it to send or follow the link. */
function SignupLink() {
  const translate = useTranslate();
  return (
    <Button to="/signup" label={translate('kestrel.tenants.signup')}>
      <PersonAddIcon />
    </Button>
  );
}

function ListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <QuickAddTenantButton />
      <SignupLink />
      <ExportButton />
    </TopToolbar>
  );
}

function NoTenants() {
  const translate = useTranslate();
  return (
    <Stack spacing={2} sx={{ alignItems: 'center', textAlign: 'center', py: 8, px: 2, width: '100%' }} data-testid="no-tenants">
      <Typography variant="h6">{translate('kestrel.tenants.empty.title')}</Typography>
      <Typography color="text.secondary">{translate('kestrel.tenants.empty.hint')}</Typography>
      <Stack direction="row" spacing={1}>
        <QuickAddTenantButton variant="contained" />
        <SignupLink />
      </Stack>
    </Stack>
  );
}

/** One row per tenant, with what an operator reads in a spreadsheet: no JSON settings. */
const exporter: Exporter<TenantRecord> = (tenants) => {
  const rows = tenants.map((t) => ({
    company_name: t.company_name,
    slug: t.slug,
    status: t.status,
    plan_tier: t.plan_tier,
    industry: t.industry,
    owner_name: t.owner_name,
    owner_email: t.owner_email,
    phone_number: t.phone_number ?? '',
    forward_to_number: t.forward_to_number ?? '',
    calls_used: t.usage?.used ?? '',
    calls_included: t.usage?.included ?? '',
    health_score: t.health_score ?? '',
    health_band: t.health_band ?? '',
    parent_tenant_id: t.parent_tenant_id ?? '',
    trial_ends_at: t.trial_ends_at ?? '',
    created_at: t.created_at,
  }));
  downloadCSV(stringify(rows, { header: true, cast: spreadsheetSafeCast }), 'tenants');
};

const Translated = ({ prefix, value }: { prefix: string; value?: string | null }) => {
  const translate = useTranslate();
  return value ? <>{translate(`${prefix}.${value}`, { _: value })}</> : null;
};

function CompanyCell({ record }: { record: TenantRecord }) {
  return (
    <Box>
      <Typography variant="body2">{record.company_name}</Typography>
      <Typography variant="caption" color="text.secondary">
        {record.slug}
      </Typography>
      {record.erased_at && (
        <Box component="span" sx={{ ml: 1 }}>
          <ErasedChip erasedAt={record.erased_at} />
        </Box>
      )}
      <LocationLine record={record} />
    </Box>
  );
}

/** Phones get a list of cards; a table needs the width of a desk. */
function NarrowTenantList() {
  const translate = useTranslate();
  return (
    <SimpleList<TenantRecord>
      linkType="show"
      primaryText={(r) => r.company_name}
      secondaryText={(r) => (
        <Stack spacing={0.5} component="span" sx={{ display: 'flex', pt: 0.5 }}>
          <span>
            {[translate(`kestrel.plans.${r.plan_tier}`, { _: r.plan_tier }), r.phone_number ? formatPhone(r.phone_number) : translate('kestrel.tenants.no_number')].join(' · ')}
          </span>
          {r.usage && <UsageBar usage={r.usage} />}
          <LocationLine record={r} linked={false} />
        </Stack>
      )}
      tertiaryText={(r) => (
        <Stack spacing={0.5} component="span" sx={{ display: 'flex', alignItems: 'flex-end' }}>
          <StatusChip status={r.status} />
          <HealthChip score={r.health_score} band={r.health_band} />
        </Stack>
      )}
    />
  );
}

function WideTenantList() {
  return (
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="company_name" render={(r: TenantRecord) => <CompanyCell record={r} />} />
      <DataTable.Col source="status" field={StatusField} />
      <DataTable.Col source="health_score" field={HealthField} />
      <DataTable.Col source="plan_tier" render={(r: TenantRecord) => <Translated prefix="kestrel.plans" value={r.plan_tier} />} />
      <DataTable.Col source="industry" render={(r: TenantRecord) => <Translated prefix="kestrel.industries" value={r.industry} />} />
      <DataTable.Col source="phone_number" disableSort field={PhoneField} />
      <DataTable.Col source="usage" disableSort render={(r: TenantRecord) => (r.usage ? <UsageBar usage={r.usage} /> : null)} />
      <DataTable.Col source="trial_ends_at">
        <DateTimeField source="trial_ends_at" dateOnly emptyText="" />
      </DataTable.Col>
      <DataTable.Col source="created_at">
        <DateTimeField source="created_at" dateOnly />
      </DataTable.Col>
    </DataTable>
  );
}

export function TenantList() {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return (
    <List
      filters={filters}
      actions={<ListActions />}
      sort={{ field: 'created_at', order: 'DESC' }}
      perPage={25}
      exporter={exporter}
      empty={<NoTenants />}
      error={<ListLoadError />}
    >
      {narrow ? <NarrowTenantList /> : <WideTenantList />}
    </List>
  );
}
