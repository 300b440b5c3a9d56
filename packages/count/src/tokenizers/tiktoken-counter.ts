import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { countMerges } from "./bpe-merge.js";
import { PieceCache } from "./piece-cache.js";
import { tiktokenPatternToJs } from "./tiktoken-pattern.js";
import type { TokenCounter } from "./token-counter.js";

const require = createRequire(import.meta.url);

interface TiktokenRanksFile {
  pat_str: string;
  bpe_ranks: string;
}

/** The OpenAI encodings as the tiktoken npm package ships them (no download). */
export function loadTiktokenRanksFile(encoding: string): TiktokenRanksFile {
  const file = require.resolve(`tiktoken/encoders/${encoding}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as TiktokenRanksFile;
}

/** Token bytes (as a latin1 "binary" string) -> rank. */
function parseRanks(bpeRanks: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of bpeRanks.split("\n")) {
    if (!line) continue;
    const fields = line.split(" ");
    const offset = Number.parseInt(fields[1]!, 10);
    for (let i = 2; i < fields.length; i++) {
      ranks.set(Buffer.from(fields[i]!, "base64").toString("latin1"), offset + i - 2);
    }
  }
  return ranks;
}

/**
 * Counts tokens of a tiktoken encoding exactly as tiktoken's encode_ordinary, without
 * building token ids: split with the encoding's pattern, then merge each piece's bytes by rank.
 */
export class TiktokenCounter implements TokenCounter {
  private readonly ranks: Map<string, number>;
  private readonly pattern: RegExp;
  private readonly cache = new PieceCache();

  constructor(
    readonly id: string,
    encoding: string,
  ) {
    const file = loadTiktokenRanksFile(encoding);
    this.ranks = parseRanks(file.bpe_ranks);
    this.pattern = tiktokenPatternToJs(file.pat_str);
  }

  count(text: string): number {
    let total = 0;
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(text)) !== null) {
      total += this.countPiece(match[0]);
    }
    return total;
  }

  private countPiece(piece: string): number {
    return this.cache.count(piece, this.merge);
  }

  /** A piece that is a token is one; otherwise merge its bytes by the rank of the merged token. */
  private readonly merge = (bytes: string): number => {
    const ranks = this.ranks;
    return ranks.has(bytes) ? 1 : countMerges(bytes.length, (start, _mid, end) => ranks.get(bytes.slice(start, end)));
  };
}
