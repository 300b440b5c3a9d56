/**
 * Characters a terminal or a renderer acts on instead of showing: C0 controls but tab and
 * newline (ESC starts colour, cursor, title and hyperlink sequences; BEL ends some), DEL, C1
 * controls (U+009B is a one-byte CSI) and the bidirectional overrides and isolates that
 * reorder what is shown (U+202A..U+202E, U+2066..U+2069).
 */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character written as a visible `\uXXXX` escape: what a file or
 * catalog name holds is shown, never acted on. Inside a JSON string the escape is valid JSON
 * and parses back to the same character.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Catalog text for a Markdown table cell, shown as text: raw HTML cannot start (< and > as
 * entities), no link or image can be formed ([ and ] escaped, so "[x](javascript:...)" stays
 * text), backslashes and backticks are literal, the cell cannot be split (| escaped, line
 * breaks as spaces), and control characters are visible escapes.
 */
export function markdownText(text: string): string {
  return escapeControls(text.replace(/\r?\n/g, " "))
    .replace(/[\\`[\]|]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
