import { DeleteButton, Edit, SaveButton, Toolbar, useEditContext, useTranslate } from 'react-admin';
import type { FeatureFlagRecord } from './featureFlagRecord';
import { FeatureFlagForm } from './FeatureFlagForm';

/** Deleting a flag also clears every tenant's override of it: the confirmation says how many. */
function DeleteFlagButton() {
  const translate = useTranslate();
  const { record } = useEditContext<FeatureFlagRecord>();
  if (!record) return null;
  return (
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle={translate('kestrel.flags.delete_title', { name: record.name })}
      confirmContent={translate('kestrel.flags.delete_confirm', { smart_count: record.overrides })}
      data-testid="delete-flag"
    />
  );
}

function FlagToolbar() {
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteFlagButton />
    </Toolbar>
  );
}

function FlagTitle() {
  const { record } = useEditContext<FeatureFlagRecord>();
  return <>{record?.name ?? ''}</>;
}

/** Saved only once the API accepts it, so its field errors can show where they belong. */
export function FeatureFlagEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list" title={<FlagTitle />}>
      <FeatureFlagForm toolbar={<FlagToolbar />} />
    </Edit>
  );
}
