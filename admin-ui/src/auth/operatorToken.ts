/**
 * The operator token, kept for the browser tab only (sessionStorage): closing the tab
 * ends the session, and the token never outlives it on a shared machine.
 */
const KEY = 'kestrel.operatorToken';

export const operatorToken = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (token: string): void => sessionStorage.setItem(KEY, token),
  clear: (): void => sessionStorage.removeItem(KEY),
};
