import ComputerIcon from '@mui/icons-material/Computer';
import PhoneIphoneIcon from '@mui/icons-material/PhoneIphone';
import { Button, Card, CardContent, CardHeader, Chip, Divider, LinearProgress, Stack, Typography } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useDataProvider, useLogout, useNotify, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../dataProvider';
import { LoadErrorAlert } from '../feedback/LoadError';
import { formatDateTime } from '../format';
import type { AuthSession } from './accountRecord';
import { describeUserAgent } from './userAgent';

function SessionRow({ session, ending, onEnd }: { session: AuthSession; ending: boolean; onEnd: () => void }) {
  const translate = useTranslate();
  const { browser, system } = describeUserAgent(session.user_agent);
  const device = browser && system ? translate('kestrel.security.browser_on', { browser, system }) : (browser ?? system ?? translate('kestrel.security.unknown_device'));
  const Icon = system === 'iPhone' || system === 'Android' ? PhoneIphoneIcon : ComputerIcon;
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 1, sm: 2 }} sx={{ alignItems: { sm: 'center' } }} data-testid="auth-session" data-current={session.current}>
      <Stack direction="row" spacing={1.5} sx={{ flex: 1, minWidth: 0, alignItems: 'flex-start' }}>
        <Icon color="action" sx={{ mt: 0.25 }} />
        <Stack spacing={0.25} sx={{ minWidth: 0 }}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="subtitle2">{device}</Typography>
            {session.current && <Chip size="small" color="primary" label={translate('kestrel.security.this_device')} />}
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {[
              session.ip,
              translate('kestrel.security.signed_in_at', { at: formatDateTime(session.created_at) }),
              session.last_seen_at ? translate('kestrel.security.last_active', { at: formatDateTime(session.last_seen_at) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        </Stack>
      </Stack>
      <Button size="small" variant="outlined" color={session.current ? 'inherit' : 'error'} onClick={onEnd} disabled={ending} sx={{ alignSelf: { xs: 'flex-start', sm: 'center' }, flexShrink: 0 }} data-testid="end-session">
        {translate(session.current ? 'kestrel.security.sign_out_here' : 'kestrel.security.sign_out_session')}
      </Button>
    </Stack>
  );
}

/** Where the person is signed in, this device first; each session signs out on its own (this one signs out here). */
export function SessionsCard() {
  const translate = useTranslate();
  const notify = useNotify();
  const logout = useLogout();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: () => dataProvider.authSessions() });
  const end = useMutation({
    mutationFn: (session: AuthSession) => dataProvider.endAuthSession(session.id),
    onSuccess: () => {
      notify('kestrel.security.session_ended', { type: 'success' });
      void sessions.refetch();
    },
    onError: (e: Error) => notify('kestrel.security.session_end_failed', { type: 'error', messageArgs: { reason: e.message } }),
  });
  const ordered = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || (b.last_seen_at ?? b.created_at).localeCompare(a.last_seen_at ?? a.created_at));
  return (
    <Card data-testid="sessions-card">
      <CardHeader title={translate('kestrel.security.sessions')} subheader={translate('kestrel.security.sessions_intro')} slotProps={{ title: { variant: 'h6', component: 'h2' } }} />
      <CardContent>
        {sessions.error ? (
          <LoadErrorAlert error={sessions.error} retry={() => void sessions.refetch()} />
        ) : sessions.isPending ? (
          <LinearProgress />
        ) : (
          <Stack divider={<Divider flexItem />} spacing={1.5}>
            {ordered.map((session) => (
              <SessionRow key={session.id} session={session} ending={end.isPending} onEnd={() => (session.current ? void logout() : end.mutate(session))} />
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
