import { PairTable } from "../bpe/pair-table.js";
import { byteToken, charTablesOf } from "../sentencepiece/pieces.js";
import type { SpmNormalizerStep } from "../sentencepiece/spm-normalizer.js";
import { spaceCutsOf } from "../sentencepiece-bpe/space-cuts.js";
import type { SentencePieceBpeModel } from "../sentencepiece-bpe/sentencepiece-bpe-counter.js";
import type { ModelProto } from "./model-proto.js";

const SPACE = "▁";

/**
 * Our counter's model for a SentencePiece .model, counting as SentencePiece's own Encode does
 * (no special tokens are split out of the text: SentencePiece does not). BPE models with byte
 * fallback and no charsmap (Llama, Llama 2 and their extensions) are implemented; what is not
 * yet is refused with the reason, never counted differently.
 */
export function modelFromProto(id: string, path: string, proto: ModelProto): SentencePieceBpeModel {
  const refuse = (why: string): never => {
    throw new Error(`${path}: a SentencePiece model this counter does not implement yet (${why}); convert it to tokenizer.json to count it through the library`);
  };
  const n = proto.normalizer;
  if (n.precompiledCharsmap.length > 0) refuse(`normalization rule "${n.name}" with a precompiled charsmap`);
  if (proto.trainer.treatWhitespaceAsSuffix) refuse("treat_whitespace_as_suffix");
  if (!n.escapeWhitespaces) refuse("escape_whitespaces = false");
  const normalizer: SpmNormalizerStep[] = [];
  if (n.removeExtraWhitespaces) normalizer.push({ type: "RemoveExtraSpaces" });
  if (n.addDummyPrefix) normalizer.push({ type: "Prepend", prepend: " " });
  normalizer.push({ type: "Replace", from: " ", to: SPACE });
  const unknowns = proto.pieces.filter((p) => p.type === "unknown").length;
  if (unknowns !== 1) refuse(`${unknowns} unknown pieces`);
  if (proto.trainer.modelType === "bpe") return bpeModel(id, proto, normalizer, refuse);
  // Unigram: SentencePiece's own Viterbi (float32 scores) was matched line by line on two real
  // models, but not on texts of hundreds of thousands of characters, where float32 ties break
  // differently; until it is, a Unigram .model is refused rather than counted approximately.
  if (proto.trainer.modelType === "unigram") refuse("Unigram: SentencePiece's float32 Viterbi is not matched exactly yet");
  return refuse(`model type ${proto.trainer.modelType}`);
}

/**
 * SentencePiece BPE merges the adjacent pair whose concatenation is the highest-scoring piece,
 * the leftmost among equal scores: as merge ranks, the pieces in order of falling score (equal
 * scores, equal rank), each reachable from every split into two symbols that are pieces or single
 * characters. Unused pieces never form; the unknown piece is never a merge.
 */
function bpeModel(id: string, proto: ModelProto, normalizer: SpmNormalizerStep[], refuse: (why: string) => never): SentencePieceBpeModel {
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
        if ((a === undefined && [...left].length === 1) || (b === undefined && [...right].length === 1)) refuse(`piece "${p.piece}" joins a character outside the vocabulary`);
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
    cuts: spaceCutsOf(SPACE, merges, vocab),
  };
}
