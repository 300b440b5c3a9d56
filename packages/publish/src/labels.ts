import type { Access, CommercialUse, FlagCode, Kind } from "@corpus-census/catalog";

export interface Bilingual {
  ja: string;
  en: string;
}

export const COMMERCIAL_LABELS: Record<CommercialUse, Bilingual> = {
  allowed: { ja: "商用可", en: "Allowed" },
  "allowed-with-conditions": { ja: "条件付きで商用可", en: "Allowed with conditions" },
  "non-commercial": { ja: "非商用のみ", en: "Non-commercial only" },
  "research-only": { ja: "研究目的のみ", en: "Research only" },
  "by-agreement": { ja: "個別契約", en: "By agreement" },
  unknown: { ja: "不明", en: "Unknown" },
};

export const ACCESS_LABELS: Record<Access, Bilingual> = {
  "open-download": { ja: "自由にダウンロード", en: "Open download" },
  registration: { ja: "登録後ダウンロード", en: "Download after registration" },
  application: { ja: "申請・審査", en: "Application" },
  paid: { ja: "有償", en: "Paid" },
  "search-only": { ja: "検索のみ", en: "Search interface only" },
  "not-distributed": { ja: "配布なし", en: "Not distributed" },
};

export const KIND_LABELS: Record<Kind, Bilingual> = {
  "web-crawl": { ja: "ウェブ", en: "Web crawl" },
  encyclopedia: { ja: "百科事典", en: "Encyclopedia" },
  "balanced-written": { ja: "均衡書き言葉", en: "Balanced written" },
  news: { ja: "新聞・ニュース", en: "News" },
  books: { ja: "書籍", en: "Books" },
  magazines: { ja: "雑誌", en: "Magazines" },
  academic: { ja: "学術", en: "Academic" },
  legal: { ja: "法律・判例", en: "Legal" },
  parliamentary: { ja: "議会", en: "Parliamentary" },
  government: { ja: "公文書", en: "Government records" },
  reviews: { ja: "レビュー", en: "Reviews" },
  subtitles: { ja: "字幕", en: "Subtitles" },
  "speech-transcripts": { ja: "話し言葉書き起こし", en: "Speech transcripts" },
  conversation: { ja: "会話", en: "Conversation" },
  dialogue: { ja: "対話", en: "Dialogue" },
  dialect: { ja: "方言", en: "Dialect" },
  "learner-language": { ja: "学習者言語", en: "Learner language" },
  historical: { ja: "歴史資料", en: "Historical" },
  qa: { ja: "質問応答", en: "Question answering" },
  parallel: { ja: "対訳", en: "Parallel" },
  translation: { ja: "翻訳", en: "Translation" },
  images: { ja: "画像", en: "Images" },
  mixed: { ja: "混合", en: "Mixed" },
  unknown: { ja: "不明", en: "Unknown" },
};

export const FLAG_LABELS: Record<FlagCode, Bilingual> = {
  "not-text": { ja: "テキストではない", en: "Not text" },
  "no-such-language": { ja: "該当言語なし", en: "No such language" },
  "not-found": { ja: "見つからない", en: "Not found" },
  "not-released": { ja: "未公開", en: "Not released" },
  withdrawn: { ja: "公開終了", en: "Withdrawn" },
  "search-only": { ja: "検索のみ", en: "Search only" },
  "subset-of": { ja: "他項目の一部", en: "Subset of another entry" },
  overlaps: { ja: "他項目と重複", en: "Overlaps another entry" },
  "whitespace-word-count": { ja: "空白区切り語数", en: "Whitespace word count" },
  misnamed: { ja: "名称の誤り", en: "Misnamed" },
  "speech-transcript": { ja: "話し言葉の書き起こし", en: "Speech transcript" },
  "learner-language": { ja: "学習者言語", en: "Learner language" },
  "historical-language": { ja: "古い言語", en: "Historical language" },
  "machine-translated": { ja: "機械翻訳", en: "Machine translated" },
  "size-unpublished": { ja: "規模非公表", en: "Size unpublished" },
  "licence-unclear": { ja: "ライセンス不明確", en: "Licence unclear" },
  "not-a-corpus": { ja: "コーパスではない", en: "Not a corpus" },
};

export const LIST_LABELS: Record<string, Bilingual> = {
  ja: { ja: "日本語", en: "Japanese" },
  en: { ja: "英語", en: "English" },
  other: { ja: "その他", en: "Other" },
};

export const NOT_LEGAL_ADVICE: Bilingual = {
  ja: "この一覧は公開されている利用条件を読み、出典と確認日を付けて整理したものであり、法的助言ではありません。利用前に各ライセンス本文を確認してください。",
  en: "This list is a dated, sourced reading of published terms. It is not legal advice: read each licence before you use a corpus.",
};

/** Which calibration converted the catalog sizes to tokens: every file that shows an estimate names it. */
export function calibrationNotice(calibration: { id: string; chosen: "shipped" | "explicit"; summary: string; warning?: string } | null): Bilingual {
  if (!calibration) return { ja: "推定トークン数: 較正データがないため換算していません。", en: "Estimated tokens: no calibration in the catalog, so no size was converted." };
  const chosenJa = calibration.chosen === "explicit" ? "--calibration で指定" : "同梱の較正";
  const chosenEn = calibration.chosen === "explicit" ? "chosen with --calibration instead of the shipped one" : "the shipped one";
  return {
    ja: `推定トークン数の換算に用いた較正: ${calibration.id}（${chosenJa}）。${calibration.warning ? "注意: 少数のサンプルに基づく較正です。" : ""}`,
    en: `Estimated tokens converted with calibration ${calibration.id} (${chosenEn}), ${calibration.summary}.${calibration.warning ? ` Warning: ${calibration.warning}.` : ""}`,
  };
}
