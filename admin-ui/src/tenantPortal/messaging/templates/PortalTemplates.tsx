import { Alert, Card, CardContent, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { MESSAGE_KINDS, type MessageKind } from '../../../../../domain/messaging';
import { useMessagingWriter } from '../messagingApi';
import { TemplateEditor } from './TemplateEditor';

/**
 * The company's wording of each text Kestrel sends for it, with `{variables}` filled in
 * when it goes: a preview and its SMS segments as the text is typed; a variable the kind
 * does not have is refused on the field when it is saved.
 */
export function PortalTemplates() {
  const translate = useTranslate();
  const writer = useMessagingWriter();
  const [kind, setKind] = useState<MessageKind>('appointment_confirmation');
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4 }} data-testid="portal-templates">
      <Title title={translate('kestrel.templates.title')} />
      <Typography variant="body2" color="text.secondary">
        {translate('kestrel.templates.hint')}
      </Typography>
      {!writer && (
        <Alert severity="info" data-testid="read-only-templates">
          {translate('kestrel.templates.read_only')}
        </Alert>
      )}
      <Card>
        <Tabs value={kind} onChange={(_, value: MessageKind) => setKind(value)} variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile>
          {MESSAGE_KINDS.map((k) => (
            <Tab key={k} value={k} label={translate(`kestrel.message_kinds.${k}`)} data-testid={`template-tab-${k}`} />
          ))}
        </Tabs>
        <CardContent>
          <TemplateEditor key={kind} kind={kind} />
        </CardContent>
      </Card>
    </Stack>
  );
}
