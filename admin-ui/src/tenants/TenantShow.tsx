import { useEffect, useRef } from 'react';
import { DateField, FunctionField, Show, TabbedShowLayout, TextField, useShowContext, useTranslate } from 'react-admin';
import { TenantActions } from './actions/TenantActions';
import { BusinessHoursField } from './BusinessHoursField';
import { StatusField } from './StatusChip';
import { WorkflowPanel } from './workflow/WorkflowPanel';
import { useTenantWorkflow } from './workflow/useTenantWorkflow';

interface TenantRecord {
  id: string;
  company_name: string;
  plan_tier?: string;
  billing_plan_tier?: string | null;
  industry?: string;
}

function TenantTitle() {
  const { record } = useShowContext<TenantRecord>();
  return <>{record?.company_name ?? ''}</>;
}

/**
 * Timers move a tenant on the server (trial end, cycle end): when the workflow reports a
 * new transition, the database row has changed too, so the record is fetched again.
 */
function FollowWorkflow() {
  const { record, refetch } = useShowContext<TenantRecord>();
  const { data } = useTenantWorkflow(record?.id);
  const lastSeq = data?.transitions.at(-1)?.seq;
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (lastSeq === undefined) return;
    if (seen.current !== undefined && lastSeq !== seen.current) void refetch();
    seen.current = lastSeq;
  }, [lastSeq, refetch]);
  return null;
}

function Translated({ prefix, source }: { prefix: string; source: keyof TenantRecord; label?: string }) {
  const translate = useTranslate();
  return <FunctionField<TenantRecord> source={source} render={(r) => (r[source] ? translate(`${prefix}.${String(r[source])}`, { _: String(r[source]) }) : '')} />;
}

export function TenantShow() {
  const translate = useTranslate();
  return (
    <Show title={<TenantTitle />} actions={<TenantActions />}>
      <FollowWorkflow />
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.overview">
          <TextField source="company_name" />
          <StatusField source="status" label="resources.tenants.fields.status" />
          <TextField source="slug" />
          <Translated source="industry" prefix="kestrel.industries" label="resources.tenants.fields.industry" />
          <TextField source="timezone" />
          <TextField source="owner_name" />
          <TextField source="owner_email" />
          <TextField source="owner_phone" emptyText="—" />
          <DateField source="created_at" showTime />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.phone" path="phone">
          <TextField source="phone_number" emptyText={translate('kestrel.tenants.no_number')} />
          <TextField source="forward_to_number" emptyText="—" />
          <TextField source="emergency_phone" emptyText="—" />
          <BusinessHoursField source="business_hours" label="resources.tenants.fields.business_hours" />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.subscription" path="subscription">
          <Translated source="plan_tier" prefix="kestrel.plans" label="resources.tenants.fields.plan_tier" />
          <StatusField source="status" label="resources.tenants.fields.status" />
          <DateField source="trial_ends_at" showTime emptyText="—" />
          <DateField source="current_period_start" showTime emptyText="—" />
          <DateField source="current_period_end" showTime emptyText="—" />
          <Translated source="billing_plan_tier" prefix="kestrel.plans" label="resources.tenants.fields.billing_plan_tier" />
          <DateField source="billing_confirmed_at" showTime emptyText="—" />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.workflow" path="workflow">
          <WorkflowPanel />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
