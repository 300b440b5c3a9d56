/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Splits "a,b c" style option values and checks each against the allowed vocabulary. */
export function parseEnumValues<T extends string>(
  option: string,
  raw: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (!raw || raw.length === 0) return undefined;
  const values = raw
    .flatMap((r) => r.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`--${option}: unknown value "${value}"; expected one of: ${allowed.join(", ")}`);
    }
  }
  return values as T[];
}
