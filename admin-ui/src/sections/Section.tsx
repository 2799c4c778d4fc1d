import { Card, CardContent, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

interface SectionProps {
  /** A message key (or plain words, which translate() passes through). */
  title: string;
  children: ReactNode;
  testId?: string;
}

interface CardSectionProps extends SectionProps {
  /** A message key: a line under the title that says how to read what follows. */
  hint?: string;
}

/** A titled group of fields or facts on a page: settings, an overview. */
export function Section({ title, children, testId }: SectionProps) {
  const translate = useTranslate();
  return (
    <Stack spacing={0.5} data-testid={testId}>
      <Typography variant="subtitle1">{translate(title, { _: title })}</Typography>
      {children}
    </Stack>
  );
}

/** A titled, outlined card: one part of a record's page (a call's summary, its conversation). */
export function CardSection({ title, hint, children, testId }: CardSectionProps) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 500, mb: hint ? 0 : 1 }}>
          {translate(title, { _: title })}
        </Typography>
        {hint && (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate(hint)}
          </Typography>
        )}
        {children}
      </CardContent>
    </Card>
  );
}
