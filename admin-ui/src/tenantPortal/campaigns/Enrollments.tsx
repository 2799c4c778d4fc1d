import { Button, Card, CardContent, CardHeader, Divider, LinearProgress, Stack, Typography } from '@mui/material';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { ENROLLMENT_ACTIONS, enrollmentActionRefusal, type EnrollmentAction } from '../../../../domain/campaigns';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import { Parts } from '../../fields/Parts';
import { ContactName } from '../customers/ContactName';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { actOnEnrollment, fetchEnrollments, type EnrollmentRecord } from './campaignsApi';
import { EnrollmentStatusChip } from './CampaignStatusChip';
import { PROGRESS_POLL_MS } from './FunnelChart';

/** Pause, resume or cancel, where the enrolment's status allows it. */
function EnrollmentActions({ enrollment }: { enrollment: EnrollmentRecord }) {
  const translate = useTranslate();
  const notify = useNotify();
  const readAgain = useReadAgain(PORTAL_RESOURCES.campaigns);
  const [working, setWorking] = useState(false);
  const act = async (action: EnrollmentAction) => {
    setWorking(true);
    try {
      await actOnEnrollment(enrollment.campaign_id, enrollment.id, action);
      notify(`kestrel.campaigns.enrollment_done.${action}`, { type: 'success' });
      await readAgain();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setWorking(false);
    }
  };
  const allowed = ENROLLMENT_ACTIONS.filter((action) => !enrollmentActionRefusal(action, enrollment.status));
  if (allowed.length === 0) return null;
  return (
    <Stack direction="row" spacing={1}>
      {allowed.map((action) => (
        <Button key={action} size="small" color={action === 'cancel' ? 'error' : 'primary'} disabled={working} onClick={() => void act(action)} data-testid={`enrollment-${action}`}>
          {translate(`kestrel.campaigns.enrollment_actions.${action}`)}
        </Button>
      ))}
    </Stack>
  );
}

function Enrollment({ enrollment }: { enrollment: EnrollmentRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const writer = useMessagingWriter();
  return (
    <Stack
      direction={{ xs: 'column', sm: 'row' }}
      spacing={1}
      sx={{ justifyContent: 'space-between', alignItems: { xs: 'flex-start', sm: 'center' } }}
      data-testid="enrollment"
      data-status={enrollment.status}
    >
      <Stack spacing={0.5} sx={{ minWidth: 0 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
          <Typography sx={{ overflowWrap: 'anywhere' }}>
            <ContactName id={enrollment.contact_id} />
          </Typography>
          <EnrollmentStatusChip status={enrollment.status} />
        </Stack>
        <Typography variant="body2" color="text.secondary">
          <Parts>
            {[
              translate('kestrel.campaigns.enrolled_at', { at: companyTime(enrollment.enrolled_at) }),
              enrollment.last_position !== null && translate('kestrel.campaigns.reached_step', { position: enrollment.last_position }),
              enrollment.next_step_at && enrollment.status === 'active' && translate('kestrel.campaigns.next_step_at', { at: companyTime(enrollment.next_step_at) }),
              enrollment.exit_reason && translate(`kestrel.campaigns.exit_reasons.${enrollment.exit_reason}`),
            ]}
          </Parts>
        </Typography>
      </Stack>
      {writer && <EnrollmentActions enrollment={enrollment} />}
    </Stack>
  );
}

/** Who is enrolled, newest first, where each stands, and what the company may do to each. */
export function Enrollments({ campaignId, action }: { campaignId: string; action?: ReactNode }) {
  const translate = useTranslate();
  const { data, isPending, error, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } = useInfiniteQuery({
    queryKey: [PORTAL_RESOURCES.campaigns, 'enrollments', campaignId],
    queryFn: ({ pageParam }) => fetchEnrollments(campaignId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // Steps move active enrolments on; paused and ended ones stay as they are.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.data.some((e) => e.status === 'active')) ? PROGRESS_POLL_MS : false),
  });
  const enrollments = data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <Card variant="outlined">
      <CardHeader title={translate('kestrel.campaigns.enrollments')} action={action} sx={{ flexWrap: 'wrap', rowGap: 1 }} />
      <CardContent>
        {error ? (
          <LoadErrorAlert error={error} retry={() => void refetch()} />
        ) : isPending ? (
          <LinearProgress />
        ) : enrollments.length === 0 ? (
          <Typography color="text.secondary" data-testid="no-enrollments">
            {translate('kestrel.campaigns.no_enrollments')}
          </Typography>
        ) : (
          <Stack spacing={1.5} divider={<Divider flexItem />} data-testid="enrollments">
            {enrollments.map((e) => (
              <Enrollment key={e.id} enrollment={e} />
            ))}
            {hasNextPage && (
              <Button size="small" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
                {translate('kestrel.campaigns.more_enrollments')}
              </Button>
            )}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
