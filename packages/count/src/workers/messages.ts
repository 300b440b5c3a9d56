import type { TokenizerSpec } from "../tokenizers/spec.js";

export interface WorkerSetup {
  specs: TokenizerSpec[];
  morphemes: boolean;
}

export interface BatchRequest {
  id: number;
  documents: string[];
}

/** The counts of one batch: sums over its documents. */
export interface BatchResult {
  id: number;
  bytes: number;
  chars: number;
  whitespaceWords: number;
  tokens: Record<string, number>;
  morphemes?: number;
}

export type WorkerReply = { type: "ready" } | { type: "result"; result: BatchResult } | { type: "error"; id?: number; message: string };
