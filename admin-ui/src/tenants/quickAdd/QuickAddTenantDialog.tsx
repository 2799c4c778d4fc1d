import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Grid, Typography, useMediaQuery, type Theme } from '@mui/material';
import type { ReactNode } from 'react';
import { email, Form, required, SelectInput, TextInput, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { submitSignup } from '../../signup/onboardingApi';
import { defaultSignupValues, signupRefusal, toSignupBody, type SignupValues } from '../../signup/signupForm';
import { SlugInput } from '../../signup/SlugInput';
import { nameRules, phone } from '../../signup/validators';
import { industryChoices, planChoices, timezoneChoices } from '../choices';

/** A stable empty record: a new object on each render would make react-admin's Form reset. */
const NO_RECORD = {};

function GroupHeading({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <>
      <Grid size={12}>
        <Typography variant="subtitle2" color="text.secondary" sx={{ pt: 1 }}>
          {translate(title)}
        </Typography>
      </Grid>
      {children}
    </>
  );
}

const Half = ({ children }: { children?: ReactNode }) => <Grid size={{ xs: 12, sm: 6 }}>{children}</Grid>;

function SubmitButton() {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={isSubmitting} data-testid="quick-add-submit">
      {translate(isSubmitting ? 'kestrel.signup.submitting' : 'kestrel.tenants.quick_add.submit')}
    </Button>
  );
}

/**
 * Signs a company up on an operator's behalf, through the same onboarding API and rules
 * as the public wizard, in one screen: the lifecycle workflow creates the tenant, pending,
 * with the wizard's default business hours (Monday to Friday, 8 to 5).
 */
export function QuickAddTenantDialog({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));

  const submit = async (values: Record<string, unknown>) => {
    const v = values as unknown as SignupValues;
    try {
      const { tenant } = await submitSignup(toSignupBody(v));
      notify('kestrel.tenants.quick_add.done', { type: 'success', messageArgs: { company: v.company_name.trim(), slug: tenant.slug } });
      refresh();
      onClose();
      return undefined;
    } catch (error) {
      return signupRefusal(error, notify)?.fields;
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="md"
      fullScreen={fullScreen}
      aria-labelledby="quick-add-title"
      // The form wraps title, content and actions: as a flex column it lets the content scroll between them.
      slotProps={{ paper: { sx: { '& > form': { display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 } } } }}
    >
      <Form record={NO_RECORD} defaultValues={defaultSignupValues} onSubmit={submit}>
        <DialogTitle id="quick-add-title">{translate('kestrel.tenants.quick_add.title')}</DialogTitle>
        <DialogContent dividers>
          <Grid container columnSpacing={2} data-testid="quick-add-form">
            <GroupHeading title="kestrel.signup.steps.company">
              <Half>
                <TextInput source="company_name" label="kestrel.signup.fields.company_name" validate={nameRules} autoFocus />
              </Half>
              <Half>
                <SlugInput />
              </Half>
              <Half>
                <SelectInput source="industry" label="kestrel.signup.fields.industry" choices={industryChoices} validate={required()} />
              </Half>
              <Half>
                <SelectInput source="timezone" label="kestrel.signup.fields.timezone" choices={timezoneChoices} validate={required()} />
              </Half>
            </GroupHeading>
            <GroupHeading title="kestrel.signup.steps.owner">
              <Half>
                <TextInput source="owner_name" label="kestrel.tenants.quick_add.owner_name" validate={nameRules} />
              </Half>
              <Half>
                <TextInput source="owner_email" type="email" label="kestrel.tenants.quick_add.owner_email" validate={[required(), email()]} />
              </Half>
              <Half>
                <TextInput source="owner_phone" type="tel" label="kestrel.tenants.quick_add.owner_phone" helperText="kestrel.signup.optional" validate={phone} />
              </Half>
            </GroupHeading>
            <GroupHeading title="kestrel.tenants.quick_add.plan_and_routing">
              <Half>
                <SelectInput source="plan_tier" label="kestrel.signup.fields.plan_tier" choices={planChoices} validate={required('kestrel.signup.validation.plan')} />
              </Half>
              <Half />
              <Half>
                <TextInput
                  source="forward_to_number"
                  type="tel"
                  label="kestrel.signup.fields.forward_to_number"
                  helperText="kestrel.signup.forward_help"
                  validate={[required(), phone]}
                />
              </Half>
              <Half>
                <TextInput source="emergency_phone" type="tel" label="kestrel.signup.fields.emergency_phone" helperText="kestrel.signup.optional" validate={phone} />
              </Half>
            </GroupHeading>
          </Grid>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <SubmitButton />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
