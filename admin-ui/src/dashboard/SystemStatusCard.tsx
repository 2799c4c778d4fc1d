import { Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import type { Readiness } from './readiness';
import { fetchReadiness } from './readiness';

/** Whether Postgres and Temporal answer, as /readyz reports it. */
export function SystemStatusCard() {
  const translate = useTranslate();
  const [readiness, setReadiness] = useState<Readiness | undefined>();

  useEffect(() => {
    let live = true;
    const refresh = () => fetchReadiness().then((r) => live && setReadiness(r));
    void refresh();
    const timer = setInterval(refresh, 10_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <Card sx={{ height: '100%' }}>
      <CardHeader title={translate('kestrel.dashboard.system')} />
      <CardContent>
        {!readiness ? (
          <Typography>{translate('kestrel.dashboard.checking')}</Typography>
        ) : (
          <Stack spacing={2}>
            <Typography data-testid="readiness">
              {translate(readiness.ready ? 'kestrel.dashboard.ready' : 'kestrel.dashboard.not_ready')}
            </Typography>
            <Stack direction="row" spacing={1}>
              {Object.entries(readiness.checks).map(([name, state]) => (
                <Chip
                  key={name}
                  label={`${name}: ${translate(`kestrel.dashboard.${state}`)}`}
                  color={state === 'up' ? 'success' : 'error'}
                />
              ))}
            </Stack>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
