import { useRecordContext } from 'react-admin';
import { ValueChip, type ChipColour } from '../fields/ValueChip';
import { stateOf, type DeadLetterRecord } from './deadLetterRecord';

/** An open letter is a step that never happened (a call unsummarised, unmetered…): it needs the operator. */
const STATE_COLOURS: Record<string, ChipColour> = { open: 'error', replayed: 'info', resolved: 'success' };

export function DeadLetterStateField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<DeadLetterRecord>();
  return record ? <ValueChip value={stateOf(record)} prefix="kestrel.dead_letter_state" colours={STATE_COLOURS} testId="dead-letter-state" /> : null;
}
