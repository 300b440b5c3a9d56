/**
 * A SentencePiece model file (tokenizer.model): the ModelProto protobuf of sentencepiece_model.proto,
 * read for the fields that decide how text is encoded. Unknown fields are skipped, as protobuf
 * readers do; a malformed file is refused with the byte offset where it breaks.
 */
export type PieceType = "normal" | "unknown" | "control" | "user-defined" | "unused" | "byte";

export interface ModelProto {
  pieces: { piece: string; score: number; type: PieceType }[];
  trainer: {
    modelType: "unigram" | "bpe" | "word" | "char";
    byteFallback: boolean;
    treatWhitespaceAsSuffix: boolean;
  };
  normalizer: {
    name: string;
    precompiledCharsmap: Uint8Array;
    addDummyPrefix: boolean;
    removeExtraWhitespaces: boolean;
    escapeWhitespaces: boolean;
  };
}

const PIECE_TYPES: Record<number, PieceType> = {
  1: "normal",
  2: "unknown",
  3: "control",
  4: "user-defined",
  5: "unused",
  6: "byte",
};
const MODEL_TYPES = { 1: "unigram", 2: "bpe", 3: "word", 4: "char" } as const;

class Reader {
  pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) this.fail("a varint runs past the end");
      const b = this.bytes[this.pos++]!;
      // Values above 2^53 do not occur in the fields read here; only their low bits matter for skipping.
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) this.fail("a varint longer than 10 bytes");
    }
  }

  /** [start, end) of a length-delimited field's content. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) this.fail(`a field of ${length} bytes runs past the end`);
    this.pos += length;
    return [start, start + length];
  }

  float32(): number {
    if (this.pos + 4 > this.end) this.fail("a float runs past the end");
    const value = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return value;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.span();
    else if (wireType === 5) this.advance(4);
    else this.fail(`unsupported wire type ${wireType}`);
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) this.fail("a field runs past the end");
    this.pos += n;
  }

  fail(message: string): never {
    throw new Error(`${this.what}: not a SentencePiece model: ${message} at byte ${this.pos}`);
  }
}

// ignoreBOM: a piece may be U+FEFF itself (Llama has it), which a default decoder would drop.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function parseModelProto(bytes: Uint8Array, what: string): ModelProto {
  const model: ModelProto = {
    pieces: [],
    trainer: { modelType: "unigram", byteFallback: false, treatWhitespaceAsSuffix: false },
    normalizer: {
      name: "",
      precompiledCharsmap: new Uint8Array(0),
      addDummyPrefix: true,
      removeExtraWhitespaces: true,
      escapeWhitespaces: true,
    },
  };
  const top = new Reader(bytes, what);
  while (top.pos < top.end) {
    const key = top.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire !== 2 || (field !== 1 && field !== 2 && field !== 3)) {
      top.skip(wire);
      continue;
    }
    const [start, end] = top.span();
    const inner = new Reader(bytes, what, start, end);
    if (field === 1) model.pieces.push(readPiece(inner, bytes));
    else if (field === 2) readTrainer(inner, model.trainer);
    else readNormalizer(inner, bytes, model.normalizer);
  }
  if (model.pieces.length === 0) top.fail("no pieces");
  return model;
}

function text(bytes: Uint8Array, [start, end]: [number, number], reader: Reader): string {
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    return reader.fail("a string that is not UTF-8");
  }
}

function readPiece(r: Reader, bytes: Uint8Array): ModelProto["pieces"][number] {
  const piece = { piece: "", score: 0, type: "normal" as PieceType };
  while (r.pos < r.end) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 1 && wire === 2) piece.piece = text(bytes, r.span(), r);
    else if (field === 2 && wire === 5) piece.score = r.float32();
    else if (field === 3 && wire === 0) {
      const type = r.varint();
      piece.type = PIECE_TYPES[type] ?? r.fail(`unknown piece type ${type}`);
    } else r.skip(wire);
  }
  return piece;
}

function readTrainer(r: Reader, trainer: ModelProto["trainer"]): void {
  while (r.pos < r.end) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 3 && wire === 0) {
      const type = r.varint();
      trainer.modelType = MODEL_TYPES[type as keyof typeof MODEL_TYPES] ?? r.fail(`unknown model type ${type}`);
    } else if (field === 35 && wire === 0) trainer.byteFallback = r.varint() !== 0;
    else if (field === 24 && wire === 0) trainer.treatWhitespaceAsSuffix = r.varint() !== 0;
    else r.skip(wire);
  }
}

function readNormalizer(r: Reader, bytes: Uint8Array, normalizer: ModelProto["normalizer"]): void {
  while (r.pos < r.end) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 1 && wire === 2) normalizer.name = text(bytes, r.span(), r);
    else if (field === 2 && wire === 2) {
      const [start, end] = r.span();
      // A plain Uint8Array copy (the file may be read as a Buffer): models travel to workers and the cache.
      normalizer.precompiledCharsmap = new Uint8Array(bytes.subarray(start, end));
    } else if (field === 3 && wire === 0) normalizer.addDummyPrefix = r.varint() !== 0;
    else if (field === 4 && wire === 0) normalizer.removeExtraWhitespaces = r.varint() !== 0;
    else if (field === 5 && wire === 0) normalizer.escapeWhitespaces = r.varint() !== 0;
    else r.skip(wire);
  }
}
