import { FormControl } from '@mui/material';
import { styled } from '@mui/material/styles';
import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

/**
 * MUI 9 dropped TextField's `InputProps`, `inputProps`, `InputLabelProps`, `SelectProps` and
 * `FormHelperTextProps` for `slotProps`. react-admin 5.15 passes both spellings to stay
 * compatible with MUI 5 (the same values also go through `slotProps`, which MUI 9 reads),
 * so the old ones fall through to the root `<div>`: React then warns about unknown DOM
 * props and writes them as attributes. The root slot here drops them; it keeps the name
 * and slot of MUI's own root so the theme's TextField styles and variants still apply.
 */
const LEGACY_TEXT_FIELD_PROPS = new Set(['InputProps', 'inputProps', 'InputLabelProps', 'SelectProps', 'FormHelperTextProps']);
const STYLING_PROPS = new Set(['ownerState', 'theme', 'sx', 'as', 'classes']);

const TextFieldRoot = styled(FormControl, {
  name: 'MuiTextField',
  slot: 'Root',
  shouldForwardProp: (prop) => !STYLING_PROPS.has(String(prop)) && !LEGACY_TEXT_FIELD_PROPS.has(String(prop)),
})({});

function withTextFieldRoot(theme: RaThemeOptions): RaThemeOptions {
  const textField = theme.components?.MuiTextField;
  return {
    ...theme,
    components: {
      ...theme.components,
      MuiTextField: { ...textField, defaultProps: { ...textField?.defaultProps, slots: { ...textField?.defaultProps?.slots, root: TextFieldRoot } } },
      // A name with no space in it (companies sign themselves up) wraps instead of widening a phone's list.
      MuiListItemText: { ...theme.components?.MuiListItemText, styleOverrides: { root: { overflowWrap: 'anywhere', minWidth: 0 } } },
    },
  };
}

/** react-admin's own light and dark themes, with the root slot above. */
export const lightTheme = withTextFieldRoot(defaultLightTheme);
export const darkTheme = withTextFieldRoot(defaultDarkTheme);

/**
 * The app bar's colour while an operator works in a company's support session (a palette
 * colour, so it suits the light and the dark theme): amber while it only reads, red once
 * it may change things.
 */
export const SUPPORT_SESSION_APP_BAR = { readOnly: 'warning', write: 'error' } as const;
