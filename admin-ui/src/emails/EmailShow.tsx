import { Box, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import { DateField, Labeled, Show, TextField, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { RecordLoadError } from '../feedback/LoadError';
import { JsonBlock } from '../fields/JsonBlock';
import { DATE_TIME_OPTIONS } from '../format';
import { TenantLink } from '../fields/TenantLink';
import type { EmailRecord } from './emailRecord';
import { EmailStatusField, TemplateField } from './EmailStatusChip';

function EmailTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<EmailRecord>();
  return <>{record ? (record.subject ?? translate(`kestrel.email_templates.${record.template}`, { _: record.template })) : ''}</>;
}

function EmailBody() {
  const translate = useTranslate();
  const email = useRecordContext<EmailRecord>();
  if (!email) return null;
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      <Card variant="outlined">
        <CardContent>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Labeled label="resources.emails.fields.template">
                <TemplateField />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Labeled label="resources.emails.fields.status">
                <EmailStatusField />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Labeled label="resources.emails.fields.tenant_id">
                {email.tenant_id ? <TenantLink tenantId={email.tenant_id} companyName={email.company_name} /> : <span>{translate('kestrel.emails.platform')}</span>}
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Labeled>
                <TextField source="recipient" />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, md: 8 }}>
              <Labeled>
                <TextField source="subject" emptyText="—" />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Labeled>
                <DateField source="created_at" showTime options={DATE_TIME_OPTIONS} />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Labeled>
                <DateField source="sent_at" showTime options={DATE_TIME_OPTIONS} emptyText="—" />
              </Labeled>
            </Grid>
            <Grid size={{ xs: 12, sm: 6, md: 4 }}>
              <Labeled>
                <TextField source="provider_id" emptyText="—" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
              </Labeled>
            </Grid>
            {email.error && (
              <Grid size={{ xs: 12 }}>
                <Labeled>
                  <TextField source="error" sx={{ fontFamily: 'monospace', color: 'error.main', whiteSpace: 'pre-wrap' }} />
                </Labeled>
              </Grid>
            )}
          </Grid>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" sx={{ fontWeight: 500 }}>
            {translate('resources.emails.fields.payload')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('kestrel.emails.payload_hint')}
          </Typography>
          <JsonBlock value={email.payload} testId="email-payload" />
        </CardContent>
      </Card>
    </Stack>
  );
}

export function EmailShow() {
  return (
    <Show<EmailRecord> title={<EmailTitle />} error={<RecordLoadError />} actions={false} component={Box}>
      <EmailBody />
    </Show>
  );
}
