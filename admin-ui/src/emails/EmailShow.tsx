import SendIcon from '@mui/icons-material/Send';
import { Alert, Box, Card, CardContent, CircularProgress, List, ListItem, ListItemText, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  Confirm,
  HttpError,
  Link,
  RecordContextProvider,
  Show,
  TextField,
  TopToolbar,
  useCreatePath,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useShowContext,
  useTranslate,
} from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { managesCompany, operatorHolds } from '../auth/session';
import { RecordLoadError } from '../feedback/LoadError';
import { DateTimeField } from '../fields/DateTimeField';
import { JsonBlock } from '../fields/JsonBlock';
import { TenantLink } from '../fields/TenantLink';
import { formatDateTime } from '../format';
import { Fact, FactsCard } from '../sections/Facts';
import { CardSection } from '../sections/Section';
import { previewEmail, resendEmail } from './emailApi';
import type { EmailRecord } from './emailRecord';
import { EmailStatusField, TemplateField } from './EmailStatusChip';

/** While a re-send is on its way, the page is read again until its e-mail is in the log, sent or failed. */
const RESEND_POLL_MS = 1000;

/** A re-send asked for from this page, for the e-mail `id` (the page may since show another). */
type ResendResult = { id: string } & ({ kind: 'started'; before: number } | { kind: 'refused' | 'failed'; reason: string });

const settled = (status: string | undefined) => status === 'sent' || status === 'failed';

function EmailTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<EmailRecord>();
  return <>{record ? (record.subject ?? translate(`kestrel.email_templates.${record.template}`, { _: record.template })) : ''}</>;
}

/**
 * Sends the e-mail again, after a confirmation, to whom it went (as the account stands
 * now). Offered to whoever may change the company the e-mail is about; the API refuses an
 * e-mail whose single-use link no longer works, and says how to get a fresh one.
 */
function ResendButton({ onResult }: { onResult: (result: ResendResult) => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const email = useRecordContext<EmailRecord>();
  const { permissions: me } = usePermissions<Permissions>();
  const [confirming, setConfirming] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: (id: string) => resendEmail(id),
    onSuccess: () => {
      notify('kestrel.emails.resend_started', { type: 'success' });
      onResult({ id: email!.id, kind: 'started', before: email?.resends?.length ?? 0 });
    },
    onError: (error: Error) => {
      const refused = error instanceof HttpError && error.status === 409;
      notify(refused ? 'kestrel.emails.resend_refused' : 'kestrel.emails.resend_failed', { type: 'error', messageArgs: { reason: error.message } });
      onResult({ id: email!.id, kind: refused ? 'refused' : 'failed', reason: error.message });
    },
    onSettled: () => refresh(),
  });
  if (!email || email.channel !== 'email') return null;
  const allowed = email.tenant_id ? managesCompany(me, email.tenant_id) : operatorHolds(me, 'tenants:write');
  if (!allowed) return null;
  return (
    <>
      <Button label="kestrel.emails.resend" onClick={() => setConfirming(true)} disabled={isPending} variant="contained" data-testid="resend-button">
        {isPending ? <CircularProgress size={18} /> : <SendIcon />}
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="kestrel.emails.resend_title"
        content={translate('kestrel.emails.resend_confirm', {
          subject: email.subject ?? translate(`kestrel.email_templates.${email.template}`, { _: email.template }),
          recipient: email.recipient,
        })}
        confirm="kestrel.emails.resend"
        onConfirm={() => {
          setConfirming(false);
          mutate(email.id);
        }}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

/** What the last re-send from this page did: on its way, in the log, or refused with the reason. */
function ResendStatus({ result }: { result: ResendResult | null }) {
  const translate = useTranslate();
  const email = useRecordContext<EmailRecord>();
  if (!result || !email || result.id !== email.id) return null;
  if (result.kind !== 'started') {
    return (
      <Alert severity={result.kind === 'refused' ? 'warning' : 'error'} data-testid="resend-status">
        {translate(result.kind === 'refused' ? 'kestrel.emails.resend_refused' : 'kestrel.emails.resend_failed', { reason: result.reason })}
      </Alert>
    );
  }
  const newest = (email.resends?.length ?? 0) > result.before ? email.resends![0] : undefined;
  if (newest?.status === 'sent') {
    return (
      <Alert severity="success" data-testid="resend-status">
        {translate('kestrel.emails.resend_sent', { recipient: email.recipient })}
      </Alert>
    );
  }
  if (newest?.status === 'failed') {
    return (
      <Alert severity="error" data-testid="resend-status">
        {translate('kestrel.emails.resend_not_delivered')}
      </Alert>
    );
  }
  return (
    <Alert severity="info" data-testid="resend-status">
      {translate('kestrel.emails.resend_on_its_way')}
    </Alert>
  );
}

/** How this e-mail relates to others: the one it sends again, and the re-sends of it. */
function Resends() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const email = useRecordContext<EmailRecord>();
  if (!email || (!email.resend_of && !email.resends?.length)) return null;
  const link = (id: string) => createPath({ resource: 'emails', id, type: 'show' });
  return (
    <Card variant="outlined" data-testid="email-resends">
      <CardContent>
        {email.resend_of && (
          <Typography variant="body2">
            {translate('kestrel.emails.resend_of')} <Link to={link(email.resend_of)}>{translate('kestrel.emails.the_original')}</Link>
          </Typography>
        )}
        {Boolean(email.resends?.length) && (
          <>
            <Typography variant="subtitle1" sx={{ fontWeight: 500 }}>
              {translate('kestrel.emails.resends')}
            </Typography>
            <List dense disablePadding>
              {email.resends!.map((resend) => (
                <RecordContextProvider key={resend.id} value={{ ...email, ...resend }}>
                  <ListItem disableGutters secondaryAction={<EmailStatusField />} data-testid="email-resend">
                    <ListItemText primary={<Link to={link(resend.id)}>{formatDateTime(resend.sent_at ?? resend.created_at)}</Link>} />
                  </ListItem>
                </RecordContextProvider>
              ))}
            </List>
          </>
        )}
      </CardContent>
    </Card>
  );
}

