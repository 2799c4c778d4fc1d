import { useEffect, useRef } from 'react';
import { Show, TabbedShowLayout, TabbedShowLayoutTabs, useShowContext } from 'react-admin';
import { RecordLoadError } from '../feedback/LoadError';
import { TenantApiKeysTab } from './accounts/TenantApiKeysTab';
import { TenantUsersTab } from './accounts/TenantUsersTab';
import { TenantActions } from './actions/TenantActions';
import { ActivityTab } from './activity/ActivityTab';
import { BillingTab } from './billing/BillingTab';
import { TenantCallsTab } from './calls/TenantCallsTab';
import { TenantContactsTab } from './contacts/TenantContactsTab';
import { TenantExportTab } from './export/TenantExportTab';
import { TenantFlagsTab } from './flags/TenantFlagsTab';
import { HealthTab } from './health/HealthTab';
import { LocationsTab } from './locations/LocationsTab';
import { PhoneAiTab } from './phone/PhoneAiTab';
import { OverviewTab } from './OverviewTab';
import { SubscriptionTab } from './subscription/SubscriptionTab';
import { SupportSessionsTab } from './support/SupportSessionsTab';
import type { TenantRecord } from './tenantRecord';
import { WorkflowPanel } from './workflow/WorkflowPanel';
import { useTenantWorkflow } from './workflow/useTenantWorkflow';

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
  // An erased tenant's workflow has ended: there is nothing left to follow.
  const { data } = useTenantWorkflow(record && !record.erased_at ? record.id : undefined);
  const lastSeq = data?.transitions.at(-1)?.seq;
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (lastSeq === undefined) return;
    if (seen.current !== undefined && lastSeq !== seen.current) void refetch();
    seen.current = lastSeq;
  }, [lastSeq, refetch]);
  return null;
}

export function TenantShow() {
  return (
    <Show
      title={<TenantTitle />}
      actions={<TenantActions />}
      error={<RecordLoadError />}
      // react-admin's layout grows to fit its widest content; the tenant page fits the screen
      // instead, so the tabs scroll on a phone and wide tables scroll within their tab.
      sx={{ '& .RaShow-main': { contain: 'inline-size' } }}
    >
      <FollowWorkflow />
      {/* The tabs are wider than a phone: they scroll rather than widen the page. */}
      <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.overview">
          <OverviewTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.phone" path="phone">
          <PhoneAiTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.subscription" path="subscription">
          <SubscriptionTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.billing" path="billing">
          <BillingTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.health" path="health">
          <HealthTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.locations" path="locations">
          <LocationsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.users" path="users">
          <TenantUsersTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.api_keys" path="api-keys">
          <TenantApiKeysTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.flags" path="flags">
          <TenantFlagsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.workflow" path="workflow">
          <WorkflowPanel />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.activity" path="activity">
          <ActivityTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.support_sessions" path="support-sessions">
          <SupportSessionsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.calls" path="calls">
          <TenantCallsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.contacts" path="contacts">
          <TenantContactsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.data" path="data">
          <TenantExportTab />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
