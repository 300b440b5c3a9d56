import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { REPO_ROOT } from "./catalog-copy.js";

/** The shared real-text samples, present on the team's machines and in CI, absent from a bare clone ($CENSUS_SAMPLES overrides where they are: a worktree is one folder deeper). */
export const SHARED_SAMPLES = process.env.CENSUS_SAMPLES ?? join(REPO_ROOT, "..", "shared", "corpus-samples");
export const HAVE_SHARED_SAMPLES = existsSync(join(SHARED_SAMPLES, "README.md"));
export const COUNT_FIXTURES = join(REPO_ROOT, "test", "fixtures", "count");
/** A file of the repository's count fixtures (test/fixtures/count). */
export const countFixture = (name: string) => join(COUNT_FIXTURES, name);

/** Lines of real text: the shared samples when present, else the repository's fixtures. */
export function realTextLines(): { name: string; lines: string[] }[] {
  const files = HAVE_SHARED_SAMPLES
    ? [
        "ja/aozora_bocchan.txt",
        "ja/aozora_kojiki_gendaigoyaku.utf8.txt",
        "ja/ud_gsd_dev_sentences.txt",
        "ja/debian_faq.ja.txt.gz",
        "ja/debian_maint-guide.ja.txt.gz",
        "en/gutenberg_pride_and_prejudice.txt",
        "en/ud_ewt_dev_web.txt",
        "en/debian_maint-guide.en.txt.gz",
      ].map((f) => join(SHARED_SAMPLES, f))
    : ["sample.txt", "sample-crlf.txt"].map((f) => join(COUNT_FIXTURES, f));
  return files.map((file) => {
    let bytes = readFileSync(file);
    if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
    return { name: file, lines: bytes.toString("utf8").split("\n") };
  });
}

/** JSON Lines texts of the shared samples (chat and encyclopedia), or the fixture's. */
export function realTextDocuments(): string[] {
  const files = HAVE_SHARED_SAMPLES
    ? ["ja/realpersonachat_dev.jsonl", "ja/wikipedia_jsquad_dev.jsonl"].map((f) => join(SHARED_SAMPLES, f))
    : [join(COUNT_FIXTURES, "sample.jsonl")];
  return files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text),
  );
}
