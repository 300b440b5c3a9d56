import { formatInteger, SIZE_UNIT_LABELS_JA, type Bilingual, type Size } from "@corpus-census/catalog";

/** The enum labels are the catalog's (the search index speaks them too); publish re-exports them. */
export {
  ACCESS_LABELS,
  COMMERCIAL_LABELS,
  FLAG_LABELS,
  KIND_LABELS,
  listLabel,
  type Bilingual,
} from "@corpus-census/catalog";

/** Said of every entry of the current list, wherever it is shown. */
export const NOT_IN_REPORT: Bilingual = { ja: "報告書には掲載なし", en: "not in the report" };

export const NOT_LEGAL_ADVICE: Bilingual = {
  ja: "この一覧は公開されている利用条件を読み、出典と確認日を付けて整理したものであり、法的助言ではありません。利用前に各ライセンス本文を確認してください。",
  en: "This list is a dated, sourced reading of published terms. It is not legal advice: read each licence before you use a corpus.",
};

/** The notice in a form short enough to repeat on every row of a spreadsheet. */
export const NOT_LEGAL_ADVICE_SHORT: Bilingual = {
  ja: "法的助言ではありません。利用前にライセンス本文を確認してください。",
  en: "Not legal advice: read the licence before use.",
};

/** How an entry's token estimate was made (the report's EntryMethod). */
export const METHOD_LABELS: Record<string, Bilingual> = {
  "catalog-size": { ja: "公表規模から換算", en: "converted from a published size" },
  sampled: { ja: "データの標本から推定", en: "sampled from the data" },
  counted: { ja: "全量を計数", en: "counted whole" },
  none: { ja: "推定なし", en: "not estimated" },
};

export const CONFIDENCE_LABELS: Record<string, Bilingual> = {
  high: { ja: "高", en: "high" },
  medium: { ja: "中", en: "medium" },
  low: { ja: "低", en: "low" },
};

const jaMagnitude = (v: number) =>
  v >= 1e8
    ? `（約${Number((v / 1e8).toPrecision(3))}億）`
    : v >= 1e4
      ? `（約${Number((v / 1e4).toPrecision(3))}万）`
      : "";

/** A size in Japanese words: 104,300,000（約1.04億） 短単位語. */
export function formatSizeJa(s: Size): string {
  const unit = s.unit === "tokens" && s.tokenizer ? `トークン（${s.tokenizer}）` : SIZE_UNIT_LABELS_JA[s.unit];
  const value = Number.isInteger(s.value) ? formatInteger(s.value) : String(s.value);
  return `${value}${jaMagnitude(s.value)} ${unit}${s.corpusVersion ? ` ［コーパス ${s.corpusVersion}］` : ""}${s.scope ? ` — ${s.scope}` : ""}`;
}

/** Which calibration converted the catalog sizes to tokens: every file that shows an estimate names it. */
export function calibrationNotice(
  calibration: { id: string; chosen: "shipped" | "explicit"; summary: string; warning?: string } | null,
): Bilingual {
  if (!calibration)
    return {
      ja: "推定トークン数: 較正データがないため換算していません。",
      en: "Estimated tokens: no calibration in the catalog, so no size was converted.",
    };
  const chosenJa = calibration.chosen === "explicit" ? "--calibration で指定" : "同梱の較正";
  const chosenEn =
    calibration.chosen === "explicit" ? "chosen with --calibration instead of the shipped one" : "the shipped one";
  return {
    ja: `推定トークン数の換算に用いた較正: ${calibration.id}（${chosenJa}）。${calibration.warning ? "注意: 少数のサンプルに基づく較正です。" : ""}`,
    en: `Estimated tokens converted with calibration ${calibration.id} (${chosenEn}), ${calibration.summary}.${calibration.warning ? ` Warning: ${calibration.warning}.` : ""}`,
  };
}
