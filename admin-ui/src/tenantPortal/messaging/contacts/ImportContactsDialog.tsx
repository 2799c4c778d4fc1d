import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { useRefresh, useTranslate } from 'react-admin';
import { invalidFieldsOf } from '../../../http/problem';
import type { ImportReport } from '../../../messaging/messageRecord';
import { importContacts } from '../messagingApi';

/** The rows the import refused, by line of the file, with each field's reason. */
function RefusedRows({ refused }: { refused: ImportReport['refused'] }) {
  const translate = useTranslate();
  return (
    <Table size="small" data-testid="import-refused">
      <TableHead>
        <TableRow>
          <TableCell>{translate('kestrel.contacts.import_line')}</TableCell>
          <TableCell>{translate('kestrel.contacts.import_reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {refused.map((row) => (
          <TableRow key={row.line} data-testid="import-refused-row">
            <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{row.line}</TableCell>
            <TableCell>
              {Object.entries(row.errors).map(([field, reason]) => (
                <Typography key={field} variant="body2">
                  <strong>{field}</strong>: {reason}
                </Typography>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Imports contacts from a spreadsheet saved as CSV: a header row with a phone column, and
 * any of name, email, preferred_channel, sms_consent, whatsapp_consent, time_zone. Each
 * row is imported whole or refused; the report says which, and why.
 */
export function ImportContactsDialog({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const refresh = useRefresh();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const [problem, setProblem] = useState<string>();

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    try {
      setReport(await importContacts(await file.text()));
      refresh();
    } catch (error) {
      setProblem(invalidFieldsOf(error)?.csv ?? (error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="import-contacts-title">
      <DialogTitle id="import-contacts-title">{translate('kestrel.contacts.import_title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText>{translate('kestrel.contacts.import_intro')}</DialogContentText>
          {!report && (
            <Button component="label" variant="outlined" startIcon={<UploadFileIcon />} sx={{ alignSelf: 'flex-start' }}>
              {file ? file.name : translate('kestrel.contacts.import_choose')}
              <input hidden type="file" accept=".csv,text/csv" data-testid="import-file" onChange={(e) => setFile(e.target.files?.[0] ?? undefined)} />
            </Button>
          )}
          {problem && (
            <Alert severity="warning" data-testid="import-problem">
              {problem}
            </Alert>
          )}
          {report && (
            <>
              <Alert severity={report.refused.length ? 'warning' : 'success'} data-testid="import-report">
                {translate('kestrel.contacts.import_report', { created: report.created, updated: report.updated, refused: report.refused.length })}
              </Alert>
              {report.refused.length > 0 && <RefusedRows refused={report.refused} />}
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {translate(report ? 'ra.action.close' : 'ra.action.cancel')}
        </Button>
        {!report && (
          <Button variant="contained" onClick={() => void upload()} disabled={!file || busy} data-testid="confirm-import-contacts">
            {translate(busy ? 'kestrel.actions.running' : 'kestrel.contacts.import')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
