import {
  ACCESS_LABELS,
  COMMERCIAL_LABELS,
  FLAG_LABELS,
  KIND_LABELS,
  LANGUAGE_LABELS,
  listLabel,
  type Bilingual,
} from "./labels.js";
import { entryList, type Entry } from "./schema.js";

const both = (b: Bilingual | undefined) => (b ? [b.ja, b.en] : []);

/**
 * Everything a reader might search an entry for: its names and notes, and the Japanese and
 * English words for each of its enum values (商用可, 検索のみ, 新聞・ニュース, ...), since the notes
 * are mostly in English. The store's full-text index and the published page's search box both
 * search this text, so they find the same entries.
 */
export function searchableText(entry: Entry): string {
  return [
    entry.id,
    entry.report?.name ?? "",
    ...both(listLabel(entryList(entry))),
    entry.name.ja,
    entry.name.en,
    entry.publisher,
    entry.kind,
    ...both(KIND_LABELS[entry.kind]),
    ...entry.languages.flatMap((l) => [l, ...both(LANGUAGE_LABELS[l])]),
    entry.description.ja,
    entry.description.en,
    entry.licence.name,
    entry.licence.spdx ?? "",
    entry.licence.note ?? "",
    entry.commercialUse,
    ...both(COMMERCIAL_LABELS[entry.commercialUse]),
    entry.terms.commercialUse.note,
    entry.access,
    ...both(ACCESS_LABELS[entry.access]),
    entry.terms.access.note,
    ...entry.acquisition.steps,
    entry.acquisition.huggingFace ?? "",
    ...entry.flags.flatMap((f) => [f.code, ...both(FLAG_LABELS[f.code]), f.target ?? "", f.note]),
    ...entry.sizes.flatMap((s) => [s.quote ?? "", s.scope ?? "", s.note ?? ""]),
  ]
    .filter((s) => s.length > 0)
    .join("\n");
}

/**
 * How text and queries are compared: NFKC (full-width Ａ and half-width ｶﾅ read as A and カナ)
 * and lower case. The page's script does the same (String.prototype.normalize("NFKC")).
 */
export function normalizeForSearch(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}
