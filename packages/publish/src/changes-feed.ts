import { createHash } from "node:crypto";
import type { CatalogChange, ChangeLogVersion } from "@corpus-census/catalog";
import { CHANGE_LABELS } from "./change-labels.js";
import { entryJsonPath, escapeHtml } from "./html.js";
import { NOT_LEGAL_ADVICE, type Bilingual } from "./labels.js";

/** One item of the feed: the changes of one entry recorded in one version, newest version first. */
interface ChangeItem {
  recordedOn: string;
  from: string;
  to: string;
  entry: string;
  name: string;
  changes: CatalogChange[];
}

function changeItems(versions: readonly ChangeLogVersion[]): ChangeItem[] {
  const items: ChangeItem[] = [];
  // The log is oldest first; the feed is newest first (a later recording first on the same day).
  for (const v of [...versions].reverse()) {
    const byEntry = new Map<string, CatalogChange[]>();
    for (const c of v.changes) byEntry.set(c.entry, [...(byEntry.get(c.entry) ?? []), c]);
    for (const [entry, changes] of byEntry)
      items.push({ recordedOn: v.recordedOn, from: v.from, to: v.to, entry, name: changes[0]!.name, changes });
  }
  return items.sort((a, b) => (a.recordedOn < b.recordedOn ? 1 : a.recordedOn > b.recordedOn ? -1 : 0));
}

/** A stable urn:uuid for an item (RFC 4122 name-based layout over sha-1): the same change keeps its id. */
function itemId(item: ChangeItem): string {
  const h = createHash("sha1")
    .update(JSON.stringify([item.recordedOn, item.from, item.to, item.entry, item.changes]))
    .digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The feed's own id never changes, whatever host publishes it. */
const FEED_ID = "urn:uuid:6f1d2c58-7c3b-5e0a-9a4f-2b8e4d1c9a17";

function changeLine(c: CatalogChange): string {
  const label = CHANGE_LABELS[c.type].en;
  if (c.type === "added") return `${label} to the list (${c.new})`;
  if (c.type === "removed") return `${label} from the list (was ${c.old})`;
  if (c.old && c.new) return `${label}: ${c.old} → ${c.new}`;
  return `${label}: ${c.new ?? c.old}`;
}

/** XML text and attributes need the escapes HTML does (&#39; is XML as much as &apos;). */
const xml = escapeHtml;

function join(base: string | undefined, path: string): string {
  return base ? `${base.replace(/\/+$/, "")}/${path}` : path;
}

/**
 * An Atom 1.0 feed (RFC 4287) of the catalog's recorded changes: one entry per catalog entry
 * and recorded version, dated when it was recorded. Links are relative to the published folder
 * unless the site's URL is given.
 */
export function renderAtom(versions: readonly ChangeLogVersion[], catalogDate: string, siteUrl?: string): string {
  const items = changeItems(versions);
  const updated = (items[0]?.recordedOn ?? catalogDate) + "T00:00:00Z";
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
    `  <id>${FEED_ID}</id>`,
    `  <title>corpus-census: changes to the corpus list</title>`,
    `  <subtitle>${xml(`What changed in the catalog of corpora, entry by entry, as recorded. ${NOT_LEGAL_ADVICE.en}`)}</subtitle>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>corpus-census</name></author>`,
    `  <generator>corpus-census</generator>`,
    `  <link rel="alternate" type="text/html" href="${xml(join(siteUrl, "changes.html"))}"/>`,
    ...(siteUrl
      ? [`  <link rel="self" type="application/atom+xml" href="${xml(join(siteUrl, "changes.xml"))}"/>`]
      : []),
  ];
  for (const item of items) {
    const summary = item.changes.map(changeLine).join("; ");
    const body = `<ul>${item.changes.map((c) => `<li>${escapeHtml(changeLine(c))}${c.source ? ` (<a href="${escapeHtml(c.source)}">source</a>)` : ""}</li>`).join("")}</ul><p>Compared ${escapeHtml(item.from)} with ${escapeHtml(item.to)}.</p>`;
    lines.push(
      `  <entry>`,
      `    <id>${itemId(item)}</id>`,
      `    <title>${xml(
        `${item.name} (${item.entry}): ${item.changes
          .map((c) => CHANGE_LABELS[c.type].en.toLowerCase())
          .filter((v, i, a) => a.indexOf(v) === i)
          .join(", ")}`,
      )}</title>`,
      `    <updated>${item.recordedOn}T00:00:00Z</updated>`,
      `    <link rel="alternate" type="text/html" href="${xml(join(siteUrl, `changes.html#${item.recordedOn}-${item.entry}`))}"/>`,
      `    <link rel="related" type="application/json" href="${xml(join(siteUrl, entryJsonPath(item.entry)))}"/>`,
      `    <category term="${xml(item.entry)}"/>`,
      `    <summary>${xml(summary)}</summary>`,
      `    <content type="html">${xml(body)}</content>`,
      `  </entry>`,
    );
  }
  lines.push(`</feed>`, ``);
  return lines.join("\n");
}

