import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { SlugInput } from '../SlugInput';

export function SubdomainStep() {
  const translate = useTranslate();
  return (
    <>
      <Typography color="text.secondary">{translate('kestrel.signup.subdomain_intro')}</Typography>
      <SlugInput />
    </>
  );
}
