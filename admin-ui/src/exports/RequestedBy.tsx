import { useGetIdentity, useTranslate } from 'react-admin';

/**
 * Who asked for an export, from its `requested_by` ("operator:<id>", "tenant_user:<id>",
 * "api_key:<id>"): the signed-in person is "you", others are named by their kind.
 */
export function useRequester() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (requestedBy: string): string => {
    const [kind = requestedBy, id] = requestedBy.split(':');
    if (identity && id === String(identity.id)) return translate('kestrel.exports.requesters.you');
    return translate(`kestrel.exports.requesters.${kind}`, { _: requestedBy });
  };
}