/**
 * The e-mail as its recipient got it, from the provider's copy: the HTML part in a frame
 * that may run nothing and reach nothing of the console (`sandbox=""`), and the text part.
 */
function EmailPreviewCard() {
  const translate = useTranslate();
  const email = useRecordContext<EmailRecord>();
  const [part, setPart] = useState<'html' | 'text'>('html');
  const sent = Boolean(email && email.channel === 'email' && email.provider_id);
  const preview = useQuery({ queryKey: ['emails', email?.id, 'preview'], queryFn: () => previewEmail(email!.id), enabled: sent, retry: false, staleTime: Infinity });
  if (!email || email.channel !== 'email') return null;
  const shown = part === 'html' ? preview.data?.html : preview.data?.text;
  return (
    <CardSection title="kestrel.emails.preview" hint="kestrel.emails.preview_hint" testId="email-preview">
      {!sent ? (
        <Alert severity="info">{translate('kestrel.emails.preview_not_sent')}</Alert>
      ) : preview.isPending ? (
        <CircularProgress size={24} />
      ) : preview.isError ? (
        <Alert severity="warning" data-testid="email-preview-problem">
          {translate('kestrel.emails.preview_unavailable', { reason: preview.error.message })}
        </Alert>
      ) : (
        <>
          <Tabs value={part} onChange={(_event, value: 'html' | 'text') => setPart(value)} sx={{ mb: 1 }}>
            <Tab value="html" label={translate('kestrel.emails.as_html')} />
            <Tab value="text" label={translate('kestrel.emails.as_text')} />
          </Tabs>
          {shown == null ? (
            <Typography color="text.secondary">{translate('kestrel.emails.part_missing')}</Typography>
          ) : part === 'html' ? (
            <Box
              component="iframe"
              title={translate('kestrel.emails.preview')}
              sandbox=""
              srcDoc={shown}
              data-testid="email-preview-html"
              sx={{ display: 'block', width: '100%', height: 520, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: '#fff' }}
            />
          ) : (
            <Box
              component="pre"
              data-testid="email-preview-text"
              sx={{ m: 0, p: 1.5, maxHeight: 520, overflow: 'auto', bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 14 }}
            >
              {shown}
            </Box>
          )}
        </>
      )}
    </CardSection>
  );
}

function EmailBody({ result }: { result: ResendResult | null }) {
  const translate = useTranslate();
  const email = useRecordContext<EmailRecord>();
  if (!email) return null;
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      <ResendStatus result={result} />
      <FactsCard>
        <Fact label="resources.emails.fields.template">
          <TemplateField />
        </Fact>
        <Fact label="resources.emails.fields.status">
          <EmailStatusField />
        </Fact>
        <Fact label="resources.emails.fields.tenant_id">
          {email.tenant_id ? (
            <TenantLink tenantId={email.tenant_id} companyName={email.company_name} />
          ) : (
            // A component rather than a bare element, which Labeled would show without its label.
            <Typography variant="body2" component="span">
              {translate('kestrel.emails.platform')}
            </Typography>
          )}
        </Fact>
        <Fact>
          <TextField source="recipient" sx={{ overflowWrap: 'anywhere' }} />
        </Fact>
        <Fact size={{ xs: 12, md: 8 }}>
          <TextField source="subject" emptyText="—" />
        </Fact>
        <Fact>
          <DateTimeField source="created_at" />
        </Fact>
        <Fact>
          <DateTimeField source="sent_at" />
        </Fact>
        <Fact>
          <TextField source="provider_id" emptyText="—" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
        </Fact>
        {email.error && (
          <Fact size={{ xs: 12 }}>
            <TextField source="error" sx={{ fontFamily: 'monospace', color: 'error.main', whiteSpace: 'pre-wrap' }} />
          </Fact>
        )}
      </FactsCard>
      <Resends />
      <EmailPreviewCard />
      <CardSection title="resources.emails.fields.payload" hint="kestrel.emails.payload_hint">
        <JsonBlock value={email.payload} testId="email-payload" />
      </CardSection>
    </Stack>
  );
}

/** One e-mail: what it was, how it went, how it looked, and the button that sends it again. */
export function EmailShow() {
  const [result, setResult] = useState<ResendResult | null>(null);
  const awaiting = (email: EmailRecord | undefined) => {
    if (result?.kind !== 'started' || result.id !== email?.id) return false;
    const resends = email?.resends ?? [];
    return resends.length <= result.before || !settled(resends[0]?.status);
  };
  return (
    <Show<EmailRecord>
      title={<EmailTitle />}
      error={<RecordLoadError />}
      component={Box}
      actions={
        <TopToolbar>
          <ResendButton onResult={setResult} />
        </TopToolbar>
      }
      queryOptions={{ refetchInterval: (query) => (awaiting(query.state.data) ? RESEND_POLL_MS : false) }}
    >
      <EmailBody result={result} />
    </Show>
  );
}
