/**
 * A part of a tokenizer.json this package does not describe: a variant it does not know, or a
 * known one whose fields are not of the expected shape. `name` is the part's "type", if any.
 */
export interface Unsupported {
  type: "Unsupported";
  name: string | undefined;
  unsupported: string;
}

export function unsupported(name: unknown, reason: string): Unsupported {
  return { type: "Unsupported", name: typeof name === "string" ? name : undefined, unsupported: reason };
}

/** The "type" the file gave a part: a described variant's tag, or an unsupported one's name. */
export function typeName(part: { type: string; name?: string | undefined }): string | undefined {
  return part.type === "Unsupported" ? part.name : part.type;
}

/** `value` as an object with string keys, or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A string or regex pattern ({ String } or { Regex }), as Replace and Split write them. */
export type Pattern = { String: string } | { Regex: string };

export function patternOf(value: unknown): Pattern | undefined {
  const p = record(value);
  if (typeof p?.String === "string") return { String: p.String };
  if (typeof p?.Regex === "string") return { Regex: p.Regex };
  return undefined;
}

/** An optional field that is kept as the file wrote it only when it has the given type (absent otherwise). */
export function optional<T extends "boolean" | "string" | "number">(
  value: unknown,
  kind: T,
): (T extends "boolean" ? boolean : T extends "string" ? string : number) | undefined {
  return typeof value === kind ? (value as never) : undefined;
}
