import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import type { TenantStateAnswer } from '../../../../workflows/tenant-messages';
import { Form, HttpError, useNotify, useRefresh, useTranslate } from 'react-admin';
import { invalidFieldsOf } from '../../http/problem';
import type { LifecycleAction } from '../../catalogue';
import type { ActionBodies } from '../../dataProvider';
import type { TenantRecord } from '../tenantRecord';
import { ACTION_FORMS, ActionFields } from './actionFields';
import { useTenantAction } from './useTenantAction';

/** The dialog's form is not about the tenant record around it: an empty, stable record keeps it out. */
const NO_RECORD = {};
const NO_DEFAULTS = {};

/**
 * Says what one lifecycle action will do, asks for its fields and confirms it. Invalid
 * fields keep the dialog open with the messages under them (the form's own checks and
 * the API's; never the browser's bubbles); a refusal (409: the state moved on since the
 * buttons were drawn) closes it, says the workflow's reason and redraws the page.
 */
export function ActionDialog({ action, tenant, state, onClose }: { action: LifecycleAction; tenant: TenantRecord; state: TenantStateAnswer | undefined; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutateAsync, isPending } = useTenantAction(tenant.id, action);
  const form = ACTION_FORMS[action];
  const label = translate(`kestrel.actions.${action}.label`);

  const submit = async (values: Record<string, unknown>) => {
    try {
      const outcome = await mutateAsync(values as unknown as ActionBodies[typeof action]);
      if (outcome.done) notify('kestrel.actions.done', { type: 'success', messageArgs: { action: label } });
      else notify('kestrel.actions.in_progress', { type: 'info', messageArgs: { action: label }, autoHideDuration: 10_000 });
      refresh();
      onClose();
      return undefined;
    } catch (error) {
      const reason = (error as Error).message;
      const fields = invalidFieldsOf(error);
      if (fields) {
        notify('kestrel.actions.invalid', { type: 'error', messageArgs: { reason } });
        return fields;
      }
      const refused = error instanceof HttpError && error.status === 409;
      notify(refused ? 'kestrel.actions.refused' : 'kestrel.actions.failed', { type: 'error', messageArgs: { action: label, reason }, autoHideDuration: 10_000 });
      refresh();
      onClose();
      return undefined;
    }
  };

  return (
    <Dialog open onClose={isPending ? undefined : onClose} fullWidth maxWidth="xs" aria-labelledby={`action-${action}-title`}>
      <Form record={NO_RECORD} defaultValues={form.defaults ?? NO_DEFAULTS} onSubmit={submit} noValidate>
        <DialogTitle id={`action-${action}-title`}>{translate(`kestrel.actions.${action}.title`, { company: tenant.company_name })}</DialogTitle>
        <DialogContent>
          <Stack spacing={1.5}>
            <DialogContentText>{translate(`kestrel.actions.${action}.confirm`, { company: tenant.company_name })}</DialogContentText>
            <ActionFields action={action} context={{ tenant, state }} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" color={form.destructive ? 'error' : 'primary'} disabled={isPending} data-testid="confirm-action">
            {translate(isPending ? 'kestrel.actions.running' : 'kestrel.actions.confirm', { action: label })}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
}
