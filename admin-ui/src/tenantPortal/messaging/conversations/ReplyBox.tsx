import SendIcon from '@mui/icons-material/Send';
import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { smsSegments } from '../../../../../domain/messaging';
import { fieldErrorsOf } from '../../../http/problem';
import type { ContactRecord } from '../../../messaging/messageRecord';
import { PORTAL_RESOURCES } from '../../tenantDataProvider';
import { sendText } from '../messagingApi';

/** Twilio's limit on one message, which the API holds to too. */
const MAX_LENGTH = 1600;

/** A fresh key per text (getRandomValues, which unlike randomUUID works outside HTTPS too). */
const newKey = () => `portal:${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

/**
 * Writes to the contact from the company's number, at once (quiet hours are for what
 * Kestrel starts; this answers the customer). One text is one request under one key: a
 * second click while it is on its way, or a retry after an error, does not send it twice.
 */
export function ReplyBox({ contact }: { contact: ContactRecord }) {
  const translate = useTranslate();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [key, setKey] = useState(newKey);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const text = body.trim();
  const { segments, encoding } = smsSegments(text);
  const optedOut = contact.preferred_channel === 'whatsapp' && contact.whatsapp_consent ? contact.whatsapp_opted_out_at : contact.sms_opted_out_at;

  const send = async () => {
    if (!text || sending) return;
    setSending(true);
    setProblem(undefined);
    try {
      await sendText(contact.id, text, key);
      setBody('');
      setKey(newKey());
      await queryClient.invalidateQueries({ queryKey: [PORTAL_RESOURCES.messages] });
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setProblem(fields?.body ?? fields?.to ?? (error as Error).message);
      // A refusal is final for this text: a changed text is a new message.
      setKey(newKey());
    } finally {
      setSending(false);
    }
  };

  return (
    <Stack spacing={1} data-testid="reply-box">
      {optedOut && (
        <Alert severity="warning" data-testid="reply-opted-out">
          {translate('kestrel.conversations.opted_out')}
        </Alert>
      )}
      {problem && (
        <Alert severity="warning" onClose={() => setProblem(undefined)} data-testid="reply-refused">
          {problem}
        </Alert>
      )}
      <TextField
        label={translate('kestrel.conversations.reply')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl/⌘-Enter sends; Enter alone is a new line, as in a text message app on a computer.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
        }}
        multiline
        minRows={2}
        maxRows={8}
        disabled={sending}
        fullWidth
        slotProps={{ htmlInput: { maxLength: MAX_LENGTH, 'data-testid': 'reply-text' } }}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="caption" color="text.secondary" data-testid="reply-segments">
          {text ? translate('kestrel.templates.segments', { smart_count: segments, encoding }) : '\u00a0'}
        </Typography>
        <Button variant="contained" endIcon={<SendIcon />} onClick={() => void send()} disabled={!text || sending} data-testid="send-reply">
          {translate(sending ? 'kestrel.conversations.sending' : 'kestrel.conversations.send')}
        </Button>
      </Stack>
    </Stack>
  );
}
