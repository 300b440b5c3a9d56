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
  const key = `${version}/${category}`;
  let operand = operands.get(key);
  if (operand === undefined) {
    operand = computeOperand(GENERAL_CATEGORIES[version][category], category);
    operands.set(key, operand);
  }
  return operand;
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
