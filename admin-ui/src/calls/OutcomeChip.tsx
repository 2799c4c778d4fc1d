import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { ValueChip, type ChipColour } from '../fields/ValueChip';
import type { CallRecord } from './callRecord';

/** Green: the agent did the job; red: a person had to step in for an emergency; orange: the caller gave up. */
const OUTCOME_COLOURS: Record<string, ChipColour> = {
  appointment_booked: 'success',
  emergency_transferred: 'error',
  information: 'info',
  abandoned: 'warning',
};

export function OutcomeChip({ outcome }: { outcome: string }) {
  return <ValueChip value={outcome} prefix="kestrel.outcomes" colours={OUTCOME_COLOURS} outlined={['spam', 'other', 'voicemail']} testId="outcome-chip" />;
}

/** The record's outcome; a call still being summarised has none yet. */
export function OutcomeField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<CallRecord>();
  return record?.outcome ? <OutcomeChip outcome={record.outcome} /> : null;
}

const SENTIMENT_COLOURS: Record<string, ChipColour> = { positive: 'success', negative: 'error' };

export function SentimentField(_props: { source?: string; label?: string }) {
  const sentiment = useRecordContext<CallRecord>()?.details?.sentiment;
  return sentiment ? <ValueChip value={sentiment} prefix="kestrel.sentiments" colours={SENTIMENT_COLOURS} /> : <>—</>;
}

/** Test calls are not metered; calls over the plan's limit are answered but flagged for the operator. */
export function CallFlagsField(_props: { source?: string; label?: string }) {
  const translate = useTranslate();
  const record = useRecordContext<CallRecord>();
  if (!record || (!record.is_test && !record.over_limit)) return null;
  return (
    <Stack direction="row" spacing={0.5}>
      {record.over_limit && <Chip size="small" color="warning" label={translate('kestrel.calls.over_limit')} data-testid="over-limit-chip" />}
      {record.is_test && <Chip size="small" variant="outlined" label={translate('kestrel.calls.test_call')} data-testid="test-call-chip" />}
    </Stack>
  );
}
