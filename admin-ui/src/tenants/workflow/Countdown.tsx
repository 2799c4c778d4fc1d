import { Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { formatRemaining } from '../../format';

/** Time left until `at`, ticking every second; "due now" once passed, until the next poll shows what happened. */
export function Countdown({ at }: { at: string }) {
  const translate = useTranslate();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(at) - now;
  return (
    <Typography component="span" data-testid="countdown" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 500 }}>
      {left > 0 ? translate('kestrel.workflow.in', { time: formatRemaining(left) }) : translate('kestrel.workflow.due_now')}
    </Typography>
  );
}
