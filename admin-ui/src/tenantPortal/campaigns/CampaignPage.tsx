import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Alert, Box, Button, Card, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Confirm, Link, Title, useCreatePath, useGetOne, useNotify, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import type { CampaignStatus } from '../../../../domain/campaigns';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { Parts } from '../../fields/Parts';
import { PortalTimeZone } from '../companyTimeZone';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { CampaignDialog } from './CampaignDialog';
import { changeCampaign, type CampaignRecord } from './campaignsApi';
import { CampaignStatusChip } from './CampaignStatusChip';
import { triggerParts } from './triggerParts';
import { EnrolDialog } from './EnrolDialog';
import { Enrollments } from './Enrollments';
import { FunnelChart } from './FunnelChart';
import { Steps } from './Steps';

/** The statuses a campaign may be moved to from its own, as the buttons offering them. Archived is final. */
const MOVES: Record<CampaignStatus, CampaignStatus[]> = { draft: ['active', 'archived'], active: ['paused', 'archived'], paused: ['active', 'archived'], archived: [] };

function StatusButtons({ campaign }: { campaign: CampaignRecord }) {
  const translate = useTranslate();
  const notify = useNotify();
  const readAgain = useReadAgain(PORTAL_RESOURCES.campaigns);
  const [working, setWorking] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const move = async (status: CampaignStatus) => {
    setArchiving(false);
    setWorking(true);
    try {
      await changeCampaign(campaign.id, { status });
      notify(`kestrel.campaigns.moved.${status}`, { type: 'success' });
      // Pausing, resuming and archiving carry the enrolments along: the funnel and the enrolments are read again too.
      await readAgain();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setWorking(false);
    }
  };
  return (
    <>
      {MOVES[campaign.status].map((status) => (
        <Button
          key={status}
          variant={status === 'active' ? 'contained' : 'outlined'}
          color={status === 'archived' ? 'error' : 'primary'}
          disabled={working}
          onClick={() => (status === 'archived' ? setArchiving(true) : void move(status))}
          data-testid={`campaign-${status}`}
        >
          {translate(`kestrel.campaigns.move_to.${campaign.status === 'paused' && status === 'active' ? 'resume' : status}`)}
        </Button>
      ))}
      {/* Archiving cancels every ongoing enrolment and cannot be undone: it asks first. */}
      <Confirm
        isOpen={archiving}
        loading={working}
        title="kestrel.campaigns.archive_title"
        content="kestrel.campaigns.archive_confirm"
        confirm="kestrel.campaigns.move_to.archived"
        onConfirm={() => void move('archived')}
        onClose={() => setArchiving(false)}
      />
    </>
  );
}

function Header({ campaign }: { campaign: CampaignRecord }) {
  const translate = useTranslate();
  const writer = useMessagingWriter();
  const [editing, setEditing] = useState(false);
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={1.5} data-testid="campaign-header">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
            <Typography variant="h6" sx={{ overflowWrap: 'anywhere' }}>
              {campaign.name}
            </Typography>
            <CampaignStatusChip status={campaign.status} />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            <Parts>
              {[
                ...triggerParts(translate, campaign),
                translate('kestrel.campaigns.goal_is', { goal: translate(`kestrel.campaign_goals.${campaign.goal}`) }),
                translate(campaign.exit_on_reply ? 'kestrel.campaigns.ends_on_reply' : 'kestrel.campaigns.goes_on_after_reply'),
              ]}
            </Parts>
          </Typography>
          {campaign.status === 'draft' && <Alert severity="info">{translate('kestrel.campaigns.draft_hint')}</Alert>}
          {writer && campaign.status !== 'archived' && (
            <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
              <StatusButtons campaign={campaign} />
              <Button onClick={() => setEditing(true)} data-testid="edit-campaign">
                {translate('kestrel.campaigns.edit_title')}
              </Button>
            </Stack>
          )}
        </Stack>
      </CardContent>
      {editing && <CampaignDialog campaign={campaign} onClose={() => setEditing(false)} />}
    </Card>
  );
}

/**
 * A drip campaign: its settings and status, its steps (the builder), each step's funnel,
 * and who is enrolled (enrol more, pause, resume or cancel each).
 */
export function CampaignPage() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const writer = useMessagingWriter();
  const { id } = useParams<{ id: string }>();
  const [enrolling, setEnrolling] = useState(false);
  const { data: campaign, isPending, error, refetch } = useGetOne<CampaignRecord>(PORTAL_RESOURCES.campaigns, { id: id! }, { enabled: Boolean(id) });
  return (
    <PortalTimeZone>
      <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
        <Title title={translate('kestrel.campaigns.title')} />
        <Box>
          <Button component={Link} to={createPath({ resource: PORTAL_RESOURCES.campaigns, type: 'list' })} startIcon={<ArrowBackIcon />} size="small">
            {translate('kestrel.campaigns.all')}
          </Button>
        </Box>
        {error ? (
          <LoadErrorAlert error={error} retry={() => void refetch()} />
        ) : isPending || !campaign ? (
          <LinearProgress />
        ) : (
          <>
            <Header campaign={campaign} />
            <Steps campaign={campaign} />
            {/* The chart's card fills its parent's height (on the dashboard, a grid row's): here, its own. */}
            <Box>
              <FunnelChart campaignId={campaign.id} />
            </Box>
            <Enrollments
              campaignId={campaign.id}
              action={
                writer && (
                  <Button
                    variant="outlined"
                    onClick={() => setEnrolling(true)}
                    disabled={campaign.status !== 'active'}
                    title={campaign.status !== 'active' ? translate('kestrel.campaigns.enrol_needs_active') : undefined}
                    data-testid="enrol-contacts"
                  >
                    {translate('kestrel.campaigns.enrol')}
                  </Button>
                )
              }
            />
            {enrolling && <EnrolDialog campaignId={campaign.id} onClose={() => setEnrolling(false)} />}
          </>
        )}
      </Stack>
    </PortalTimeZone>
  );
}
