import type { ReactNode } from 'react';
import { Link, maxValue, minValue, NumberInput, number, regex, required, SelectInput, TextInput, useTranslate } from 'react-admin';
import type { ActionBodies } from '../../dataProvider';
import { CheckboxInput } from '../../inputs/CheckboxInput';
import type { LifecycleAction } from '../../catalogue';
import { planChoices } from '../choices';
import { provisionPath } from '../provision/provisionPath';

export interface ActionForm<A extends LifecycleAction> {
  /** The inputs of the confirmation dialog; the tenant's current plan is known to exclude it. */
  fields?: (tenant: { id: string; plan_tier?: string }) => ReactNode;
  defaults?: Partial<ActionBodies[A]>;
  /** Actions that end service are shown in red. */
  destructive?: boolean;
}

/** The dialog buys in an area code at once; the provision page shows the numbers on offer first. */
function ProvisionPageLink({ tenantId }: { tenantId: string }) {
  const translate = useTranslate();
  return (
    <Link to={provisionPath(tenantId)} data-testid="provision-page-link">
      {translate('kestrel.provision.dialog_link')}
    </Link>
  );
}

const reason = <TextInput key="reason" source="reason" label="kestrel.actions.fields.reason" multiline minRows={2} validate={required()} fullWidth autoFocus />;

/**
 * What each lifecycle action asks the operator before it runs. The same rules are
 * checked again by the API (zod) and by the workflow (its update validator).
 */
export const ACTION_FORMS: { [A in LifecycleAction]: ActionForm<A> } = {
  provisionNumber: {
    fields: (tenant) => (
      <>
        <TextInput
          source="areaCode"
          label="kestrel.actions.fields.areaCode"
          helperText="kestrel.actions.fields.areaCode_help"
          validate={[required(), regex(/^[2-9]\d{2}$/, 'kestrel.actions.fields.areaCode_invalid')]}
          autoFocus
        />
        <ProvisionPageLink tenantId={tenant.id} />
      </>
    ),
  },
  activate: { fields: () => <CheckboxInput source="skipTrial" label="kestrel.actions.fields.skipTrial" />, defaults: { skipTrial: false } },
  confirmBilling: {},
  changePlan: {
    fields: (tenant) => (
      <SelectInput
        source="tier"
        label="kestrel.actions.fields.tier"
        choices={planChoices.filter((c) => c.id !== tenant.plan_tier)}
        validate={required()}
        fullWidth
      />
    ),
  },
  extendTrial: {
    fields: () => (
      <NumberInput source="days" label="kestrel.actions.fields.days" validate={[required(), number(), minValue(1), maxValue(90)]} min={1} max={90} step={1} autoFocus />
    ),
    defaults: { days: 7 },
  },
  suspend: { fields: () => reason, destructive: true },
  reactivate: {},
  cancel: { fields: () => reason, destructive: true },
  delete: { destructive: true },
};
