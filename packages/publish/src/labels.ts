import type { Bilingual } from "@corpus-census/catalog";

/** The enum labels are the catalog's (the search index speaks them too); publish re-exports them. */
export {
  ACCESS_LABELS,
  COMMERCIAL_LABELS,
  FLAG_LABELS,
  KIND_LABELS,
  LIST_LABELS,
  SIZE_UNIT_LABELS_JA,
  listLabel,
  type Bilingual,
} from "@corpus-census/catalog";

export const NOT_LEGAL_ADVICE: Bilingual = {
  ja: "この一覧は公開されている利用条件を読み、出典と確認日を付けて整理したものであり、法的助言ではありません。利用前に各ライセンス本文を確認してください。",
  en: "This list is a dated, sourced reading of published terms. It is not legal advice: read each licence before you use a corpus.",
};

/** The notice in a form short enough to repeat on every row of a spreadsheet. */
export const NOT_LEGAL_ADVICE_SHORT: Bilingual = {
  ja: "法的助言ではありません。利用前にライセンス本文を確認してください。",
  en: "Not legal advice: read the licence before use.",
};
