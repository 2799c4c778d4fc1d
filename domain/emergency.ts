/**
 * Emergency words that send a caller to a person at once, without waiting for the
 * model. Tenants may set their own list (`ai_settings.emergency_keywords`).
 */
export const DEFAULT_EMERGENCY_KEYWORDS = ['gas leak', 'carbon monoxide', 'flooding', 'burst pipe', 'no heat'];

/** The first keyword the words contain (case and spacing ignored), if any. */
export function emergencyKeyword(words: string, keywords: readonly string[]): string | undefined {
  const text = ` ${words.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return keywords.find((k) => {
    const key = k.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    return key.length > 0 && text.includes(` ${key} `);
  });
}
