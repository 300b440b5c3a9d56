import { PairTable } from "../bpe/pair-table.js";
import { byteToken, charTablesOf } from "../sentencepiece/pieces.js";
import { PrecompiledCharsmap } from "../sentencepiece/precompiled-charsmap.js";
import { PieceTrie } from "../unigram/piece-trie.js";
import type { SentencePieceNormalizerSpec } from "./spm-model-normalizer.js";
import type { SentencePieceUnigramModel } from "./spm-unigram-counter.js";
import { cutPointsOf } from "../unigram/tie-safe-words.js";
import { mergeJoinsOf } from "../sentencepiece-bpe/merge-joins.js";
import { wholeTokensOf } from "../sentencepiece-bpe/whole-tokens.js";
import { BpeMerger } from "../bpe/bpe-merge.js";
import type { SentencePieceBpeModel } from "../sentencepiece-bpe/sentencepiece-bpe-counter.js";
import type { ModelProto } from "./model-proto.js";

/** The model of our counter for a SentencePiece .model. */
export type SentencePieceModelOfProto = SentencePieceBpeModel | SentencePieceUnigramModel;

/**
 * Our counter's model for a SentencePiece .model, counting as SentencePiece's own Encode does
 * (no special tokens are split out of the text: SentencePiece does not): Unigram models, and BPE
 * models with byte fallback (Llama, Llama 2 and their extensions), with or without a precompiled
 * charsmap. What is not implemented is refused with the reason, never counted differently.
 */
export function modelFromProto(id: string, path: string, proto: ModelProto): SentencePieceModelOfProto {
  const refuse = (why: string): never => {
    throw new Error(
      `${path}: a SentencePiece model this counter does not implement yet (${why}); convert it to tokenizer.json to count it through the library`,
    );
  };
  const n = proto.normalizer;
  if (proto.trainer.treatWhitespaceAsSuffix) refuse("treat_whitespace_as_suffix");
  if (!n.escapeWhitespaces) refuse("escape_whitespaces = false");
  const unknowns = proto.pieces.filter((p) => p.type === "unknown").length;
  if (unknowns !== 1) refuse(`${unknowns} unknown pieces`);
  // SentencePiece itself refuses to load such a model ("is already defined").
  const seen = new Set<string>();
  for (const p of proto.pieces) {
    if (seen.has(p.piece)) refuse(`the piece ${JSON.stringify(p.piece)} defined twice`);
    seen.add(p.piece);
  }
  // Checked whole here, once; counters read it without the check.
  if (n.precompiledCharsmap.length > 0)
    PrecompiledCharsmap.parse(n.precompiledCharsmap, `${path} (normalization rule "${n.name}")`);
  const normalizer: SentencePieceNormalizerSpec = {
    charsmap: n.precompiledCharsmap,
    userDefined: proto.pieces.filter((p) => p.type === "user-defined").map((p) => p.piece),
    addDummyPrefix: n.addDummyPrefix,
    removeExtraWhitespaces: n.removeExtraWhitespaces,
  };
  if (proto.trainer.modelType === "bpe") return bpeModel(id, proto, normalizer, refuse);
  if (proto.trainer.modelType === "unigram") return unigramModel(id, proto, normalizer, refuse);
  return refuse(`model type ${proto.trainer.modelType}`);
}

/**
 * SentencePiece's Unigram: normal and user-defined pieces are offered (unused ones never); a
 * user-defined piece scores its length in bytes times the highest normal score, minus 0.1, so
 * that it always wins; an unknown character scores the lowest normal score minus 10.
 */
