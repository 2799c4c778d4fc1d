import { Alert, AlertTitle, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { LinkProblemKind } from './linkToken';
import { RequestLinkForm } from './RequestLinkForm';

/**
 * What a link that no longer works says: expired, used already, or not one we know (cut
 * short by a mail program, or replaced by a newer one), and a way to get a new one.
 */
export function LinkProblem({ kind }: { kind: LinkProblemKind }) {
  const translate = useTranslate();
  return (
    <>
      <Alert severity="warning" data-testid="link-problem" data-kind={kind}>
        <AlertTitle>{translate(`kestrel.account.link.${kind}.title`)}</AlertTitle>
        {translate(`kestrel.account.link.${kind}.detail`)}
      </Alert>
      <Typography variant="body2" color="text.secondary">
        {translate('kestrel.account.new_link_intro')}
      </Typography>
      <RequestLinkForm submitLabel="kestrel.account.send_new_link" />
    </>
  );
}
