// Builds the small real-text fixtures of test/fixtures/count/ from ../shared/corpus-samples.
// They are committed, so tests pass on a fresh clone without ../shared; rerun this only to
// change them (it needs ../shared, xz, bzip2, gzip, zstd and iconv).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parquetWriteBuffer } from "hyparquet-writer";

const samples = fileURLToPath(new URL("../../shared/corpus-samples/", import.meta.url));
const out = fileURLToPath(new URL("../test/fixtures/count/", import.meta.url));
mkdirSync(out, { recursive: true });

// Three encyclopedia articles (first two paragraphs), three English web documents, one passage of fiction.
const wiki = readFileSync(`${samples}ja/wikipedia_jsquad_dev.jsonl`, "utf8")
  .trim()
  .split("\n")
  .slice(0, 3)
  .map((l) => JSON.parse(l));
const jaDocs = wiki.map((a) => a.text.split("\n").slice(0, 2).join("\n"));
const ewtDocs = readFileSync(`${samples}en/ud_ewt_dev_web.txt`, "utf8")
  .split(/\n\n+/)
  .slice(0, 3)
  .map((d) => d.trim());
const bocchan = readFileSync(`${samples}ja/aozora_bocchan.txt`, "utf8").split("\n").slice(20, 26).join("\n").trim();
const documents = [...jaDocs, ...ewtDocs, bocchan];

const text = documents.join("\n\n") + "\n";
writeFileSync(`${out}sample.txt`, text);
writeFileSync(`${out}sample-crlf.txt`, text.replace(/\n/g, "\r\n"));
writeFileSync(`${out}sample.jsonl`, documents.map((t, i) => JSON.stringify({ id: i, text: t })).join("\n") + "\n");
writeFileSync(
  `${out}sample-content.jsonl`,
  documents
    .map((t, i) =>
      JSON.stringify({ content: t, warc_headers: { "warc-record-id": `<urn:uuid:${i}>` }, metadata: null }),
    )
    .join("\n") + "\n",
);
writeFileSync(
  `${out}malformed.jsonl`,
  [
    JSON.stringify({ text: documents[0] }),
    JSON.stringify({ text: documents[1] }),
    '{"text": "broken',
    JSON.stringify({ text: documents[2] }),
    JSON.stringify({ title: "no text field" }),
    JSON.stringify({ text: documents[3] }),
  ].join("\n") + "\n",
);

// Compressed copies under names that do not say how they are compressed: detection reads bytes.
const compress = (cmd, args) => execFileSync(cmd, args, { input: Buffer.from(text) });
writeFileSync(`${out}sample-a.bin`, compress("gzip", ["-c", "-9", "-n"]));
writeFileSync(`${out}sample-b.bin`, compress("bzip2", ["-c", "-9"]));
writeFileSync(`${out}sample-c.bin`, compress("xz", ["-c", "-6"]));
writeFileSync(`${out}sample-d.bin`, compress("zstd", ["-c", "-19", "-q"]));

writeFileSync(
  `${out}sample.parquet`,
  Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: "id", data: documents.map((_, i) => String(i)), type: "STRING" },
        { name: "text", data: documents, type: "STRING" },
      ],
    }),
  ),
);

// A MediaWiki export: the same documents as articles, plus pages that are not documents.
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const page = (title, ns, body, redirect = "") =>
  `  <page>\n    <title>${escape(title)}</title>\n    <ns>${ns}</ns>\n    <id>1</id>\n${redirect}    <revision>\n      <id>1</id>\n      <text bytes="${Buffer.byteLength(body)}" xml:space="preserve">${escape(body)}</text>\n    </revision>\n  </page>\n`;
const xml =
  '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="ja">\n  <siteinfo><sitename>fixture</sitename></siteinfo>\n' +
  documents.map((d, i) => page(`doc ${i}`, 0, d)).join("") +
  page("Redirect page", 0, "#REDIRECT [[doc 0]]", '    <redirect title="doc 0" />\n') +
  page("Talk:doc 0", 1, "a talk page, not an article") +
  "</mediawiki>\n";
writeFileSync(`${out}sample.xml`, xml);

// Wikitext with markup, and what --wikitext plain must make of it.
writeFileSync(
  `${out}markup.xml`,
  '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n' +
    page(
      "Markup",
      0,
      "{{Infobox|name=x|{{nested}}}}'''梅雨'''（つゆ）は[[気象|気象現象]]である。<ref>出典</ref>\n== 概要 ==\n* [[東アジア]]の[https://example.org 雨季]。\n[[Category:気象]]",
    ) +
    "</mediawiki>\n",
);

// Shift_JIS: the Japanese documents only (the English ones would be the same bytes).
const jaText = [...jaDocs, bocchan].join("\n\n") + "\n";
writeFileSync(`${out}sample-ja.utf8.txt`, jaText);
writeFileSync(
  `${out}sample-ja.sjis.txt`,
  execFileSync("iconv", ["-f", "UTF-8", "-t", "SHIFT_JIS"], { input: Buffer.from(jaText) }),
);
writeFileSync(
  `${out}sample-ja.eucjp.txt`,
  execFileSync("iconv", ["-f", "UTF-8", "-t", "EUC-JP"], { input: Buffer.from(jaText) }),
);
// Truncated streams: ~1 MB of documents compressed, cut at 60 %. Every format must say it is
// truncated and keep the counts of what it could read (bzip2 -1 uses 100 kB blocks, so
// complete blocks come out before the cut).
const long = Array.from({ length: 100 }, (_, i) => documents.map((d) => `${i}: ${d}`).join("\n\n")).join("\n\n") + "\n";
const cut = (buffer) => buffer.subarray(0, Math.floor(buffer.length * 0.6));
const compressLong = (cmd, args) => execFileSync(cmd, args, { input: Buffer.from(long), maxBuffer: 1 << 26 });
writeFileSync(`${out}truncated.txt.gz`, cut(compressLong("gzip", ["-c", "-n"])));
writeFileSync(`${out}truncated.txt.bz2`, cut(compressLong("bzip2", ["-c", "-1"])));
writeFileSync(`${out}truncated.txt.xz`, cut(compressLong("xz", ["-c"])));
writeFileSync(`${out}truncated.txt.zst`, cut(compressLong("zstd", ["-c", "-q"])));
console.log(`wrote ${documents.length} documents in every format to ${out}`);
