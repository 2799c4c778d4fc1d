import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

interface EmptyListProps {
  /** Message keys: what there is none of, and how some comes. */
  title: string;
  hint: string;
  testId: string;
  /** A way to make the first one, under the hint. */
  children?: ReactNode;
}

/** What a list shows before it has anything in it. */
export function EmptyList({ title, hint, testId, children }: EmptyListProps) {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }} data-testid={testId}>
      <Typography variant="h6" gutterBottom>
        {translate(title)}
      </Typography>
      <Typography color="text.secondary" gutterBottom={Boolean(children)}>
        {translate(hint)}
      </Typography>
      {children}
    </Box>
  );
}