function unigramModel(
  id: string,
  proto: ModelProto,
  normalizer: SentencePieceNormalizerSpec,
  refuse: (why: string) => never,
): SentencePieceUnigramModel {
  let minScore = Infinity;
  let maxScore = -Infinity;
  for (const p of proto.pieces) {
    if (p.type !== "normal") continue;
    minScore = Math.min(minScore, p.score);
    maxScore = Math.max(maxScore, p.score);
  }
  if (minScore === Infinity) refuse("a Unigram model without normal pieces");
  if (proto.trainer.byteFallback) {
    const bytes = new Set(proto.pieces.filter((p) => p.type === "byte").map((p) => p.piece));
    for (let b = 0; b < 256; b++)
      if (!bytes.has(byteToken(b))) refuse(`byte fallback without the byte piece ${byteToken(b)}`);
  }
  const offered = (type: string) => type === "normal" || type === "user-defined";
  const scores = Float64Array.from(proto.pieces, (p) =>
    p.type === "user-defined" ? Math.fround(Buffer.byteLength(p.piece) * maxScore) - 0.1 : p.score,
  );
  const pieces = proto.pieces.map((p) => (offered(p.type) ? p.piece : ""));
  return {
    kind: "sentencepiece-unigram",
    id,
    trie: PieceTrie.build(pieces),
    scores,
    unkId: proto.pieces.findIndex((p) => p.type === "unknown"),
    unkScore: Math.fround(minScore - 10),
    byteFallback: proto.trainer.byteFallback,
    normalizer,
    // With byte fallback, each unknown is its own bytes: cuts need "▁" to be a piece only without it.
    cut: cutPointsOf(pieces, "▁", proto.trainer.byteFallback),
  };
}

/**
 * SentencePiece BPE merges the adjacent pair whose concatenation is the highest-scoring piece,
 * the leftmost among equal scores: as merge ranks, the pieces in order of falling score (equal
 * scores, equal rank), each reachable from every split into two symbols that are pieces or single
 * characters. Unused pieces never form; the unknown piece is never a merge.
 */
function bpeModel(
  id: string,
  proto: ModelProto,
  normalizer: SentencePieceNormalizerSpec,
  refuse: (why: string) => never,
): SentencePieceBpeModel {
  if (!proto.trainer.byteFallback) refuse("BPE without byte fallback");
  if (proto.pieces.some((p) => p.type === "user-defined")) refuse("BPE with user-defined pieces");
  // PieceToId: control and byte pieces too (SentencePiece looks them up first).
  const vocab: Record<string, number> = Object.create(null);
  proto.pieces.forEach((p, i) => {
    if (p.type !== "unknown" && vocab[p.piece] === undefined) vocab[p.piece] = i;
  });
  const byteIds = new Int32Array(256);
  for (let b = 0; b < 256; b++) {
    const i = vocab[byteToken(b)];
    if (i === undefined || proto.pieces[i]!.type !== "byte") refuse(`no byte piece for 0x${b.toString(16)}`);
    byteIds[b] = i!;
  }
  const scores = [...new Set(proto.pieces.map((p) => p.score))].sort((a, b) => b - a);
  const rankOf = new Map(scores.map((s, r) => [s, r]));
  const pairs = new PairTable(proto.pieces.length * 2);
  const merges: [string, string][] = [];
  proto.pieces.forEach((p, i) => {
    if (p.type === "unknown" || p.type === "unused") return;
    const chars = [...p.piece];
    let left = "";
    for (let k = 1; k < chars.length; k++) {
      left += chars[k - 1];
      const right = chars.slice(k).join("");
      const a = vocab[left];
      const b = vocab[right];
      if (a === undefined || b === undefined) {
        // A symbol that is neither a piece nor (being one character) without an id: it could still
        // form as a single character outside the vocabulary, which our counter turns into bytes at once.
        if ((a === undefined && [...left].length === 1) || (b === undefined && [...right].length === 1))
          refuse(`piece "${p.piece}" joins a character outside the vocabulary`);
        continue;
      }
      if (proto.pieces[a]!.type === "unused" || proto.pieces[b]!.type === "unused") continue;
      pairs.add(a, b, rankOf.get(p.score)!, i);
      merges.push([left, right]);
    }
  });
  const { charIds, astralIds } = charTablesOf(Object.entries(vocab));
  return {
    kind: "sentencepiece-bpe",
    id,
    charIds,
    astralIds,
    byteIds,
    pairs: pairs.model(),
    addedTokens: [],
    normalizer,
    joins: mergeJoinsOf(merges, pairs, byteIds),
    wholeTokens: wholeTokensOf(Object.keys(vocab), charIds, new BpeMerger(pairs)),
  };
}
