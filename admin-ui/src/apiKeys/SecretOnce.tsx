import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Button, Stack, TextField } from '@mui/material';
import { useRef, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';

/** Copies with the Clipboard API, or, where a page may not use it, by selecting the text and copying that. */
async function copy(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.select();
    return document.execCommand('copy');
  }
}

/**
 * A secret the API shows once (a new API key): in full, selectable, with a copy button,
 * and a warning that it cannot be shown again.
 */
export function SecretOnce({ secret, label }: { secret: string; label: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const onCopy = async () => {
    const done = await copy(secret, field.current);
    setCopied(done);
    notify(done ? 'kestrel.api_keys.copied' : 'kestrel.api_keys.copy_failed', { type: done ? 'info' : 'warning' });
  };
  return (
    <Stack spacing={1.5}>
      <Alert severity="warning">{translate('kestrel.api_keys.shown_once')}</Alert>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <TextField
          inputRef={field}
          label={translate(label)}
          value={secret}
          fullWidth
          onFocus={(e) => e.target.select()}
          slotProps={{ htmlInput: { readOnly: true, spellCheck: false, 'data-testid': 'new-key', style: { fontFamily: 'monospace' } } }}
        />
        <Button variant="contained" onClick={() => void onCopy()} startIcon={copied ? <CheckIcon /> : <ContentCopyIcon />} sx={{ flexShrink: 0 }} data-testid="copy-key">
          {translate(copied ? 'kestrel.api_keys.copied_short' : 'kestrel.api_keys.copy')}
        </Button>
      </Stack>
    </Stack>
  );
}
