import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import { Alert, Box, Button, Card, CardContent, CardHeader, Chip, Divider, IconButton, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { removeStep, type CampaignRecord, type StepRecord } from './campaignsApi';
import { StepDialog, useStepPreview } from './StepDialog';

type Editing = { step?: StepRecord; position: number } | null;

function Step({ step, first, canEdit, onEdit }: { step: StepRecord; first: boolean; canEdit: boolean; onEdit: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const readAgain = useReadAgain(PORTAL_RESOURCES.campaigns);
  const { segments, encoding } = useStepPreview(step.body);
  const [removing, setRemoving] = useState(false);
  const remove = async () => {
    setRemoving(true);
    try {
      await removeStep(step.campaign_id, step.id);
      notify('kestrel.campaigns.step_removed', { type: 'success' });
      await readAgain('getOne');
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setRemoving(false);
    }
  };
  return (
    <Stack spacing={1} data-testid="campaign-step" data-position={step.position}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5, minWidth: 0 }}>
          <Typography variant="subtitle2">{translate('kestrel.campaigns.step_n', { position: step.position })}</Typography>
          <Chip size="small" variant="outlined" label={translate(first ? 'kestrel.campaigns.after_enrolment' : 'kestrel.campaigns.after_previous', { delay: step.delay })} data-testid="step-delay-chip" />
          {step.condition !== 'none' && <Chip size="small" variant="outlined" color="secondary" label={translate(`kestrel.step_conditions.${step.condition}`)} />}
        </Stack>
        {canEdit && (
          <Stack direction="row">
            <IconButton size="small" aria-label={translate('kestrel.campaigns.edit_step')} onClick={onEdit} data-testid="edit-step">
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton size="small" aria-label={translate('kestrel.campaigns.remove_step')} onClick={() => void remove()} disabled={removing} data-testid="remove-step">
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Stack>
        )}
      </Stack>
      <Box sx={{ p: 1.5, borderRadius: 2, bgcolor: (theme) => theme.palette.grey[theme.palette.mode === 'dark' ? 800 : 100] }}>
        <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="step-body">
          {step.body}
        </Typography>
        <Typography variant="caption" color={segments > 1 ? 'warning.main' : 'text.secondary'}>
          {translate('kestrel.templates.segments', { smart_count: segments, encoding })}
        </Typography>
      </Box>
    </Stack>
  );
}

/**
 * The campaign's steps in order, each with its delay, its condition and the SMS segments
 * it takes as sent. Each enrolment reads a step when it falls due, so an edit reaches every step
 * not yet sent to those enrolled, which the card says while anyone is.
 */
export function Steps({ campaign }: { campaign: CampaignRecord }) {
  const translate = useTranslate();
  const writer = useMessagingWriter();
  const [editing, setEditing] = useState<Editing>(null);
  const steps = campaign.steps ?? [];
  const ongoing = (campaign.enrollments?.active ?? 0) + (campaign.enrollments?.paused ?? 0);
  const canEdit = writer && campaign.status !== 'archived';
  return (
    <Card variant="outlined">
      <CardHeader
        title={translate('kestrel.campaigns.steps')}
        subheader={translate('kestrel.campaigns.steps_hint')}
        action={
          canEdit && (
            <Button startIcon={<AddIcon />} onClick={() => setEditing({ position: steps.length + 1 })} data-testid="add-step">
              {translate('kestrel.campaigns.add_step')}
            </Button>
          )
        }
        sx={{ flexWrap: 'wrap', rowGap: 1 }}
      />
      <CardContent>
        <Stack spacing={2}>
          <Alert severity="info" data-testid="edits-apply-note">
            {translate(ongoing > 0 ? 'kestrel.campaigns.edits_apply_to_unsent_count' : 'kestrel.campaigns.edits_apply_to_unsent', { smart_count: ongoing })}
          </Alert>
          {steps.length === 0 ? (
            <Typography color="text.secondary" data-testid="no-steps">
              {translate('kestrel.campaigns.no_steps')}
            </Typography>
          ) : (
            <Stack spacing={2} divider={<Divider flexItem />} data-testid="campaign-steps">
              {steps.map((step, i) => (
                <Step key={step.id} step={step} first={i === 0} canEdit={canEdit} onEdit={() => setEditing({ step, position: i + 1 })} />
              ))}
            </Stack>
          )}
        </Stack>
      </CardContent>
      {editing && <StepDialog campaignId={campaign.id} step={editing.step} position={editing.position} enrolled={ongoing > 0} onClose={() => setEditing(null)} />}
    </Card>
  );
}
