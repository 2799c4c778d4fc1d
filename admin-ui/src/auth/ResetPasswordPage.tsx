import LockResetIcon from '@mui/icons-material/LockReset';
import { useTranslate } from 'react-admin';
import { ChoosePasswordForm } from './ChoosePasswordForm';
import { useLinkToken } from './linkToken';
import { AccountLinks, PublicPage } from './PublicPage';
import { RequestLinkForm } from './RequestLinkForm';

/**
 * `/reset-password`: without a token, ask for a link by e-mail (or a code by text, then
 * give it with the new password on this page); with the link's token
 * (`#token=…`), choose a new password and land signed in.
 */
export function ResetPasswordPage() {
  const translate = useTranslate();
  const token = useLinkToken();
  return (
    <PublicPage
      icon={<LockResetIcon />}
      title={token ? 'kestrel.account.reset_choose_title' : 'kestrel.account.reset_request_title'}
      subheader={translate(token ? 'kestrel.account.reset_choose_intro' : 'kestrel.account.reset_request_intro')}
      footer={<AccountLinks reset={false} signUp />}
      testId="reset-password-page"
    >
      {token ? <ChoosePasswordForm key={token} via="reset" token={token} submitLabel="kestrel.account.reset_submit" /> : <RequestLinkForm autoFocus offerCode />}
    </PublicPage>
  );
}
