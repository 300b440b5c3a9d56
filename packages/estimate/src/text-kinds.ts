import type { CalibrationUnit, Kind, SizeUnit, TextKind } from "@corpus-census/catalog";

/**
 * The calibration text kind closest to each catalog kind. Kept as data: a reader of the
 * report can see which measured text stood in for which corpus.
 */
export const CLOSEST_TEXT_KIND: Record<Kind, TextKind> = {
  "web-crawl": "web",
  reviews: "web",
  news: "web",
  magazines: "web",
  "balanced-written": "web",
  government: "web",
  legal: "technical",
  patents: "technical",
  academic: "technical",
  encyclopedia: "encyclopedia",
  qa: "encyclopedia",
  books: "fiction",
  historical: "fiction",
  "speech-transcripts": "conversation",
  conversation: "conversation",
  dialogue: "conversation",
  dialect: "conversation",
  "learner-language": "conversation",
  parliamentary: "conversation",
  subtitles: "conversation",
  parallel: "web",
  translation: "fiction",
  mixed: "web",
  images: "web",
  unknown: "web",
};

/**
 * Catalog kinds whose text is the calibration kind itself; every other kind is converted with a
 * stand-in by judgement (news as web text, legal text as technical), and its interval adds how
 * much text kinds differ from one another.
 */
export const SAME_TEXT_KIND: ReadonlySet<Kind> = new Set<Kind>([
  "web-crawl",
  "encyclopedia",
  "conversation",
  "dialogue",
]);

interface UnitConversion {
  unit: CalibrationUnit;
  /** Why this stand-in is an approximation, when it is one. */
  approximation?: string;
}

/** Which measured unit converts a catalog size, per language; undefined when none does. */
export function conversionFor(unit: SizeUnit, lang: "ja" | "en"): UnitConversion | undefined {
  switch (unit) {
    case "bytes-uncompressed":
      return { unit: "bytes-uncompressed" };
    case "characters":
      return { unit: "characters" };
    case "whitespace-words":
      return { unit: "whitespace-words" };
    case "short-unit-words":
    case "morphemes":
      return {
        unit: "morphemes",
        approximation:
          unit === "short-unit-words" ? "NINJAL short-unit words measured as kuromoji (IPADIC) morphemes" : undefined,
      };
    case "words":
      return lang === "en"
        ? {
            unit: "whitespace-words",
            approximation: "the publisher's English word count measured as whitespace-separated words",
          }
        : {
            unit: "morphemes",
            approximation: "a Japanese word count of unstated method measured as kuromoji morphemes",
          };
    default:
      return undefined;
  }
}
