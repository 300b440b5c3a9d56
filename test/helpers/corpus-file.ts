import { createWriteStream, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { seededRandom } from "@corpus-census/estimate";
import { COUNT_FIXTURES, HAVE_SHARED_SAMPLES, SHARED_SAMPLES } from "./samples.js";

/** Real paragraphs and dialogues: documents of the sizes web corpora have (a line to a few kB). */
function realDocuments(): string[] {
  if (!HAVE_SHARED_SAMPLES) {
    return readFileSync(join(COUNT_FIXTURES, "sample.txt"), "utf8")
      .trimEnd()
      .split("\n\n")
      .flatMap((d) => d.split("\n"));
  }
  const read = (f: string) => {
    const bytes = readFileSync(join(SHARED_SAMPLES, f));
    return (f.endsWith(".gz") ? gunzipSync(bytes) : bytes)
      .toString("utf8")
      .replace(/^\ufeff/, "")
      .replace(/\r/g, "");
  };
  const lines = (f: string) =>
    read(f)
      .split("\n")
      .filter((l) => l.trim().length > 0);
  const jsonl = (f: string) =>
    lines(f).map((l) =>
      (JSON.parse(l) as { text: string }).text
        .split("\n")
        .filter((x) => x.trim())
        .join("\n"),
    );
  return [
    ...lines("ja/aozora_bocchan.txt"),
    ...lines("ja/aozora_kojiki_gendaigoyaku.utf8.txt"),
    ...lines("en/gutenberg_pride_and_prejudice.txt"),
    ...read("en/ud_ewt_dev_web.txt")
      .split(/\n\n+/)
      .map((d) => d.trim())
      .filter(Boolean),
    ...jsonl("ja/realpersonachat_dev.jsonl"),
    ...jsonl("ja/wikipedia_jsquad_dev.jsonl"),
  ];
}

export interface CorpusFile {
  path: string;
  bytes: number;
  documents: string[];
}

/**
 * A file of about `targetBytes` in the CC-100 layout: real documents in a seeded random order,
 * repeated as needed. The documents are returned so a test can compute the exact totals.
 */
export async function writeCorpusFile(targetBytes: number, seed = 7): Promise<CorpusFile> {
  const pool = realDocuments();
  const random = seededRandom(seed);
  const path = join(mkdtempSync(join(tmpdir(), "census-corpus-")), "corpus.txt");
  const out = createWriteStream(path);
  const documents: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const doc = pool[Math.floor(random() * pool.length)]!;
    const chunk = `${doc}\n\n`;
    documents.push(doc);
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { path, bytes, documents };
}
