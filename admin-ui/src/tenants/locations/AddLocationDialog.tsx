import { required, TextInput, useDataProvider, useNotify, useRedirect, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';
import { FormDialog } from '../../dialogs/FormDialog';
import { CheckboxInput } from '../../inputs/CheckboxInput';

const DEFAULTS = { location: '', copy_users: false };

/**
 * A new location of the company: a tenant of its own, with this tenant's settings, named
 * "<company> – <location>", pending until it gets a number. Its people are invited by
 * e-mail when asked (their passwords are theirs and are not copied). Opens the new
 * tenant's page once it exists.
 */
export function AddLocationDialog({ tenant, onClose }: { tenant: { id: string; company_name: string }; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider<KestrelDataProvider>();

  const add = async (values: Record<string, unknown>) => {
    const { tenant: created, users } = await dataProvider.cloneTenant(tenant.id, { location: String(values.location ?? '').trim(), copy_users: Boolean(values.copy_users) });
    notify('kestrel.locations.added', { type: 'success', messageArgs: { company: created.company_name, smart_count: users.length } });
    onClose();
    redirect('show', 'tenants', created.id);
  };

  return (
    <FormDialog
      name="add-location"
      title="kestrel.locations.add_title"
      intro="kestrel.locations.add_intro"
      messageArgs={{ company: tenant.company_name }}
      submitLabel="kestrel.locations.add"
      defaultValues={DEFAULTS}
      onClose={onClose}
      onSubmit={add}
    >
      <TextInput
        source="location"
        label="kestrel.locations.location"
        helperText={translate('kestrel.locations.location_help', { company: tenant.company_name })}
        validate={required()}
        fullWidth
        autoFocus
      />
      <CheckboxInput source="copy_users" label="kestrel.locations.copy_users" />
    </FormDialog>
  );
}
