import SaveIcon from '@mui/icons-material/Save';
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Form, minValue, NumberInput, useNotify, useTranslate, type Identifier } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { invalidFieldsOf } from '../../http/problem';
import type { BillingTerms } from './billingRecord';
import { setBillingTerms, tenantBillingKey } from './tenantBillingApi';

/** The form speaks dollars and calls; the API cents and calls. Each field names the API's. */
const FIELDS = { price: 'custom_price_cents', call_limit: 'custom_call_limit', overage: 'custom_overage_cents' } as const;
type FormField = keyof typeof FIELDS;

const toDollars = (cents: number | null) => (cents === null ? null : cents / 100);
const toCents = (dollars: unknown) => (dollars === null || dollars === undefined || dollars === '' ? null : Math.round(Number(dollars) * 100));
const toCalls = (calls: unknown) => (calls === null || calls === undefined || calls === '' ? null : Math.round(Number(calls)));

const wholeNumber = (value: unknown) => (value === null || value === undefined || value === '' || Number.isInteger(Number(value)) ? undefined : 'kestrel.billing.terms_whole_calls');

/**
 * A contract's own price, call limit and overage price (super_admins only): each
 * overrides the plan's, and an empty field clears it. Metering, alerts, invoices and MRR
 * follow the terms from the next bill.
 */
export function EnterpriseTermsForm({ tenantId, terms }: { tenantId: Identifier; terms: BillingTerms }) {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string>();
  const record = useMemo(
    () => ({ price: toDollars(terms.custom_price_cents), call_limit: terms.custom_call_limit, overage: toDollars(terms.custom_overage_cents) }),
    [terms],
  );
  const save = useMutation({
    mutationFn: (values: FieldValues) =>
      setBillingTerms(tenantId, { custom_price_cents: toCents(values.price), custom_call_limit: toCalls(values.call_limit), custom_overage_cents: toCents(values.overage) }),
    onSuccess: () => {
      notify('kestrel.billing.terms_saved', { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: tenantBillingKey(tenantId) });
      // The tenant's row carries the terms too (its Subscription tab shows the price).
      void queryClient.invalidateQueries({ queryKey: ['tenants', 'getOne'] });
    },
  });
  const submit = async (values: FieldValues) => {
    setRefusal(undefined);
    try {
      await save.mutateAsync(values);
      return undefined;
    } catch (error) {
      const fields = invalidFieldsOf(error);
      if (fields) {
        const byFormField = Object.fromEntries(
          (Object.keys(FIELDS) as FormField[]).filter((field) => fields[FIELDS[field]]).map((field) => [field, fields[FIELDS[field]]]),
        );
        if (Object.keys(byFormField).length > 0) return byFormField;
      }
      setRefusal((error as Error).message);
      return undefined;
    }
  };
  return (
    <Form record={record} onSubmit={submit} key={JSON.stringify(record)}>
      <Stack spacing={1} data-testid="enterprise-terms">
        <Typography variant="body2" color="text.secondary">
          {translate('kestrel.billing.terms_hint')}
        </Typography>
        {refusal && (
          <Alert severity="warning" data-testid="terms-refused">
            {refusal}
          </Alert>
        )}
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={{ xs: 0, md: 2 }}>
          <NumberInput source="price" label="kestrel.billing.terms_price" helperText="kestrel.billing.terms_price_help" validate={minValue(0)} min={0} step={1} />
          <NumberInput source="call_limit" label="kestrel.billing.terms_call_limit" helperText="kestrel.billing.terms_call_limit_help" validate={[minValue(0), wholeNumber]} min={0} step={1} />
          <NumberInput source="overage" label="kestrel.billing.terms_overage" helperText="kestrel.billing.terms_overage_help" validate={minValue(0)} min={0} step={0.01} />
        </Stack>
        <div>
          <Button type="submit" variant="contained" startIcon={<SaveIcon />} disabled={save.isPending} data-testid="save-terms">
            {translate(save.isPending ? 'kestrel.actions.running' : 'kestrel.billing.terms_save')}
          </Button>
        </div>
      </Stack>
    </Form>
  );
}
