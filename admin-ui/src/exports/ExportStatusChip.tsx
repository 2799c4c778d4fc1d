import { ValueChip, type ChipColour } from '../fields/ValueChip';
import type { ExportStatus } from './exportRecord';

/** Green: ready to download; blue: being written; red: it failed. An expired export's file is gone. */
const STATUS_COLOURS: Record<string, ChipColour> = { running: 'info', completed: 'success', failed: 'error' };

export function ExportStatusChip({ status }: { status: ExportStatus }) {
  return <ValueChip value={status} prefix="kestrel.exports.status" colours={STATUS_COLOURS} outlined={['expired']} testId="export-status" />;
}
