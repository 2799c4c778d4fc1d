import { Box, Card, CardContent, CardHeader, Chip, Divider, Stack, Typography } from '@mui/material';
import { Show, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { ENROLLMENT_STATUSES } from '../../../domain/campaigns';
import { RecordLoadError } from '../feedback/LoadError';
import { CompanyTime } from './CompanyTime';
import { Parts } from '../fields/Parts';
import { TenantLink } from '../fields/TenantLink';
import { formatCount } from '../format';
import { Fact, FactsCard } from '../sections/Facts';
import { CampaignStatusField } from '../tenantPortal/campaigns/CampaignStatusChip';
import type { StepRecord } from '../tenantPortal/campaigns/campaignsApi';
import { triggerParts } from '../tenantPortal/campaigns/triggerParts';
import { FunnelChart, PROGRESS_POLL_MS } from '../tenantPortal/campaigns/FunnelChart';
import type { OperatorCampaignRecord } from './records';

function CampaignTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<OperatorCampaignRecord>();
  if (!record) return null;
  return <>{translate('kestrel.operator_campaigns.title', { name: record.name, company: record.company_name })}</>;
}

/** Texts go out and delivery reports come in while anyone is enrolled and active: the page reads the campaign (and its funnel) again, as the portal's does. */
const stillSending = (campaign: OperatorCampaignRecord | undefined) => Boolean(campaign?.enrollments?.active);

function Step({ step, first }: { step: StepRecord; first: boolean }) {
  const translate = useTranslate();
  return (
    <Stack spacing={1} data-testid="campaign-step" data-position={step.position}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Typography variant="subtitle2">{translate('kestrel.campaigns.step_n', { position: step.position })}</Typography>
        <Chip size="small" variant="outlined" label={translate(first ? 'kestrel.campaigns.after_enrolment' : 'kestrel.campaigns.after_previous', { delay: step.delay })} />
        {step.condition !== 'none' && <Chip size="small" variant="outlined" color="secondary" label={translate(`kestrel.step_conditions.${step.condition}`)} />}
      </Stack>
      <Box sx={{ p: 1.5, borderRadius: 2, bgcolor: (theme) => theme.palette.grey[theme.palette.mode === 'dark' ? 800 : 100] }}>
        <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="step-body">
          {step.body}
        </Typography>
      </Box>
    </Stack>
  );
}

/** The steps in order, as the company wrote them (each sent inside its campaign wording). */
function Steps({ steps }: { steps: StepRecord[] }) {
  const translate = useTranslate();
  return (
    <Card variant="outlined">
      <CardHeader title={translate('kestrel.campaigns.steps')} subheader={translate('kestrel.campaigns.steps_hint')} />
      <CardContent>
        {steps.length === 0 ? (
          <Typography color="text.secondary" data-testid="no-steps">
            {translate('kestrel.operator_campaigns.no_steps')}
          </Typography>
        ) : (
          <Stack spacing={2} divider={<Divider flexItem />} data-testid="campaign-steps">
            {steps.map((step, i) => (
              <Step key={step.id} step={step} first={i === 0} />
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}

function CampaignBody() {
  const translate = useTranslate();
  const campaign = useRecordContext<OperatorCampaignRecord>();
  if (!campaign) return null;
  const enrolled = ENROLLMENT_STATUSES.map((status) => [status, campaign.enrollments?.[status] ?? 0] as const).filter(([, n]) => n > 0);
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }}>
      <FactsCard>
        <Fact label="resources.campaigns.fields.company_name">
          <TenantLink tenantId={campaign.tenant_id} companyName={campaign.company_name} />
        </Fact>
        <Fact label="resources.campaigns.fields.status">
          <CampaignStatusField />
        </Fact>
        <Fact label="resources.campaigns.fields.trigger">
          <Typography variant="body2" component="span">
            <Parts>{triggerParts(translate, campaign)}</Parts>
          </Typography>
        </Fact>
        <Fact label="resources.campaigns.fields.goal">
          <Typography variant="body2" component="span">
            <Parts>
              {[
                translate(`kestrel.campaign_goals.${campaign.goal}`),
                translate(campaign.exit_on_reply ? 'kestrel.campaigns.ends_on_reply' : 'kestrel.campaigns.goes_on_after_reply'),
              ]}
            </Parts>
          </Typography>
        </Fact>
        <Fact label="resources.campaigns.fields.enrollments">
          <Typography variant="body2" component="span" data-testid="campaign-enrollments">
            {enrolled.length === 0 ? (
              translate('kestrel.campaigns.no_enrollments')
            ) : (
              <Parts>{enrolled.map(([status, n]) => `${translate(`kestrel.enrollment_status.${status}`)} ${formatCount(n)}`)}</Parts>
            )}
          </Typography>
        </Fact>
        <Fact label="resources.campaigns.fields.created_at">
          <CompanyTime source="created_at" />
        </Fact>
      </FactsCard>
      <Steps steps={campaign.steps ?? []} />
      {/* The chart's card fills its parent's height (on the dashboard, a grid row's): here, its own. */}
      <Box>
        <FunnelChart campaignId={campaign.id} progress={{ campaign_id: campaign.id, enrollments: campaign.enrollments ?? {}, steps: campaign.funnel ?? [] }} />
      </Box>
    </Stack>
  );
}

/** One company's campaign: its settings, its steps in order and each step's funnel, as the company reads them. */
export function OperatorCampaignShow() {
  return (
    <Show<OperatorCampaignRecord>
      title={<CampaignTitle />}
      error={<RecordLoadError />}
      actions={false}
      component={Box}
      queryOptions={{ refetchInterval: (query) => (stillSending(query.state.data) ? PROGRESS_POLL_MS : false) }}
    >
      <CampaignBody />
    </Show>
  );
}
