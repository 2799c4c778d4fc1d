/**
 * The accounts helpers moved to test/support/accounts.ts, shared by the API, lifecycle and
 * browser suites; this module keeps the API suites' imports working.
 */
export * from '../../support/accounts';
