/** The trades Kestrel's companies work in; the agent's wording and the console's filters follow them. */
export const INDUSTRIES = ['hvac', 'plumbing', 'electrical', 'roofing', 'appliance_repair', 'landscaping', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];
