import { countMerges } from "./bpe-merge.js";
import { PieceCache } from "./piece-cache.js";
import { tiktokenPatternToJs } from "./tiktoken-pattern.js";
import type { TokenCounter } from "./token-counter.js";

/**
 * A count-only implementation of Hugging Face byte-level BPE models (Llama 3, Qwen3,
 * DeepSeek-V3): added tokens split out first, the normalizer (NFC or none), the Split
 * pre-tokenizers (behaviour Isolated), then BPE over UTF-8 bytes by merge priority. It builds
 * no token ids and keeps no strings in the byte-level alphabet. `supportsByteLevelBpe` says
 * whether a tokenizer.json has only the parts implemented here; otherwise the library is used.
 */

interface AddedToken {
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

interface PreTokenizerJson {
  type: string;
  pretokenizers?: PreTokenizerJson[];
  pattern?: { Regex?: string; String?: string };
  behavior?: string;
  invert?: boolean;
  add_prefix_space?: boolean;
  use_regex?: boolean;
  trim_offsets?: boolean;
}

export interface TokenizerJson {
  added_tokens?: AddedToken[];
  normalizer?: { type: string; normalizers?: unknown[] } | null;
  pre_tokenizer?: PreTokenizerJson | null;
  model: { type: string; vocab: Record<string, number>; merges: (string | [string, string])[]; ignore_merges?: boolean; byte_fallback?: boolean; dropout?: number | null; continuing_subword_prefix?: string | null; end_of_word_suffix?: string | null };
}

/** GPT-2's map from bytes to printable characters, inverted: character -> byte. */
function byteLevelDecoder(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  const map = new Map<string, number>();
  bytes.forEach((b, i) => map.set(String.fromCodePoint(chars[i]!), b));
  return map;
}

function toByteString(token: string, decoder: Map<string, number>): string | undefined {
  let out = "";
  for (const ch of token) {
    const b = decoder.get(ch);
    if (b === undefined) return undefined;
    out += String.fromCharCode(b);
  }
  return out;
}

function splitRegexes(p: PreTokenizerJson | null | undefined): RegExp[] | undefined {
  if (!p) return undefined;
  const list = p.type === "Sequence" ? (p.pretokenizers ?? []) : [p];
  const regexes: RegExp[] = [];
  for (const step of list) {
    if (step.type === "Split") {
      if (!step.pattern?.Regex || step.behavior !== "Isolated" || step.invert) return undefined;
      regexes.push(tiktokenPatternToJs(step.pattern.Regex));
    } else if (step.type === "ByteLevel") {
      if (step.add_prefix_space || step.use_regex) return undefined;
    } else return undefined;
  }
  return regexes.length > 0 ? regexes : undefined;
}

/** Whether this counter implements everything the tokenizer.json asks for. */
export function supportsByteLevelBpe(json: TokenizerJson): boolean {
  const m = json.model;
  if (m.type !== "BPE" || m.byte_fallback || m.dropout || m.continuing_subword_prefix || m.end_of_word_suffix) return false;
  const norm = json.normalizer;
  if (norm && norm.type !== "NFC" && !(norm.type === "Sequence" && (norm.normalizers ?? []).length === 0)) return false;
  if (!splitRegexes(json.pre_tokenizer)) return false;
  // Added tokens that strip or need word boundaries are left to the library.
  return (json.added_tokens ?? []).every((t) => !t.lstrip && !t.rstrip && !t.single_word);
}

const SEPARATOR = "\u0100";

export class ByteLevelBpeCounter implements TokenCounter {
  private readonly ranks = new Map<string, number>();
  private readonly vocab = new Set<string>();
  private readonly ignoreMerges: boolean;
  private readonly nfc: boolean;
  private readonly regexes: RegExp[];
  private readonly added: string[];
  private readonly addedPattern: RegExp | undefined;
  private readonly cache = new PieceCache();

  /** `json` is the parsed tokenizer.json at `path`. */
  constructor(
    readonly id: string,
    path: string,
    json: TokenizerJson,
  ) {
    if (!supportsByteLevelBpe(json)) throw new Error(`${path}: not a byte-level BPE model this counter implements`);
    const decoder = byteLevelDecoder();
    for (const token of Object.keys(json.model.vocab)) {
      const bytes = toByteString(token, decoder);
      if (bytes !== undefined) this.vocab.add(bytes);
    }
    json.model.merges.forEach((merge, rank) => {
      const [a, b] = typeof merge === "string" ? (merge.split(" ") as [string, string]) : merge;
      const left = toByteString(a, decoder);
      const right = toByteString(b, decoder);
      const key = `${left}${SEPARATOR}${right}`;
      if (left !== undefined && right !== undefined && !this.ranks.has(key)) this.ranks.set(key, rank);
    });
    this.ignoreMerges = json.model.ignore_merges === true;
    this.nfc = json.normalizer?.type === "NFC";
    this.regexes = splitRegexes(json.pre_tokenizer)!;
    // Added tokens are found in the raw text, longest first where two start at the same place.
    this.added = (json.added_tokens ?? []).map((t) => t.content).filter((c) => c.length > 0);
    this.addedPattern =
      this.added.length > 0 ? new RegExp([...this.added].sort((a, b) => b.length - a.length).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gu") : undefined;
  }

  count(text: string): number {
    if (!this.addedPattern) return this.countSegment(text);
    let total = 0;
    let last = 0;
    this.addedPattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = this.addedPattern.exec(text)) !== null) {
      if (m.index > last) total += this.countSegment(text.slice(last, m.index));
      total += 1;
      last = m.index + m[0].length;
    }
    if (last < text.length) total += this.countSegment(text.slice(last));
    return total;
  }

  private countSegment(raw: string): number {
    const text = this.nfc ? raw.normalize("NFC") : raw;
    let pieces = [text];
    for (const regex of this.regexes) {
      const next: string[] = [];
      for (const piece of pieces) splitIsolated(piece, regex, next);
      pieces = next;
    }
    let total = 0;
    for (const piece of pieces) total += this.countPiece(piece);
    return total;
  }

  private countPiece(piece: string): number {
    return this.cache.count(piece, this.merge);
  }

  /** With ignore_merges a piece in the vocabulary is one token; otherwise merge by merge priority. */
  private readonly merge = (bytes: string): number => {
    if (bytes.length <= 1) return bytes.length;
    if (this.ignoreMerges && this.vocab.has(bytes)) return 1;
    const ranks = this.ranks;
    return countMerges(bytes.length, (start, mid, end) => ranks.get(`${bytes.slice(start, mid)}${SEPARATOR}${bytes.slice(mid, end)}`));
  };
}

/** HF's Split with behaviour Isolated: matches and the text between them, each its own piece. */
function splitIsolated(text: string, regex: RegExp, out: string[]): void {
  regex.lastIndex = 0;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = regex.exec(text)) !== null) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(m[0]);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
}