const both = (b: Bilingual) =>
  `<span lang="ja">${escapeHtml(b.ja)}</span> / <span lang="en">${escapeHtml(b.en)}</span>`;

/** changes.html: the recorded changes, newest first, each linked to the entry's raw JSON. */
export function renderChangesHtml(versions: readonly ChangeLogVersion[], catalogDate: string): string {
  const items = changeItems(versions);
  const rows = items
    .map((item) => {
      const list = item.changes
        .map((c) => {
          const before = c.old ? `<del>${escapeHtml(c.old)}</del>` : "";
          const after = c.new ? `<ins>${escapeHtml(c.new)}</ins>` : "";
          const arrow = before && after ? " → " : "";
          return `<li><strong>${both(CHANGE_LABELS[c.type])}</strong>: ${before}${arrow}${after}${c.source ? ` <a href="${escapeHtml(c.source)}" rel="noopener noreferrer">source</a>` : ""}</li>`;
        })
        .join("");
      return `<section id="${escapeHtml(`${item.recordedOn}-${item.entry}`)}"><h2><time datetime="${item.recordedOn}">${item.recordedOn}</time> ${escapeHtml(item.name)} <code>${escapeHtml(item.entry)}</code></h2><ul>${list}</ul><p class="muted"><a href="${escapeHtml(entryJsonPath(item.entry))}">JSON</a> · ${escapeHtml(item.from)} → ${escapeHtml(item.to)}</p></section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>変更履歴 / Changes — corpus-census</title>
<link rel="alternate" type="application/atom+xml" title="Changes (Atom)" href="changes.xml">
<style>
body{font-family:system-ui,"Noto Sans CJK JP",sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
h2{font-size:1.05rem;margin:1.2rem 0 .3rem}
del{color:#8a1c1c}ins{color:#1d5e20;text-decoration:none}
.muted{color:#666;font-size:.9rem}
.notice{background:#fff4e5;border-left:4px solid #e08a00;padding:.4rem .6rem}
</style>
</head>
<body>
<h1>${both({ ja: "コーパス一覧の変更履歴", en: "Changes to the corpus list" })}</h1>
<p>${both({ ja: "カタログの版ごとに記録した変更（ライセンス、商用利用の区分、入手方法、規模、注意事項）。", en: "What changed in the catalog between recorded versions: licences, commercial-use classes, access, sizes and flags." })} <a href="index.html">${both({ ja: "一覧へ", en: "Back to the list" })}</a> · <a href="changes.xml">Atom</a></p>
<p class="notice" role="note">${both(NOT_LEGAL_ADVICE)}</p>
${items.length ? rows : `<p>${both({ ja: "記録された変更はまだありません。", en: "No changes have been recorded yet." })}</p>`}
<p class="muted">${both({ ja: `カタログの日付: ${catalogDate}`, en: `Catalog as of ${catalogDate}` })}</p>
</body>
</html>
`;
}
