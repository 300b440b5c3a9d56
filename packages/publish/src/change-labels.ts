import type { ChangeType } from "@corpus-census/catalog";
import type { Bilingual } from "./labels.js";

export const CHANGE_LABELS: Record<ChangeType, Bilingual> = {
  added: { ja: "追加", en: "Added" },
  removed: { ja: "削除", en: "Removed" },
  "commercial-use": { ja: "商用利用の区分", en: "Commercial use" },
  access: { ja: "入手方法", en: "Access" },
  licence: { ja: "ライセンス", en: "Licence" },
  "size-added": { ja: "規模の追加", en: "Size added" },
  "size-removed": { ja: "規模の削除", en: "Size removed" },
  "size-updated": { ja: "規模の更新", en: "Size updated" },
  "flag-added": { ja: "注意事項の追加", en: "Flag added" },
  "flag-removed": { ja: "注意事項の削除", en: "Flag removed" },
};
