import { Alert, Box, Stack } from '@mui/material';
import { useState } from 'react';
import { NumberField, Show, TextField, TopToolbar, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { RecordLoadError } from '../feedback/LoadError';
import { DateTimeField } from '../fields/DateTimeField';
import { formatDateTime } from '../format';
import { JsonBlock } from '../fields/JsonBlock';
import { TenantLink } from '../fields/TenantLink';
import { Fact, FactsCard } from '../sections/Facts';
import { CardSection } from '../sections/Section';
import type { DeadLetterRecord } from './deadLetterRecord';
import { DeadLetterStateField } from './DeadLetterStateChip';
import { ReplayButton, type ReplayResult } from './ReplayButton';

/** While a replay runs, the letter is read again until the replay has resolved it or given up. */
const REPLAY_POLL_MS = 2_000;
const replaying = (letter: DeadLetterRecord | undefined) => Boolean(letter?.replayed_at && !letter.resolved_at);

const QUARTER = { xs: 12, sm: 6, md: 3 };
const HALF = { xs: 12, md: 6 };

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
      <FactsCard>
        <Fact label="resources.dead-letters.fields.state" size={QUARTER}>
          <DeadLetterStateField />
        </Fact>
        <Fact size={QUARTER}>
          <TextField source="step" sx={{ fontFamily: 'monospace' }} />
        </Fact>
        <Fact size={QUARTER}>
          <NumberField source="attempts" />
        </Fact>
        <Fact label="resources.dead-letters.fields.tenant_id" size={QUARTER}>
          {letter.tenant_id ? <TenantLink tenantId={letter.tenant_id} companyName={letter.company_name} /> : <span>{translate('kestrel.dead_letters.no_tenant')}</span>}
        </Fact>
        <Fact size={QUARTER}>
          <DateTimeField source="created_at" />
        </Fact>
        <Fact size={QUARTER}>
          <DateTimeField source="replayed_at" />
        </Fact>
        <Fact size={QUARTER}>
          <DateTimeField source="resolved_at" />
        </Fact>
        <Fact size={HALF}>
          <TextField source="workflow_id" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
        </Fact>
        <Fact size={HALF}>
          <TextField source="run_id" emptyText="—" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
        </Fact>
      </FactsCard>
      <CardSection title="kestrel.dead_letters.why_it_failed">
        <Box
          component="pre"
          data-testid="dead-letter-error"
          sx={{ m: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'monospace', fontSize: 13, color: letter.resolved_at ? 'text.secondary' : 'error.main' }}
        >
          {letter.error}
        </Box>
      </CardSection>
      <CardSection title="resources.dead-letters.fields.input" hint="kestrel.dead_letters.input_hint">
        <JsonBlock value={letter.input} testId="dead-letter-input" />
      </CardSection>
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
