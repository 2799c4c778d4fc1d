import { useEffect, useRef } from 'react';
import { Show, TabbedShowLayout, TabbedShowLayoutTabs, useShowContext } from 'react-admin';
import { RecordLoadError } from '../feedback/LoadError';
import { TenantActions } from './actions/TenantActions';
import { ActivityTab } from './activity/ActivityTab';
import { TenantCallsTab } from './calls/TenantCallsTab';
import { PhoneAiTab } from './phone/PhoneAiTab';
import { OverviewTab } from './OverviewTab';
import { SubscriptionTab } from './subscription/SubscriptionTab';
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
      {/* Six tabs are wider than a phone: they scroll rather than widen the page. */}
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
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.workflow" path="workflow">
          <WorkflowPanel />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.activity" path="activity">
          <ActivityTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="kestrel.tenants.tabs.calls" path="calls">
          <TenantCallsTab />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}
