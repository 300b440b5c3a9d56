import type { Access, CommercialUse, FlagCode, Kind, SizeUnit } from "./schema.js";

/** A text in Japanese and in English. */
export interface Bilingual {
  ja: string;
  en: string;
}

/**
 * The words a reader uses for the catalog's enum values. They live beside the enums because
 * the published page, the CSV and the search index all speak them: a Japanese query for a
 * class (商用可), an access route (検索のみ) or a genre (ニュース) must find its entries.
 */
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
  patents: { ja: "特許", en: "Patents" },
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

export const LANGUAGE_LABELS: Record<string, Bilingual> = {
  ja: { ja: "日本語", en: "Japanese" },
  en: { ja: "英語", en: "English" },
};

/** The catalog's lists (the ja and en lists are named by their language); a list without a label here is shown by its id. */
const LIST_LABELS: Record<string, Bilingual> = {
  ...LANGUAGE_LABELS,
  other: { ja: "その他", en: "Other" },
  current: { ja: "現在のコーパス", en: "Current" },
};

/** Japanese names of the size units, for the bilingual files (the English ones are in format.ts). */
export const SIZE_UNIT_LABELS_JA: Record<SizeUnit, string> = {
  "short-unit-words": "短単位語",
  "long-unit-words": "長単位語",
  morphemes: "形態素",
  words: "語（公表者の数え方）",
  "whitespace-words": "空白区切りの語",
  tokens: "トークン",
  characters: "文字",
  sentences: "文",
  utterances: "発話",
  documents: "文書",
  dialogues: "対話",
  articles: "記事",
  pages: "ページ",
  texts: "テキスト",
  items: "点",
  images: "画像",
  "qa-pairs": "質問応答対",
  "sentence-pairs": "文対",
  speakers: "話者",
  "hours-of-speech": "時間（音声）",
  "bytes-uncompressed": "バイト（非圧縮）",
  "bytes-compressed": "バイト（圧縮）",
};

/** A label for any list id, including lists added after this table was written. */
export function listLabel(list: string): Bilingual {
  return LIST_LABELS[list] ?? { ja: list, en: list };
}
