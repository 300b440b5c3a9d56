import { NOT_USABLE_TEXT_FLAGS, type Access, type CommercialUse, type Entry } from "./schema.js";

/**
 * What "usable" means, kept as data so the README, the store's queries and the published
 * page all apply the same rule. This is a reading of the catalog's fields, not legal advice.
 */
export interface UsabilityRule {
  purpose: "commercial" | "research";
  description: string;
  commercialUse: readonly CommercialUse[];
  access: readonly Access[];
  /** An entry with any of these flags is not text in the listed language, or cannot be had. */
  excludedFlags: readonly string[];
}

export const USABILITY_RULES = {
  commercial: {
    purpose: "commercial",
    description:
      "commercial use allowed (with or without conditions such as attribution or share-alike), obtainable by download or free registration, actually text in the listed language, and still distributed",
    commercialUse: ["allowed", "allowed-with-conditions"],
    access: ["open-download", "registration"],
    excludedFlags: NOT_USABLE_TEXT_FLAGS,
  },
  research: {
    purpose: "research",
    description:
      "some use permitted to researchers (any status but unknown), obtainable as full text (download, registration, application or purchase, not a search interface only), actually text in the listed language, and still distributed",
    commercialUse: ["allowed", "allowed-with-conditions", "non-commercial", "research-only", "by-agreement"],
    access: ["open-download", "registration", "application", "paid"],
    excludedFlags: NOT_USABLE_TEXT_FLAGS,
  },
} as const satisfies Record<string, UsabilityRule>;

export type UsablePurpose = keyof typeof USABILITY_RULES;
export const USABLE_PURPOSES = Object.keys(USABILITY_RULES) as UsablePurpose[];

export function isUsable(entry: Entry, purpose: UsablePurpose): boolean {
  const rule: UsabilityRule = USABILITY_RULES[purpose];
  return (
    rule.commercialUse.includes(entry.commercialUse) &&
    rule.access.includes(entry.access) &&
    !entry.flags.some((f) => rule.excludedFlags.includes(f.code))
  );
}
