import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, List, ListItem, ListItemText, Stack, Tab, Tabs, TextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { AutocompleteArrayInput, Form, ReferenceArrayInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { ContactName } from '../customers/ContactName';
import { contactSearch, contactText } from '../customers/CustomerInputs';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { enrolContacts, type EnrolResult } from './campaignsApi';

/** Pasted numbers, one a line (or separated by commas), as the CSV the API reads: a phone column. */
export function phonesCsv(pasted: string): string {
  const phones = pasted
    .split(/[\n,;]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  return ['phone', ...phones.map((phone) => `"${phone.replace(/"/g, '""')}"`)].join('\n');
}

/** The contacts chosen in the form, told to the dialog that sends them. */
function ChosenContacts({ onChange }: { onChange: (ids: string[]) => void }) {
  const ids = useWatch({ name: 'contact_ids' }) as string[] | undefined;
  const joined = (ids ?? []).join();
  useEffect(() => onChange(joined ? joined.split(',') : []), [joined, onChange]);
  return null;
}

/** Who was enrolled, and who was refused and why (in the campaign already, opted out, a number that cannot take texts). */
function Report({ result }: { result: EnrolResult }) {
  const translate = useTranslate();
  return (
    <Stack spacing={1} data-testid="enrol-report">
      <Alert severity={result.refused.length ? 'warning' : 'success'}>
        {translate('kestrel.campaigns.enrol_report', { enrolled: result.enrolled.length, refused: result.refused.length })}
      </Alert>
      {result.refused.length > 0 && (
        <List dense disablePadding>
          {result.refused.map((r, i) => (
            <ListItem key={i} disableGutters>
              <ListItemText
                primary={r.contact_id ? <ContactName id={r.contact_id} /> : translate('kestrel.campaigns.line_n', { line: r.line ?? '?' })}
                secondary={r.reason}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Stack>
  );
}

/**
 * Enrols contacts in the campaign: chosen among the company's contacts, or numbers pasted
 * (a number the company has no contact for becomes one). The first step's delay starts now.
 */
export function EnrolDialog({ campaignId, onClose }: { campaignId: string; onClose: () => void }) {
  const translate = useTranslate();
  const readAgain = useReadAgain(PORTAL_RESOURCES.campaigns);
  const [how, setHow] = useState<'pick' | 'paste'>('pick');
  const [chosen, setChosen] = useState<string[]>([]);
  const [pasted, setPasted] = useState('');
  const [working, setWorking] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [result, setResult] = useState<EnrolResult>();
  const ready = how === 'pick' ? chosen.length > 0 : pasted.trim().length > 0;

  const enrol = async () => {
    setWorking(true);
    setRefusal(undefined);
    try {
      setResult(await enrolContacts(campaignId, how === 'pick' ? { contact_ids: chosen } : { csv: phonesCsv(pasted) }));
      await readAgain();
    } catch (error) {
      setRefusal((error as Error).message);
    } finally {
      setWorking(false);
    }
  };

  return (
    <Dialog open onClose={working ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="enrol-title">
      <DialogTitle id="enrol-title">{translate('kestrel.campaigns.enrol_title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5}>
          <DialogContentText>{translate('kestrel.campaigns.enrol_intro')}</DialogContentText>
          {refusal && (
            <Alert severity="warning" data-testid="enrol-refused">
              {refusal}
            </Alert>
          )}
          {result ? (
            <Report result={result} />
          ) : (
            <>
              <Tabs value={how} onChange={(_, value: 'pick' | 'paste') => setHow(value)} variant="fullWidth">
                <Tab value="pick" label={translate('kestrel.campaigns.enrol_pick')} data-testid="enrol-pick" />
                <Tab value="paste" label={translate('kestrel.campaigns.enrol_paste')} data-testid="enrol-paste" />
              </Tabs>
              {how === 'pick' ? (
                <Form record={{}} defaultValues={{ contact_ids: chosen }}>
                  <ReferenceArrayInput source="contact_ids" reference={PORTAL_RESOURCES.contacts} perPage={10}>
                    <AutocompleteArrayInput label="kestrel.campaigns.contacts" optionText={contactText} filterToQuery={contactSearch} helperText={false} fullWidth />
                  </ReferenceArrayInput>
                  <ChosenContacts onChange={setChosen} />
                </Form>
              ) : (
                <TextField
                  label={translate('kestrel.campaigns.phones')}
                  value={pasted}
                  onChange={(e) => setPasted(e.target.value)}
                  multiline
                  minRows={4}
                  fullWidth
                  helperText={translate('kestrel.campaigns.phones_help')}
                  slotProps={{ htmlInput: { 'data-testid': 'enrol-phones' } }}
                />
              )}
            </>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {result ? (
          <Button variant="contained" onClick={onClose} data-testid="enrol-done">
            {translate('ra.action.close')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={working}>
              {translate('ra.action.cancel')}
            </Button>
            <Button variant="contained" onClick={() => void enrol()} disabled={working || !ready} data-testid="confirm-enrol">
              {translate(working ? 'kestrel.actions.running' : 'kestrel.campaigns.enrol')}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
