import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Form, useTranslate } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { invalidFieldsOf } from '../http/problem';

const NO_RECORD = {};

export interface FormDialogProps {
  /** Names the dialog for screen readers (`<name>-title`) and its test ids. */
  name: string;
  title: string;
  /** A message key, shown as the dialog's opening words; or the opening itself, when it says more than a sentence. */
  intro: ReactNode;
  /** What the title's and the intro's messages put in their placeholders (`%{company}`). */
  messageArgs?: Record<string, unknown>;
  submitLabel: string;
  /** For what cannot be taken back: the submit button is red. */
  destructive?: boolean;
  defaultValues: FieldValues;
  maxWidth?: 'xs' | 'sm';
  onClose: () => void;
  /**
   * Sends the form. When it throws, a problem's invalid fields become the form's own
   * field errors, and any other refusal is shown above the fields, in the API's words.
   */
  onSubmit: (values: FieldValues) => Promise<void>;
  children: ReactNode;
}

/** A dialog holding one form that sends one request: the console's invitations, keys, accounts, locations and erasures. */
export function FormDialog({ name, title, intro, messageArgs, submitLabel, destructive = false, defaultValues, maxWidth = 'xs', onClose, onSubmit, children }: FormDialogProps) {
  const translate = useTranslate();
  const [refusal, setRefusal] = useState<string>();
  // While the request is out the dialog stays: closing it would hide the answer.
  const [submitting, setSubmitting] = useState(false);

  const submit = async (values: FieldValues) => {
    setRefusal(undefined);
    setSubmitting(true);
    try {
      await onSubmit(values);
      return undefined;
    } catch (error) {
      const fields = invalidFieldsOf(error);
      if (fields) return fields;
      setRefusal((error as Error).message);
      return undefined;
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={submitting ? undefined : onClose} fullWidth maxWidth={maxWidth} aria-labelledby={`${name}-title`}>
      <Form record={NO_RECORD} defaultValues={defaultValues} onSubmit={submit}>
        <DialogTitle id={`${name}-title`}>{translate(title, messageArgs)}</DialogTitle>
        <DialogContent>
          <Stack spacing={1}>
            {typeof intro === 'string' ? <DialogContentText>{translate(intro, messageArgs)}</DialogContentText> : intro}
            {refusal && (
              <Alert severity="warning" data-testid={`${name}-refused`}>
                {refusal}
              </Alert>
            )}
            {children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" color={destructive ? 'error' : 'primary'} disabled={submitting} data-testid={`confirm-${name}`}>
            {translate(submitting ? 'kestrel.actions.running' : submitLabel)}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
}
