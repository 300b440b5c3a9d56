import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cacheRoot } from "@corpus-census/common";
import { GENERAL_CATEGORIES, type GeneralCategory, type UnicodeVersion } from "./unicode-classes.generated.js";

/**
 * A general category as it was in a pinned Unicode version, written for a /v regular
 * expression: the running Node's own `\p{X}` corrected by the few code points whose category
 * differs in its ICU. V8 matches `\p{X}` far faster than the same set spelled out as hundreds of
 * ranges (3–5× on the o200k pattern), so the correction is kept small; it is found once per
 * isolate by letting the regex engine compute both differences over every code point.
 */
const operands = new Map<string, string>();
let everyCodePoint: string | undefined;

export function categoryOperand(version: UnicodeVersion, category: GeneralCategory): string {
  const pinned = GENERAL_CATEGORIES[version][category];
  // Keyed by the pinned set itself: a regenerated table never reads an old operand.
  const key = `${version}/${category}/${createHash("sha256").update(pinned).digest("hex").slice(0, 16)}`;
  if (operands.size === 0) readStoredOperands();
  let operand = operands.get(key);
  if (operand === undefined) {
    operand = computeOperand(pinned, category);
    operands.set(key, operand);
    storeOperands();
  }
  return operand;
}

/**
 * Finding an operand scans every code point (about 0.4 s for o200k's pattern, in every worker
 * of every run), and the answer depends only on the pinned set and the running Node's ICU: it
 * is kept in the cache directory, one file per Node build, written whole (temp file + rename).
 * A file that does not parse, or an operand that does not compile, is computed again.
 */
function operandsFile(): string {
  const node = createHash("sha256")
    .update(`${process.version} ${process.versions.icu} ${process.versions.unicode}`)
    .digest("hex")
    .slice(0, 16);
  return join(cacheRoot(), "unicode", `operands-${node}.json`);
}

function readStoredOperands(): void {
  try {
    const stored = JSON.parse(readFileSync(operandsFile(), "utf8")) as unknown;
    if (stored === null || typeof stored !== "object") return;
    for (const [key, operand] of Object.entries(stored)) {
      if (typeof operand !== "string") continue;
      new RegExp(operand, "v"); // throws on a damaged entry
      operands.set(key, operand);
    }
  } catch {
    operands.clear();
  }
}

function storeOperands(): void {
  const file = operandsFile();
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, JSON.stringify(Object.fromEntries(operands)));
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true }); // a read-only cache costs time, not correctness
  }
}

function computeOperand(pinned: string, category: string): string {
  everyCodePoint ??= allCodePoints();
  const nodeOnly = codePointsMatching(new RegExp(`[\\p{${category}}--[${pinned}]]`, "gv"));
  const pinnedOnly = codePointsMatching(new RegExp(`[[${pinned}]--\\p{${category}}]`, "gv"));
  let operand = `\\p{${category}}`;
  if (nodeOnly.length > 0) operand = `[${operand}--[${classBody(nodeOnly)}]]`;
  if (pinnedOnly.length > 0) operand = `[${operand}[${classBody(pinnedOnly)}]]`;
  return operand;
}

function allCodePoints(): string {
  const parts: string[] = [];
  for (let cp = 0; cp < 0x110000; cp += 0x1000) {
    const chunk: number[] = [];
    for (let c = cp; c < cp + 0x1000; c++) if (c < 0xd800 || c > 0xdfff) chunk.push(c);
    parts.push(String.fromCodePoint(...chunk));
  }
  return parts.join("");
}

function codePointsMatching(regex: RegExp): number[] {
  const out: number[] = [];
  for (const m of everyCodePoint!.matchAll(regex)) out.push(m[0].codePointAt(0)!);
  return out;
}

const escape = (cp: number) => `\\u{${cp.toString(16)}}`;

function classBody(codePoints: number[]): string {
  let out = "";
  for (let i = 0; i < codePoints.length; ) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j]! + 1) j++;
    out += j === i ? escape(codePoints[i]!) : `${escape(codePoints[i]!)}-${escape(codePoints[j]!)}`;
    i = j + 1;
  }
  return out;
}
