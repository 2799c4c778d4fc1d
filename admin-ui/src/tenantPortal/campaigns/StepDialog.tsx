import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { SelectInput, TextInput, required, useGetOne, useNotify, useTranslate } from 'react-admin';
import { useFormContext, useWatch, type FieldValues } from 'react-hook-form';
import { STEP_VARIABLES } from '../../../../domain/campaigns';
import { DEFAULT_TEMPLATES, PREVIEW_VALUES, renderTemplate, smsSegments } from '../../../../domain/messaging';
import { FormDialog } from '../../dialogs/FormDialog';
import type { TenantRecord } from '../../tenants/tenantRecord';
import { fetchTemplate } from '../messaging/messagingApi';
import { PORTAL_RESOURCES, THE_COMPANY } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { addStep, changeStep, type StepRecord } from './campaignsApi';
import { conditionChoices } from './choices';

const PREVIEW_STALE_MS = 60_000;

/**
 * The step as a customer would read it: its variables filled with the company's name and
 * number and a sample customer, inside the company's campaign wording (its "campaign"
 * template), with the SMS segments it takes. The same rules the sending activity applies.
 */
export function useStepPreview(body: string): { preview: string; segments: number; encoding: string } {
  // Every step shows its preview: the company and its wording are read once for all of them.
  const { data: company } = useGetOne<TenantRecord>(PORTAL_RESOURCES.settings, { id: THE_COMPANY }, { staleTime: PREVIEW_STALE_MS });
  const { data: wording } = useQuery({ queryKey: [PORTAL_RESOURCES.templates, 'campaign'], queryFn: () => fetchTemplate('campaign'), staleTime: PREVIEW_STALE_MS });
  const values = {
    ...PREVIEW_VALUES,
    ...(company && { company_name: company.company_name, company_phone: company.phone_number ?? company.forward_to_number ?? PREVIEW_VALUES.company_phone! }),
  };
  const message = renderTemplate(body, values);
  const preview = message ? renderTemplate(wording?.body ?? DEFAULT_TEMPLATES.campaign, { ...values, message }) : '';
  return { preview, ...smsSegments(preview) };
}

function BodyWithPreview() {
  const translate = useTranslate();
  const { setValue, clearErrors } = useFormContext();
  const body = (useWatch({ name: 'body' }) as string | undefined) ?? '';
  // react-admin's input keeps its own ref to the textarea: the cursor is read through the field's box.
  const field = useRef<HTMLDivElement>(null);
  const { preview, segments, encoding } = useStepPreview(body);

  /** A variable's chip puts `{name}` where the cursor is. */
  const insert = (name: string) => {
    const element = field.current?.querySelector('textarea');
    const at = element?.selectionStart ?? body.length;
    const upTo = element?.selectionEnd ?? at;
    setValue('body', `${body.slice(0, at)}{${name}}${body.slice(upTo)}`, { shouldDirty: true });
    clearErrors('body');
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(at + name.length + 2, at + name.length + 2);
    });
  };

  return (
    <>
      <Stack spacing={0.5}>
        <Typography variant="caption" color="text.secondary">
          {translate('kestrel.templates.variables')}
        </Typography>
        <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5 }} data-testid="step-variables">
          {STEP_VARIABLES.map((name) => (
            <Chip key={name} size="small" variant="outlined" label={`{${name}}`} onClick={() => insert(name)} />
          ))}
        </Stack>
      </Stack>
      <Box ref={field}>
        <TextInput
          source="body"
          label="kestrel.campaigns.step_text"
          validate={required()}
          multiline
          minRows={3}
          fullWidth
          helperText={false}
          slotProps={{ htmlInput: { maxLength: 1600, 'data-testid': 'step-text' } }}
        />
      </Box>
      <Box sx={{ p: 1.5, borderRadius: 2, bgcolor: (theme) => theme.palette.grey[theme.palette.mode === 'dark' ? 800 : 100] }}>
        <Typography variant="caption" color="text.secondary">
          {translate('kestrel.campaigns.step_preview')}
        </Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', minHeight: '1.5em' }} data-testid="step-preview">
          {preview}
        </Typography>
        <Typography variant="caption" color={segments > 1 ? 'warning.main' : 'text.secondary'} data-testid="step-segments">
          {translate('kestrel.templates.segments', { smart_count: segments, encoding })}
        </Typography>
      </Box>
    </>
  );
}

/**
 * A step's text, its delay after the step before (after enrolment, for the first) and its
 * condition. A variable steps do not have is refused on the field when it is saved.
 */
export function StepDialog({ campaignId, step, position, enrolled, onClose }: { campaignId: string; step?: StepRecord; position: number; enrolled: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const readAgain = useReadAgain(PORTAL_RESOURCES.campaigns);
  const save = async (values: FieldValues) => {
    const fields = { body: String(values.body ?? ''), delay: String(values.delay ?? '').trim(), condition: values.condition };
    if (step) await changeStep(campaignId, step.id, fields);
    else await addStep(campaignId, fields);
    notify(step ? 'kestrel.campaigns.step_saved' : 'kestrel.campaigns.step_added', { type: 'success' });
    await readAgain('getOne');
    onClose();
  };
  return (
    <FormDialog
      name={step ? 'edit-step' : 'add-step'}
      title={step ? 'kestrel.campaigns.edit_step_title' : 'kestrel.campaigns.add_step_title'}
      messageArgs={{ position }}
      intro={
        enrolled ? (
          <Alert severity="info" data-testid="step-edit-note">
            {translate('kestrel.campaigns.edits_apply_to_unsent')}
          </Alert>
        ) : (
          'kestrel.campaigns.step_intro'
        )
      }
      submitLabel={step ? 'ra.action.save' : 'kestrel.campaigns.add_step'}
      defaultValues={step ? { body: step.body, delay: step.delay, condition: step.condition } : { body: '', delay: position === 1 ? '1h' : '2d', condition: 'none' }}
      maxWidth="sm"
      onClose={onClose}
      onSubmit={save}
    >
      <BodyWithPreview />
      <TextInput
        source="delay"
        label={position === 1 ? 'kestrel.campaigns.delay_first' : 'kestrel.campaigns.delay_after'}
        validate={required()}
        helperText="kestrel.campaigns.delay_help"
        fullWidth
        slotProps={{ htmlInput: { 'data-testid': 'step-delay' } }}
      />
      <SelectInput source="condition" label="kestrel.campaigns.condition" choices={conditionChoices} validate={required()} helperText="kestrel.campaigns.condition_help" fullWidth />
    </FormDialog>
  );
}
