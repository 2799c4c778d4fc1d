import { Chip, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';

export type ChipColour = ChipProps['color'];

/** A card list whose right icon is a chip: the icon's slot, made for a 24px icon, takes the chip's width. */
export const CHIP_ON_THE_RIGHT = { '& .MuiListItemIcon-root': { minWidth: 'auto' } };

/**
 * A value from one of the console's vocabularies (an outcome, a status) as a coloured
 * badge: its label comes from `${prefix}.${value}`, its colour says whether it needs the
 * operator. Values outside the vocabulary show as they are, in grey.
 */
export function ValueChip({
  value,
  prefix,
  colours,
  outlined = [],
  testId,
}: {
  value: string;
  prefix: string;
  colours: Partial<Record<string, ChipColour>>;
  outlined?: readonly string[];
  testId?: string;
}) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      label={translate(`${prefix}.${value}`, { _: value })}
      color={colours[value] ?? 'default'}
      variant={outlined.includes(value) ? 'outlined' : 'filled'}
      data-testid={testId}
      data-value={value}
    />
  );
}
