import { Table, TableBody, TableCell, TableHead, TableRow, useTheme } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard, useChartLook } from '../../dashboard/ChartCard';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { formatCount } from '../../format';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { fetchProgress, type CampaignProgress, type StepProgress } from './campaignsApi';

const HEIGHT = 260;
/**
 * Texts go out and delivery reports come in while the page is open: while anyone is
 * enrolled and active, the funnel is read again this often. The tenant API's requests are
 * counted by the minute; a finished or paused campaign's funnel is read once.
 */
export const PROGRESS_POLL_MS = 10_000;

/** The funnel's stages, in the order a text goes through them. */
const STAGES = ['sent', 'delivered', 'replied', 'opted_out', 'goal_reached'] as const;

/**
 * Each step's funnel (`GET /api/v1/campaigns/:id/progress`), counted from the message log:
 * texts sent, delivered, answered, answered with STOP, and followed by the goal. A bar
 * group per step, and the same figures in a table beneath. Given `progress` (the operator's
 * campaign record carries it, and its page reads it again), the chart reads nothing itself.
 */
export function FunnelChart({ campaignId, progress }: { campaignId: string; progress?: CampaignProgress }) {
  const translate = useTranslate();
  const theme = useTheme();
  const look = useChartLook();
  const fetched = useQuery({
    queryKey: [PORTAL_RESOURCES.campaigns, 'progress', campaignId],
    queryFn: () => fetchProgress(campaignId),
    enabled: progress === undefined,
    refetchInterval: (query) => (query.state.data && !query.state.data.enrollments.active ? false : PROGRESS_POLL_MS),
  });
  const data = progress ?? fetched.data;
  const { error, refetch } = fetched;
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  const { palette } = theme;
  const colours: Record<(typeof STAGES)[number], string> = {
    sent: palette.info.main,
    delivered: palette.success.main,
    replied: palette.primary.main,
    opted_out: palette.error.main,
    goal_reached: palette.warning.main,
  };
  const steps = data?.steps.map((s) => ({ ...s, step: translate('kestrel.campaigns.step_n', { position: s.position }) }));
  const sent = data?.steps.reduce((n, s) => n + s.sent, 0);
  return (
    <ChartCard
      title={translate('kestrel.campaigns.funnel')}
      subheader={translate('kestrel.campaigns.funnel_hint')}
      height={HEIGHT}
      testId="campaign-funnel-chart"
      loaded={data !== undefined}
      emptyText={sent === 0 ? 'kestrel.campaigns.funnel_empty' : undefined}
      variant="outlined"
      footer={steps && steps.length > 0 && <FunnelTable steps={steps} />}
    >
      <BarChart data={steps} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={look.grid} />
        <XAxis dataKey="step" tick={look.tick} />
        <YAxis allowDecimals={false} tick={look.tick} />
        <Tooltip contentStyle={look.tooltip} cursor={look.hover} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={(name) => <span style={{ color: palette.text.primary }}>{name}</span>} />
        {STAGES.map((stage) => (
          <Bar key={stage} dataKey={stage} name={translate(`kestrel.campaigns.stages.${stage}`)} fill={colours[stage]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
}

/** The chart's figures, read out: one row a step. */
function FunnelTable({ steps }: { steps: Array<StepProgress & { step: string }> }) {
  const translate = useTranslate();
  return (
    <Table size="small" sx={{ mt: 2, '& td, & th': { px: { xs: 0.5, sm: 2 } } }} data-testid="campaign-funnel">
      <TableHead>
        <TableRow>
          <TableCell>{translate('kestrel.campaigns.step')}</TableCell>
          {STAGES.map((stage) => (
            <TableCell key={stage} align="right">
              {translate(`kestrel.campaigns.stages_short.${stage}`)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {steps.map((s) => (
          <TableRow key={s.step_id} data-testid="funnel-step" data-position={s.position}>
            <TableCell>{s.position}</TableCell>
            {STAGES.map((stage) => (
              <TableCell key={stage} align="right" data-testid={`funnel-${stage}`}>
                {formatCount(s[stage])}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
