import { maxLength, minLength, required, type Validator } from 'react-admin';
import { slugProblem } from '../../../domain/slug';

/**
 * Quick checks so a person hears about a typo on the step where it happened; the API
 * checks everything again (phone numbers with libphonenumber) and its word is final.
 */
export const phone: Validator = (value?: string) => {
  if (!value?.trim()) return undefined;
  const digits = value.replace(/\D/g, '');
  return /^[+\d\s().-]+$/.test(value.trim()) && digits.length >= 10 && digits.length <= 15 ? undefined : 'kestrel.signup.validation.phone';
};

/** A company's or a person's name, as the onboarding API bounds it. */
export const nameRules: Validator[] = [required(), minLength(2), maxLength(120)];

/** The platform's own slug rules (domain/slug.ts), shared with the API, whose words complete a sentence: here one begins. */
export const slug: Validator = (value?: string) => {
  const problem = value ? slugProblem(value) : undefined;
  return problem && problem[0]!.toUpperCase() + problem.slice(1);
};
