/**
 * Control characters a terminal acts on: C0 but tab and newline, DEL, C1, and the
 * bidirectional overrides and isolates. The same set as escapeControls in
 * @corpus-census/catalog (safe-text.ts), kept here so that printing loads no catalog code:
 * census count, tokenizers and --version start without it. A test holds the two equal.
 */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as a visible `\uXXXX` escape (valid inside a JSON string). */
export function terminalText(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
