import { Button, CircularProgress, type ButtonProps } from '@mui/material';

/** A form's main button: while its request is out (`busy`), a spinner, and no second click. */
export function BusyButton({ busy, disabled, ...button }: ButtonProps & { busy: boolean }) {
  return <Button variant="contained" {...button} disabled={busy || disabled} startIcon={busy ? <CircularProgress size={18} /> : undefined} />;
}
