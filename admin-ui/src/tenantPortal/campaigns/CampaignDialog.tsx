import { useCreatePath, useNotify } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { SEASONAL_DEFAULTS } from '../../../../domain/campaigns';
import { FormDialog } from '../../dialogs/FormDialog';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { CampaignInputs } from './CampaignInputs';
import { changeCampaign, createCampaign, type CampaignFields, type CampaignRecord } from './campaignsApi';

/** A campaign made seasonal in the form starts from the API's own defaults for its day and its customers. */
const NEW_CAMPAIGN = { name: '', trigger: 'manual', trigger_settings: { ...SEASONAL_DEFAULTS }, goal: 'appointment_booked', exit_on_reply: true };

/** The settings the trigger takes: a seasonal campaign's months, day and months since the last visit, as typed (the API checks their ranges); none for the others. */
function settingsOf(values: FieldValues): CampaignFields['trigger_settings'] {
  if (values.trigger !== 'seasonal') return {};
  const { months, day, months_since_visit } = (values.trigger_settings ?? {}) as CampaignFields['trigger_settings'];
  return { months, day, months_since_visit };
}

function fieldsOf(values: FieldValues): CampaignFields {
  return { name: String(values.name ?? '').trim(), trigger: values.trigger, trigger_settings: settingsOf(values), goal: values.goal, exit_on_reply: Boolean(values.exit_on_reply) };
}

/** A new campaign (a draft, opened on its builder), or a campaign's settings. */
export function CampaignDialog({ campaign, onClose }: { campaign?: CampaignRecord; onClose: () => void }) {
  const notify = useNotify();
  const readAgain = useReadAgain(PORTAL_RESOURCES.campaigns);
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const save = async (values: FieldValues) => {
    if (campaign) {
      await changeCampaign(campaign.id, fieldsOf(values));
      notify('kestrel.campaigns.saved', { type: 'success' });
      await readAgain();
      onClose();
      return;
    }
    const created = await createCampaign(fieldsOf(values));
    notify('kestrel.campaigns.created', { type: 'success' });
    onClose();
    navigate(createPath({ resource: PORTAL_RESOURCES.campaigns, id: created.id, type: 'show' }));
  };
  return (
    <FormDialog
      name={campaign ? 'edit-campaign' : 'add-campaign'}
      title={campaign ? 'kestrel.campaigns.edit_title' : 'kestrel.campaigns.add_title'}
      intro={campaign ? 'kestrel.campaigns.edit_intro' : 'kestrel.campaigns.add_intro'}
      submitLabel={campaign ? 'ra.action.save' : 'kestrel.campaigns.add'}
      defaultValues={
        campaign
          ? { name: campaign.name, trigger: campaign.trigger, trigger_settings: { ...SEASONAL_DEFAULTS, ...campaign.trigger_settings }, goal: campaign.goal, exit_on_reply: campaign.exit_on_reply }
          : NEW_CAMPAIGN
      }
      maxWidth="sm"
      onClose={onClose}
      onSubmit={save}
    >
      <CampaignInputs />
    </FormDialog>
  );
}
