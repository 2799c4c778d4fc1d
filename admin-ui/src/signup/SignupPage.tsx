import { Box, Button, Card, CardContent, CardHeader, Divider, LinearProgress, Stack, Step as MuiStep, StepButton, Stepper, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useState, type KeyboardEvent } from 'react';
import { Form, useNotify, useTranslate } from 'react-admin';
import { useFormContext, useFormState } from 'react-hook-form';
import { AccountLinks } from '../auth/PublicPage';
import { submitSignup, type SignupResult } from './onboardingApi';
import { REVIEW, STEP_FIELDS, STEPS, defaultSignupValues, signupRefusal, toSignupBody, type SignupValues } from './signupForm';
import { CompanyStep } from './steps/CompanyStep';
import { OwnerStep } from './steps/OwnerStep';
import { PlanStep } from './steps/PlanStep';
import { ReviewStep } from './steps/ReviewStep';
import { RoutingStep } from './steps/RoutingStep';
import { SubdomainStep } from './steps/SubdomainStep';
import { SignupConfirmation } from './SignupConfirmation';

/** A stable empty record: a new object on each render would make react-admin's Form reset. */
const NO_RECORD = {};

const STEP_PAGES = [CompanyStep, OwnerStep, SubdomainStep, PlanStep, RoutingStep];

/**
 * Where the person is in the wizard. A phone has no room for six labels side by side: it
 * names the current step and shows the way done as a bar. Wider screens show every step,
 * and the ones done can be gone back to.
 */
function WizardProgress({ step, setStep }: { step: number; setStep: (step: number) => void }) {
  const translate = useTranslate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  if (isSmall) {
    const title = translate('kestrel.signup.step_of', { number: step + 1, total: STEPS.length, name: translate(`kestrel.signup.steps.${STEPS[step]}`) });
    return (
      <Stack spacing={1} data-testid="signup-progress">
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 500 }} data-testid="signup-step-title">
          {title}
        </Typography>
        {/* The title above says as much in words. */}
        <LinearProgress variant="determinate" value={((step + 1) / STEPS.length) * 100} aria-hidden />
      </Stack>
    );
  }
  return (
    <Stepper activeStep={step} alternativeLabel nonLinear data-testid="signup-progress">
      {STEPS.map((s, i) => (
        <MuiStep key={s} completed={i < step}>
          <StepButton onClick={() => i < step && setStep(i)} disabled={i >= step}>
            {translate(`kestrel.signup.steps.${s}`)}
          </StepButton>
        </MuiStep>
      ))}
    </Stepper>
  );
}

/**
 * Every step stays mounted (only the current one shows), so values and their validation
 * rules persist across Back and Next, and a server error can be shown on any step.
 */
function WizardSteps({ step, setStep }: { step: number; setStep: (step: number) => void }) {
  const translate = useTranslate();
  const { trigger } = useFormContext();
  const { isSubmitting } = useFormState();

  const next = async () => {
    const fields = STEP_FIELDS[STEPS[step]!];
    if (await trigger(fields, { shouldFocus: true })) setStep(step + 1);
  };
  // Enter moves to the next step; only the review step submits.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && step < REVIEW && (event.target as HTMLElement).tagName === 'INPUT') {
      event.preventDefault();
      void next();
    }
  };

  return (
    <Stack spacing={3} onKeyDown={onKeyDown}>
      <WizardProgress step={step} setStep={setStep} />
      {STEP_PAGES.map((Page, i) => (
        <Stack key={STEPS[i]} spacing={1} sx={{ display: i === step ? 'flex' : 'none' }} data-testid={`step-${STEPS[i]}`}>
          <Page />
        </Stack>
      ))}
      {step === REVIEW && <ReviewStep onEdit={setStep} />}
      <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
        <Button onClick={() => setStep(step - 1)} disabled={step === 0 || isSubmitting}>
          {translate('kestrel.signup.back')}
        </Button>
        {/* Distinct keys: reusing one <button> and turning it into type=submit mid-click would submit the form. */}
        {step < REVIEW ? (
          <Button key="next" variant="contained" onClick={() => void next()}>
            {translate('kestrel.signup.next')}
          </Button>
        ) : (
          <Button key="submit" type="submit" variant="contained" disabled={isSubmitting}>
            {translate(isSubmitting ? 'kestrel.signup.submitting' : 'kestrel.signup.submit')}
          </Button>
        )}
      </Stack>
    </Stack>
  );
}

function SignupWizard({ onDone }: { onDone: (done: { company: string; result: SignupResult }) => void }) {
  const notify = useNotify();
  const [step, setStep] = useState(0);

  const submit = async (values: Record<string, unknown>) => {
    const v = values as unknown as SignupValues;
    try {
      onDone({ company: v.company_name.trim(), result: await submitSignup(toSignupBody(v)) });
      return undefined;
    } catch (error) {
      const refused = signupRefusal(error, notify);
      // Take the person to the first step the API found fault with.
      if (refused) setStep(refused.step);
      return refused?.fields;
    }
  };

  return (
    // A field is checked once left, and again as it is corrected: a fixed mistake stops being reported at once.
    <Form record={NO_RECORD} defaultValues={defaultSignupValues} onSubmit={submit} mode="onTouched" disableInvalidFormNotification>
      <WizardSteps step={step} setStep={setStep} />
    </Form>
  );
}

/**
 * The public sign-up (no operator login): five steps, a review, and the confirmation. It
 * is served at /signup and, as before, at /admin/signup; beside it, the way in for a
 * company that has an account already.
 */
export function SignupPage() {
  const translate = useTranslate();
  const [done, setDone] = useState<{ company: string; result: SignupResult }>();
  const [attempt, setAttempt] = useState(0);
  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default', display: 'flex', justifyContent: 'center', alignItems: 'flex-start', py: 4, px: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 760 }}>
        <CardHeader title={translate('kestrel.signup.title')} subheader={translate('kestrel.signup.subtitle')} />
        <CardContent>
          {done ? (
            <SignupConfirmation
              company={done.company}
              result={done.result}
              onAnother={() => {
                setDone(undefined);
                setAttempt(attempt + 1);
              }}
            />
          ) : (
            <SignupWizard key={attempt} onDone={setDone} />
          )}
        </CardContent>
        <Divider />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 1, sm: 2 }} sx={{ p: 2, alignItems: 'center', justifyContent: 'center' }} data-testid="signup-account-links">
          <Typography variant="body2" color="text.secondary">
            {translate('kestrel.account.have_account')}
          </Typography>
          <AccountLinks />
        </Stack>
      </Card>
    </Box>
  );
}
