import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Form, useTranslate } from 'react-admin';
import { useFormState, type FieldValues } from 'react-hook-form';
import { invalidFieldsOf } from '../http/problem';

const NO_RECORD = {};

function SubmitButton({ label, testId }: { label: string; testId: string }) {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={isSubmitting} data-testid={testId}>
      {translate(isSubmitting ? 'kestrel.actions.running' : label)}
    </Button>
  );
}

export interface FormDialogProps {
  /** Names the dialog for screen readers (`<name>-title`) and its test ids. */
  name: string;
  title: string;
  intro: string;
  submitLabel: string;
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

/** A dialog holding one form that creates something: the console's invitations, keys and accounts. */
export function FormDialog({ name, title, intro, submitLabel, defaultValues, maxWidth = 'xs', onClose, onSubmit, children }: FormDialogProps) {
  const translate = useTranslate();
  const [refusal, setRefusal] = useState<string>();

  const submit = async (values: FieldValues) => {
    setRefusal(undefined);
    try {
      await onSubmit(values);
      return undefined;
    } catch (error) {
      const fields = invalidFieldsOf(error);
      if (fields) return fields;
      setRefusal((error as Error).message);
      return undefined;
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth={maxWidth} aria-labelledby={`${name}-title`}>
      <Form record={NO_RECORD} defaultValues={defaultValues} onSubmit={submit}>
        <DialogTitle id={`${name}-title`}>{translate(title)}</DialogTitle>
        <DialogContent>
          <Stack spacing={1}>
            <DialogContentText>{translate(intro)}</DialogContentText>
            {refusal && (
              <Alert severity="warning" data-testid={`${name}-refused`}>
                {refusal}
              </Alert>
            )}
            {children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <SubmitButton label={submitLabel} testId={`confirm-${name}`} />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
