import type { Bilingual } from "./labels.js";
import { NOT_USABLE_TEXT_FLAGS, type Access, type CommercialUse, type Entry, type FlagCode } from "./schema.js";

/**
 * What "usable" means, kept as data so the README, the store's queries and the published
 * page all apply the same rule. This is a reading of the catalog's fields, not legal advice.
 */
interface UsabilityRule {
  purpose: "commercial" | "research";
  description: string;
  /** The same in Japanese, for the published page. */
  descriptionJa: string;
  commercialUse: readonly CommercialUse[];
  access: readonly Access[];
  /** An entry with any of these flags is not text in the listed language, or cannot be had. */
  excludedFlags: readonly string[];
  /**
   * Flags that do not exclude an entry but must be shown with the answer: the entry is usable by
   * the catalog's reading of its terms, and the reader has to check that reading.
   */
  warnedFlags: readonly FlagCode[];
  /** What the rule does with the warned flags, in the reader's words. */
  warning: Bilingual;
}

const LICENCE_UNCLEAR_KEPT: Bilingual = {
  ja: "「ライセンス不明確」の項目も除外しません。商用利用の区分は公開条件の読みによるもので、⚠ を付けて示します。利用前にライセンスを確認してください。",
  en: "Entries flagged licence-unclear are kept, not excluded: their commercial-use class is the catalog's reading of the published terms, and they are shown with the ⚠ flag. Check their licence before use.",
};

export const USABILITY_RULES = {
  commercial: {
    purpose: "commercial",
    description:
      "commercial use allowed (with or without conditions such as attribution or share-alike), obtainable by download or free registration, actually text in the listed language, and still distributed; entries flagged licence-unclear are kept and shown with that flag",
    descriptionJa:
      "商用利用が可（帰属表示・継承などの条件付きを含む）、自由にダウンロードまたは登録後ダウンロードで入手でき、掲載言語のテキストが実在し、配布が続いているもの。「ライセンス不明確」の項目は除外せず、その旨を示す",
    commercialUse: ["allowed", "allowed-with-conditions"],
    access: ["open-download", "registration"],
    excludedFlags: NOT_USABLE_TEXT_FLAGS,
    warnedFlags: ["licence-unclear"],
    warning: LICENCE_UNCLEAR_KEPT,
  },
  research: {
    purpose: "research",
    description:
      "some use permitted to researchers (any status but unknown), obtainable as full text (download, registration, application or purchase, not a search interface only), actually text in the listed language, and still distributed; entries flagged licence-unclear are kept and shown with that flag",
    descriptionJa:
      "研究者に何らかの利用が認められ（「不明」以外）、全文を入手でき（ダウンロード・登録・申請・購入。検索のみは除く）、掲載言語のテキストが実在し、配布が続いているもの。「ライセンス不明確」の項目は除外せず、その旨を示す",
    commercialUse: ["allowed", "allowed-with-conditions", "non-commercial", "research-only", "by-agreement"],
    access: ["open-download", "registration", "application", "paid"],
    excludedFlags: NOT_USABLE_TEXT_FLAGS,
    warnedFlags: ["licence-unclear"],
    warning: LICENCE_UNCLEAR_KEPT,
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

/** The flags of `entry` that the rule keeps but warns about (licence-unclear). */
export function warnedFlags(entry: Entry, purpose: UsablePurpose): FlagCode[] {
  const rule: UsabilityRule = USABILITY_RULES[purpose];
  return [...new Set(entry.flags.map((f) => f.code).filter((c) => rule.warnedFlags.includes(c)))];
}
