import { NOT_USABLE_TEXT_FLAGS, type Entry } from "@corpus-census/catalog";

const CONTEXT = {
  "@language": "en",
  "@vocab": "https://schema.org/",
  cr: "http://mlcommons.org/croissant/",
  dct: "http://purl.org/dc/terms/",
  sc: "https://schema.org/",
  conformsTo: "dct:conformsTo",
  citeAs: "cr:citeAs",
};

/** Entries whose data a developer can download (openly or after registering). */
function isDownloadable(entry: Entry): boolean {
  return (
    (entry.access === "open-download" || entry.access === "registration") &&
    Boolean(entry.acquisition.url || entry.acquisition.huggingFace)
  );
}

/**
 * Entries that get Croissant metadata: downloadable, and text in the listed language that can be
 * had. An image set or a corpus without the listed language is not a text data set to describe.
 */
export function hasCroissant(entry: Entry): boolean {
  return (
    isDownloadable(entry) && !entry.flags.some((f) => (NOT_USABLE_TEXT_FLAGS as readonly string[]).includes(f.code))
  );
}

/** Text as sentences: trimmed, first letter kept, closed with a full stop when it has none. */
function asSentence(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return /[.!?。]["'”’)]?$/.test(t) ? t : `${t}.`;
}

/** Croissant (MLCommons, JSON-LD) metadata of one downloadable source. */
export function croissantFor(entry: Entry, catalogDate: string): Record<string, unknown> {
  const hf = entry.acquisition.huggingFace
    ? `https://huggingface.co/datasets/${entry.acquisition.huggingFace}`
    : undefined;
  const contentUrl = hf ?? entry.acquisition.url!;
  const steps = entry.acquisition.steps.map((s, i) => `Step ${i + 1}: ${asSentence(s)}`).join(" ");
  return {
    "@context": CONTEXT,
    "@type": "sc:Dataset",
    conformsTo: "http://mlcommons.org/croissant/1.0",
    name: entry.name.en,
    alternateName: entry.report ? [entry.name.ja, entry.report.name] : [entry.name.ja],
    description: asSentence(entry.description.en),
    url: entry.homepage ?? contentUrl,
    license: entry.licence.spdx
      ? `https://spdx.org/licenses/${entry.licence.spdx}.html`
      : (entry.licence.url ?? entry.licence.name),
    creator: { "@type": "sc:Organization", name: entry.publisher },
    inLanguage: entry.languages,
    keywords: [
      entry.report
        ? `corpus-census list: ${entry.report.list}, no. ${entry.report.number} of the 2024 METI report`
        : "corpus-census list: current (not in the 2024 METI report)",
    ],
    isAccessibleForFree: entry.acquisition.cost === null,
    dateModified: catalogDate,
    distribution: [
      {
        "@type": "cr:FileObject",
        "@id": `${entry.id}-source`,
        name: `${entry.id}-source`,
        description: `Where to obtain ${entry.name.en}${hf ? " (a Hugging Face dataset repository)" : " (the publisher's download page)"}. ${steps}`,
        contentUrl,
        encodingFormat: hf ? "application/x-huggingface-dataset" : "text/html",
      },
    ],
  };
}
