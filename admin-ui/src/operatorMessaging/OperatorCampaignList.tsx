import { useMediaQuery, type Theme } from '@mui/material';
import { DataTable, SimpleList, useTranslate } from 'react-admin';
import { CompanyTimeColumn } from '../fields/DateTimeField';
import { Parts } from '../fields/Parts';
import { TenantLink } from '../fields/TenantLink';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { formatCount } from '../format';
import { CampaignStatusChip, CampaignStatusField } from '../tenantPortal/campaigns/CampaignStatusChip';
import { campaignStatusChoices } from '../tenantPortal/campaigns/choices';
import { CompanyRecordList } from './CompanyRecordList';
import type { OperatorCampaignRecord } from './records';


/**
 * Every company's drip campaigns, newest first: who they enrol, what they aim at, and how
 * many contacts are in one now. One opens on its steps and each step's funnel. Read-only:
 * a campaign changes through its company.
 */
export function OperatorCampaignList() {
  const translate = useTranslate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const trigger = (r: OperatorCampaignRecord) => translate(`kestrel.campaign_triggers.${r.trigger}`);
  const goal = (r: OperatorCampaignRecord) => translate(`kestrel.campaign_goals.${r.goal}`);
  return (
    <CompanyRecordList statusChoices={campaignStatusChoices} words="operator_campaigns" emptyTestId="no-campaigns">
      {isSmall ? (
        <SimpleList<OperatorCampaignRecord>
          primaryText={(r) => r.name}
          secondaryText={(r) => <Parts>{[r.company_name, trigger(r), translate('kestrel.operator_campaigns.enrolled_now', { smart_count: r.ongoing_enrollments ?? 0 })]}</Parts>}
          rightIcon={(r) => <CampaignStatusChip status={r.status} />}
          linkType="show"
          sx={CHIP_ON_THE_RIGHT}
          data-testid="campaigns-cards"
        />
      ) : (
        <DataTable<OperatorCampaignRecord> rowClick="show" bulkActionButtons={false} data-testid="campaigns">
          <DataTable.Col source="company_name" disableSort render={(r) => <TenantLink tenantId={r.tenant_id} companyName={r.company_name} />} />
          <DataTable.Col source="name" />
          <DataTable.Col source="status" field={CampaignStatusField} />
          <DataTable.Col source="trigger" disableSort render={trigger} />
          <DataTable.Col source="goal" disableSort render={goal} />
          <DataTable.Col source="step_count" disableSort align="right" render={(r) => formatCount(r.step_count ?? 0)} />
          <DataTable.Col source="ongoing_enrollments" disableSort align="right" render={(r) => formatCount(r.ongoing_enrollments ?? 0)} />
          <CompanyTimeColumn source="created_at" />
        </DataTable>
      )}
    </CompanyRecordList>
  );
}
