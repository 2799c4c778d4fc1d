import { Alert, AlertTitle, Grid, Typography } from '@mui/material';
import { Children, type ReactElement, type ReactNode } from 'react';
import { EmailField, FunctionField, Labeled, TextField, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField } from '../fields/DateTimeField';
import { PhoneField } from '../fields/PhoneField';
import { formatDateTime, formatPhone } from '../format';
import { BusinessHoursField } from './phone/BusinessHoursField';
import { StatusField } from './StatusChip';
import type { StatusChange, TenantRecord } from './tenantRecord';
import { Section } from '../sections/Section';


/** A word of a vocabulary (industry, plan, time zone), by its name. */
function Translated({ source, prefix }: { source: keyof TenantRecord; prefix: string }) {
  const translate = useTranslate();
  return <FunctionField<TenantRecord> source={source} render={(r) => (r[source] ? translate(`${prefix}.${String(r[source])}`, { _: String(r[source]) }) : '')} />;
}

/** A third of the row on a desk (the whole row on a phone): a titled group of fields, each under its label. */
function FieldColumn({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Grid size={{ xs: 12, md: 4 }}>
      <Section title={title}>
        {Children.map(children, (field) => (
          <Labeled>{field as ReactElement}</Labeled>
        ))}
      </Section>
    </Grid>
  );
}

/** "Dana Operator (dana@kestrel.test)": who made the change, by name rather than by id. */
function useAuthor() {
  const translate = useTranslate();
  return ({ by }: StatusChange) => {
    if (by.type === 'system') return translate('kestrel.tenants.status_change.by_system');
    if (by.name && by.email) return `${by.name} (${by.email})`;
    return by.name ?? by.email ?? translate('kestrel.tenants.status_change.by_unknown');
  };
}

/** Why a suspended or cancelled tenant is out of service, since when, on whose word, and where its callers go. */
function StatusChangeAlert() {
  const translate = useTranslate();
  const author = useAuthor();
  const record = useRecordContext<TenantRecord>();
  const change = record?.status_change;
  if (!record || !change || change.status !== record.status) return null;
  return (
    <Alert severity={change.status === 'suspended' ? 'error' : 'info'} data-testid="status-change" sx={{ width: '100%' }}>
      <AlertTitle>{translate(`kestrel.tenants.status_change.${change.status}`, { at: formatDateTime(change.at), by: author(change), _: change.status })}</AlertTitle>
      {change.reason && <Typography variant="body2" data-testid="status-change-reason">{translate('kestrel.tenants.status_change.reason', { reason: change.reason })}</Typography>}
      {record.phone_number && (
        <Typography variant="body2">
          {record.forward_to_number
            ? translate('kestrel.tenants.status_change.callers_forwarded', { forward: formatPhone(record.forward_to_number) })
            : translate('kestrel.tenants.status_change.callers_turned_away')}
        </Typography>
      )}
    </Alert>
  );
}

/** Who the tenant is, who owns it, and how it is served, side by side on a desk and stacked on a phone. */
export function OverviewTab() {
  const translate = useTranslate();
  return (
    <Grid container spacing={3} sx={{ py: 1 }} data-testid="tenant-overview">
      <StatusChangeAlert />
      <FieldColumn title="kestrel.signup.steps.company">
        <TextField source="company_name" />
        <TextField source="slug" />
        <StatusField source="status" />
        <Translated source="industry" prefix="kestrel.industries" />
        <Translated source="timezone" prefix="kestrel.timezones" />
        <DateTimeField source="created_at" />
      </FieldColumn>
      <FieldColumn title="kestrel.signup.steps.owner">
        <TextField source="owner_name" />
        <EmailField source="owner_email" />
        <PhoneField source="owner_phone" />
      </FieldColumn>
      <FieldColumn title="kestrel.tenants.service">
        <PhoneField source="phone_number" emptyText="kestrel.tenants.no_number" />
        <PhoneField source="forward_to_number" />
        <Translated source="plan_tier" prefix="kestrel.plans" />
        <BusinessHoursField source="business_hours" />
        <FunctionField<TenantRecord> source="is_test_mode" render={(r) => translate(r.is_test_mode ? 'kestrel.audit.on' : 'kestrel.audit.off')} />
      </FieldColumn>
    </Grid>
  );
}
