import AddIcon from '@mui/icons-material/Add';
import { useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { Button, DataTable, SelectArrayInput, SimpleList, useTranslate } from 'react-admin';
import { EmptyList } from '../../feedback/EmptyList';
import { CompanyTimeColumn } from '../../fields/DateTimeField';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PortalList } from '../PortalList';
import { CampaignDialog } from './CampaignDialog';
import type { CampaignRecord } from './campaignsApi';
import { CampaignStatusChip, CampaignStatusField } from './CampaignStatusChip';
import { campaignStatusChoices } from './choices';

const filters = [<SelectArrayInput key="status" source="status" choices={campaignStatusChoices} alwaysOn sx={{ minWidth: 200 }} />];

function AddCampaign({ open }: { open: () => void }) {
  if (!useMessagingWriter()) return null;
  return (
    <Button label="kestrel.campaigns.add" onClick={open} data-testid="add-campaign">
      <AddIcon />
    </Button>
  );
}

function Campaigns() {
  const translate = useTranslate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return isSmall ? (
    <SimpleList<CampaignRecord>
      primaryText={(r) => r.name}
      secondaryText={(r) => `${translate(`kestrel.campaign_triggers.${r.trigger}`)} · ${translate(`kestrel.campaign_goals.${r.goal}`)}`}
      tertiaryText={(r) => <CampaignStatusChip status={r.status} />}
      linkType="show"
    />
  ) : (
    <DataTable<CampaignRecord> rowClick="show" bulkActionButtons={false} data-testid="campaigns">
      <DataTable.Col source="name" disableSort />
      <DataTable.Col source="status" disableSort field={CampaignStatusField} />
      <DataTable.Col source="trigger" disableSort render={(r) => translate(`kestrel.campaign_triggers.${r.trigger}`)} />
      <DataTable.Col source="goal" disableSort render={(r) => translate(`kestrel.campaign_goals.${r.goal}`)} />
      <CompanyTimeColumn source="created_at" disableSort />
    </DataTable>
  );
}

/** The company's drip campaigns, newest first; one opens on its builder, its funnel and its enrolments. */
export function PortalCampaignList() {
  const [adding, setAdding] = useState(false);
  const writer = useMessagingWriter();
  const empty = (
    <EmptyList title="kestrel.campaigns.empty" hint="kestrel.campaigns.empty_hint" testId="no-campaigns">
      {writer && (
        <Button label="kestrel.campaigns.add" variant="outlined" onClick={() => setAdding(true)} data-testid="add-campaign">
          <AddIcon />
        </Button>
      )}
    </EmptyList>
  );
  return (
    <>
      <PortalList filters={filters} actions={<AddCampaign open={() => setAdding(true)} />} empty={empty}>
        <Campaigns />
      </PortalList>
      {adding && <CampaignDialog onClose={() => setAdding(false)} />}
    </>
  );
}
