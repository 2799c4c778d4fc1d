import RestoreIcon from '@mui/icons-material/Restore';
import { Alert, Box, Button, Chip, LinearProgress, Stack, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useGetOne, useNotify, useTranslate } from 'react-admin';
import { DEFAULT_TEMPLATES, PREVIEW_VALUES, renderTemplate, smsSegments, type MessageKind } from '../../../../../domain/messaging';
import { LoadErrorAlert } from '../../../feedback/LoadError';
import { fieldErrorsOf } from '../../../http/problem';
import type { TemplateRecord } from '../../../messaging/messageRecord';
import type { TenantRecord } from '../../../tenants/tenantRecord';
import { PORTAL_RESOURCES, THE_COMPANY } from '../../tenantDataProvider';
import { fetchTemplate, saveTemplate, useMessagingWriter } from '../messagingApi';

/** The API names each unknown variable as `body.<name>`: the field shows them all. */
function bodyErrors(error: unknown): string | undefined {
  const errors = fieldErrorsOf(error);
  if (!errors) return undefined;
  const messages = Object.entries(errors)
    .filter(([field]) => field === 'body' || field.startsWith('body.'))
    .map(([, message]) => message);
  return messages.length ? messages.join('; ') : undefined;
}

/** The message as a customer would read it, with the company's name and number and sample values: the API's own rules, as the text is typed. */
function usePreview(body: string): { preview: string; segments: number; encoding: string } {
  const { data: company } = useGetOne<TenantRecord>(PORTAL_RESOURCES.settings, { id: THE_COMPANY });
  const preview = renderTemplate(body, {
    ...PREVIEW_VALUES,
    ...(company && { company_name: company.company_name, company_phone: company.phone_number ?? company.forward_to_number ?? PREVIEW_VALUES.company_phone! }),
  });
  return { preview, ...smsSegments(preview) };
}

function Editor({ template }: { template: TemplateRecord }) {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const writer = useMessagingWriter();
  const [body, setBody] = useState(template.body);
  const [saving, setSaving] = useState(false);
  const [fieldError, setFieldError] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const input = useRef<HTMLTextAreaElement>(null);
  const { preview, segments, encoding } = usePreview(body);

  /** A variable's chip puts `{name}` where the cursor is. */
  const insert = (name: string) => {
    const element = input.current;
    const at = element?.selectionStart ?? body.length;
    const upTo = element?.selectionEnd ?? at;
    setBody(`${body.slice(0, at)}{${name}}${body.slice(upTo)}`);
    setFieldError(undefined);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(at + name.length + 2, at + name.length + 2);
    });
  };

  const save = async () => {
    setSaving(true);
    setFieldError(undefined);
    setProblem(undefined);
    try {
      const saved = await saveTemplate(template.kind, body);
      queryClient.setQueryData([PORTAL_RESOURCES.templates, template.kind], saved);
      setBody(saved.body);
      notify('kestrel.templates.saved', { type: 'success' });
    } catch (error) {
      const onField = bodyErrors(error);
      if (onField) setFieldError(onField);
      else setProblem((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const changed = body !== template.body;
  return (
    <Stack spacing={2} data-testid="template-editor" data-kind={template.kind}>
      <Typography variant="body2" color="text.secondary">
        {translate(`kestrel.templates.about.${template.kind}`)}
      </Typography>
      <Stack spacing={0.5}>
        <Typography variant="caption" color="text.secondary">
          {translate('kestrel.templates.variables')}
        </Typography>
        <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }} data-testid="template-variables">
          {template.variables.map((name) => (
            <Chip key={name} size="small" variant="outlined" label={`{${name}}`} onClick={writer ? () => insert(name) : undefined} />
          ))}
        </Stack>
      </Stack>
      {problem && (
        <Alert severity="warning" onClose={() => setProblem(undefined)}>
          {problem}
        </Alert>
      )}
      <TextField
        label={translate('kestrel.templates.text')}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          setFieldError(undefined);
        }}
        multiline
        minRows={3}
        fullWidth
        disabled={!writer || saving}
        error={Boolean(fieldError)}
        helperText={fieldError ?? (template.is_default && !changed ? translate('kestrel.templates.is_default') : ' ')}
        inputRef={input}
        slotProps={{ htmlInput: { maxLength: 1600, 'data-testid': 'template-text' }, formHelperText: { 'data-testid': 'template-text-help' } as object }}
      />
      <Box sx={{ p: 1.5, borderRadius: 2, bgcolor: (theme) => theme.palette.grey[theme.palette.mode === 'dark' ? 800 : 100] }}>
        <Typography variant="caption" color="text.secondary">
          {translate('kestrel.templates.preview')}
        </Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="template-preview">
          {preview}
        </Typography>
        <Typography variant="caption" color={segments > 1 ? 'warning.main' : 'text.secondary'} data-testid="template-segments">
          {translate('kestrel.templates.segments', { smart_count: segments, encoding })}
        </Typography>
      </Box>
      {writer && (
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', flexWrap: 'wrap', rowGap: 1 }}>
          <Button startIcon={<RestoreIcon />} onClick={() => setBody(DEFAULT_TEMPLATES[template.kind as MessageKind])} disabled={saving || body === DEFAULT_TEMPLATES[template.kind as MessageKind]}>
            {translate('kestrel.templates.use_default')}
          </Button>
          <Button variant="contained" onClick={() => void save()} disabled={saving || !changed || !body.trim()} data-testid="save-template">
            {translate(saving ? 'kestrel.actions.running' : 'ra.action.save')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}

/** One kind of message's template, read from the tenant API and edited in place. */
export function TemplateEditor({ kind }: { kind: MessageKind }) {
  const { data, isPending, error, refetch } = useQuery({ queryKey: [PORTAL_RESOURCES.templates, kind], queryFn: () => fetchTemplate(kind) });
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending || !data) return <LinearProgress />;
  // A template saved (or read again) starts the editor afresh.
  return <Editor key={`${data.kind}:${data.updated_at ?? 'default'}`} template={data} />;
}
