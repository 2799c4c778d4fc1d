/**
 * "Chrome on Windows", "Safari on iPhone": enough of a User-Agent to recognise one's own
 * devices in a list of sessions (not a full parser; what it does not know it leaves out).
 */
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/(Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\//, 'curl'],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

export function describeUserAgent(ua: string | null | undefined): { browser?: string; system?: string } {
  if (!ua) return {};
  return { browser: BROWSERS.find(([pattern]) => pattern.test(ua))?.[1], system: SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] };
}
