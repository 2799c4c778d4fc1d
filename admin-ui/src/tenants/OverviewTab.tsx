import { Grid, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { DateField, EmailField, FunctionField, Labeled, TextField, useTranslate } from 'react-admin';
import { StatusField } from './StatusChip';
import type { TenantRecord } from './tenantRecord';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
      <Typography variant="subtitle1">{translate(title)}</Typography>
      {children}
    </Stack>
  );
}

/** A word of a vocabulary (industry, plan, time zone), by its name. */
function Translated({ source, prefix }: { source: keyof TenantRecord; prefix: string }) {
  const translate = useTranslate();
  return (
    <Labeled source={source}>
      <FunctionField<TenantRecord> source={source} render={(r) => (r[source] ? translate(`${prefix}.${String(r[source])}`, { _: String(r[source]) }) : '')} />
    </Labeled>
  );
}

/** Who the tenant is, who owns it, and how it is served, side by side on a desk and stacked on a phone. */
export function OverviewTab() {
  const translate = useTranslate();
  return (
    <Grid container spacing={3} sx={{ py: 1 }} data-testid="tenant-overview">
      <Grid size={{ xs: 12, md: 4 }}>
        <Section title="kestrel.signup.steps.company">
          <Labeled source="company_name">
            <TextField source="company_name" />
          </Labeled>
          <Labeled source="slug">
            <TextField source="slug" />
          </Labeled>
          <Labeled source="status">
            <StatusField source="status" />
          </Labeled>
          <Translated source="industry" prefix="kestrel.industries" />
          <Translated source="timezone" prefix="kestrel.timezones" />
          <Labeled source="created_at">
            <DateField source="created_at" showTime />
          </Labeled>
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <Section title="kestrel.signup.steps.owner">
          <Labeled source="owner_name">
            <TextField source="owner_name" />
          </Labeled>
          <Labeled source="owner_email">
            <EmailField source="owner_email" />
          </Labeled>
          <Labeled source="owner_phone">
            <TextField source="owner_phone" emptyText="—" />
          </Labeled>
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <Section title="kestrel.tenants.service">
          <Labeled source="phone_number">
            <TextField source="phone_number" emptyText={translate('kestrel.tenants.no_number')} />
          </Labeled>
          <Labeled source="forward_to_number">
            <TextField source="forward_to_number" emptyText="—" />
          </Labeled>
          <Translated source="plan_tier" prefix="kestrel.plans" />
          <Labeled source="is_test_mode">
            <FunctionField<TenantRecord> source="is_test_mode" render={(r) => translate(r.is_test_mode ? 'kestrel.audit.on' : 'kestrel.audit.off')} />
          </Labeled>
        </Section>
      </Grid>
    </Grid>
  );
}
