import KeyIcon from '@mui/icons-material/Key';
import { useTranslate } from 'react-admin';
import { ChoosePasswordForm } from './ChoosePasswordForm';
import { LinkProblem } from './LinkProblem';
import { useLinkToken } from './linkToken';
import { AccountLinks, PublicPage } from './PublicPage';

/**
 * `/set-password#token=…`, the link of a welcome or an invitation e-mail (and of the
 * older `/accept-invite#token=…` ones): the person sets their password and lands signed
 * in on their company's pages.
 */
export function SetPasswordPage() {
  const translate = useTranslate();
  const token = useLinkToken();
  return (
    <PublicPage
      icon={<KeyIcon />}
      title="kestrel.account.set_password_title"
      subheader={translate('kestrel.account.set_password_intro')}
      footer={<AccountLinks reset={false} />}
      testId="set-password-page"
    >
      {/* Keyed by the token: another link opened in the same tab starts afresh. */}
      {token ? <ChoosePasswordForm key={token} via="invitation" token={token} submitLabel="kestrel.account.set_password" /> : <LinkProblem kind="token-invalid" />}
    </PublicPage>
  );
}
