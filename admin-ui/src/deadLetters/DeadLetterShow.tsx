import { Alert, Box, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { DateField, Labeled, NumberField, Show, TextField, TopToolbar, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { RecordLoadError } from '../feedback/LoadError';
import { DATE_TIME_OPTIONS, formatDateTime } from '../format';
import { JsonBlock } from '../fields/JsonBlock';
import { TenantLink } from '../fields/TenantLink';
import type { DeadLetterRecord } from './deadLetterRecord';
import { DeadLetterStateField } from './DeadLetterStateChip';
import { ReplayButton, type ReplayResult } from './ReplayButton';

/** While a replay runs, the letter is read again until the replay has resolved it or given up. */
const REPLAY_POLL_MS = 2_000;
const replaying = (letter: DeadLetterRecord | undefined) => Boolean(letter?.replayed_at && !letter.resolved_at);

function DeadLetterTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<DeadLetterRecord>();
  return <>{record ? translate('kestrel.dead_letters.title', { step: record.step }) : ''}</>;
}

/** What the last replay did, from this page (its start or its refusal) and then from the letter itself. */
function ReplayStatus({ result }: { result: ReplayResult | null }) {
  const translate = useTranslate();
  const letter = useRecordContext<DeadLetterRecord>();
  if (!letter) return null;
  if (result?.kind === 'refused' || result?.kind === 'failed') {
    return (
      <Alert severity="error" data-testid="replay-status">
        {translate(result.kind === 'refused' ? 'kestrel.dead_letters.replay_refused' : 'kestrel.dead_letters.replay_failed', { reason: result.reason })}
      </Alert>
    );
  }
  if (letter.resolved_at) {
    return (
      <Alert severity="success" data-testid="replay-status">
        {translate('kestrel.dead_letters.resolved', { at: formatDateTime(letter.resolved_at) })}
      </Alert>
    );
  }
  if (letter.replayed_at) {
    return (
      <Alert severity="info" data-testid="replay-status">
        {result?.kind === 'started'
          ? translate('kestrel.dead_letters.replay_running_as', { workflow: result.workflowId })
          : translate('kestrel.dead_letters.replay_running')}
      </Alert>
    );
  }
  if (letter.replay_error) {
    return (
      <Alert severity="warning" data-testid="replay-status">
        {translate('kestrel.dead_letters.last_replay_failed', { reason: letter.replay_error })}
      </Alert>
    );
  }
  return null;
}

function DeadLetterBody({ result }: { result: ReplayResult | null }) {
  const translate = useTranslate();
  const letter = useRecordContext<DeadLetterRecord>();
  if (!letter) return null;
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      <ReplayStatus result={result} />
      <Card variant="outlined">
        <CardContent>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Labeled label="resources.dead-letters.fields.state">
                <DeadLetterStateField />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Labeled>
                <TextField source="step" sx={{ fontFamily: 'monospace' }} />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Labeled>
                <NumberField source="attempts" />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Labeled label="resources.dead-letters.fields.tenant_id">
                {letter.tenant_id ? <TenantLink tenantId={letter.tenant_id} companyName={letter.company_name} /> : <span>{translate('kestrel.dead_letters.no_tenant')}</span>}
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Labeled>
                <DateField source="created_at" showTime options={DATE_TIME_OPTIONS} />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Labeled>
                <DateField source="replayed_at" showTime options={DATE_TIME_OPTIONS} emptyText="—" />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 3 }}>
              <Labeled>
                <DateField source="resolved_at" showTime options={DATE_TIME_OPTIONS} emptyText="—" />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <Labeled>
                <TextField source="workflow_id" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, md: 6 }}>
              <Labeled>
                <TextField source="run_id" emptyText="—" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
              </Labeled>
            </Grid>
          </Grid>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 500, mb: 1 }}>
            {translate('kestrel.dead_letters.why_it_failed')}
          </Typography>
          <Box
            component="pre"
            data-testid="dead-letter-error"
            sx={{ m: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'monospace', fontSize: 13, color: letter.resolved_at ? 'text.secondary' : 'error.main' }}
          >
            {letter.error}
          </Box>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 500 }}>
            {translate('resources.dead-letters.fields.input')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('kestrel.dead_letters.input_hint')}
          </Typography>
          <JsonBlock value={letter.input} testId="dead-letter-input" />
        </CardContent>
      </Card>
    </Stack>
  );
}

/** A step that failed for good: what it was given, how it failed, and the button that runs it again. */
export function DeadLetterShow() {
  const [result, setResult] = useState<ReplayResult | null>(null);
  return (
    <Show<DeadLetterRecord>
      title={<DeadLetterTitle />}
      error={<RecordLoadError />}
      component={Box}
      actions={
        <TopToolbar>
          <ReplayButton onResult={setResult} />
        </TopToolbar>
      }
      queryOptions={{ refetchInterval: (query) => (replaying(query.state.data) ? REPLAY_POLL_MS : false) }}
    >
      <DeadLetterBody result={result} />
    </Show>
  );
}
