import { EXPORT_SOURCES } from '../../activities/data-export/catalogue';
import { EXPORT_TABLES, exportEntryName, exportPercent, exportWorkflowId, PACKING_PERCENT } from '../../domain/data-export';

describe('data export', () => {
  describe('progress shown while rows are written', () => {
    it('is 0 until the rows have been counted, or when there are none to write', () => {
      expect(exportPercent(0, null)).toBe(0);
      expect(exportPercent(120, null)).toBe(0);
      expect(exportPercent(0, 0)).toBe(0);
    });

    it('grows with the rows written, in whole percent rounded down', () => {
      expect(exportPercent(0, 1000)).toBe(0);
      expect(exportPercent(1, 1000)).toBe(0);
      expect(exportPercent(500, 1000)).toBe(47);
      expect(exportPercent(999, 1000)).toBe(94);
    });

    it('never reaches 100 before the zip is in place: every row written is 95, the packing share', () => {
      expect(exportPercent(1000, 1000)).toBe(95);
      expect(PACKING_PERCENT).toBe(95);
      // Rows added while the export ran are written too, without passing the packing share.
      expect(exportPercent(1200, 1000)).toBe(95);
    });

    it('never goes back as more rows are written', () => {
      let previous = 0;
      for (let written = 0; written <= 777; written++) {
        const percent = exportPercent(written, 777);
        expect(percent).toBeGreaterThanOrEqual(previous);
        previous = percent;
      }
      expect(previous).toBe(PACKING_PERCENT);
    });
  });

  describe('contents', () => {
    it('is one NDJSON file per table, named after it', () => {
      const names = EXPORT_TABLES.map(exportEntryName);
      expect(names).toContain('calls.ndjson');
      expect(names).toContain('appointments.ndjson');
      expect(new Set(names).size).toBe(EXPORT_TABLES.length);
      for (const name of names) expect(name).toMatch(/^[a-z_]+\.ndjson$/);
    });

    it('starts with the tenant, holds usage as billed periods and metered calls, and the customers’ texts and opt-outs', () => {
      expect(EXPORT_TABLES[0]).toBe('tenant');
      expect(EXPORT_TABLES).toEqual(expect.arrayContaining(['usage_periods', 'usage_events', 'messages', 'sms_opt_outs']));
    });

    it('holds what the company keeps about its customers and tells them', () => {
      expect(EXPORT_TABLES).toEqual(
        expect.arrayContaining(['contacts', 'message_templates', 'jobs', 'customer_invoices', 'campaigns', 'campaign_steps', 'campaign_enrollments']),
      );
    });

    it('reads each file from listed columns, without secrets or the platform’s plumbing', () => {
      const plumbing = ['password_hash', 'invite_token_hash', 'key_hash', 'workflow_id', 'enrol_key', 'twilio_sid', 'idempotency_key', 'attempted_at'];
      for (const table of EXPORT_TABLES) {
        const { columns } = EXPORT_SOURCES[table];
        expect({ table, listed: columns.length > 0, plumbing: columns.filter((c) => plumbing.includes(c)) }).toEqual({ table, listed: true, plumbing: [] });
      }
    });

    it('leaves out health scores: Kestrel’s own assessment, not data the company provided', () => {
      expect(EXPORT_TABLES.some((table) => table.includes('health'))).toBe(false);
    });
  });

  it('names its workflow by the export id alone', () => {
    expect(exportWorkflowId('7d0f6c2e-4b1a-4c1e-9a55-1f2e3d4c5b6a')).toBe('export-7d0f6c2e-4b1a-4c1e-9a55-1f2e3d4c5b6a');
  });
});
