import { terminalText } from "./terminal-text.js";

/** Terminal columns a code point takes: East Asian wide and full-width characters take two. */
function codePointWidth(cp: number): number {
  if (cp < 0x1100) return 1;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += codePointWidth(ch.codePointAt(0)!);
  return width;
}

/** Cuts `text` to at most `max` columns, marking the cut with an ellipsis. */
function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = "";
  let width = 0;
  for (const ch of text) {
    const w = codePointWidth(ch.codePointAt(0)!);
    if (width + w > max - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/**
 * Cuts `text` to at most `max` columns by taking out its middle: file names of one corpus
 * share their folder and differ at the end (shard numbers, extensions), which must stay. The
 * end keeps half the width, or as much of the file's own name as leaves 6 columns for the start.
 */
export function truncateMiddle(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  const chars = [...text];
  const keep = max - 1;
  const baseName = text.slice(text.lastIndexOf("/") + 1);
  const tailWidth = Math.max(Math.floor(keep / 2), Math.min(displayWidth(baseName), keep - 6));
  let tail = "";
  let width = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const w = codePointWidth(chars[i]!.codePointAt(0)!);
    if (width + w > tailWidth) break;
    tail = chars[i]! + tail;
    width += w;
  }
  return `${truncate(text, keep - width + 1).slice(0, -1)}…${tail}`;
}

function pad(text: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return align === "right" ? fill + text : text + fill;
}

interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  maxWidth?: number;
  /** Where a value too wide is cut: at the end (default), or in the middle (paths). */
  cut?: "end" | "middle";
  align?: "left" | "right";
  /**
   * A cell that is a list (flags): it is never cut, but wrapped onto further lines between its
   * items so the column stays within maxWidth (an item wider than that gets a line of its own).
   */
  items?: (row: Row) => string[];
}

/** Packs items, comma-separated, into lines of at most `max` columns without cutting any item. */
function wrapItems(items: string[], max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item},` : item;
    if (line && displayWidth(line) + displayWidth(piece) > max) {
      lines.push(line);
      line = "";
    }
    line += piece;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** A plain-text table whose columns line up for Japanese as well as English text. */
export function renderTable<Row>(rows: Row[], columns: Column<Row>[]): string {
  const cellLines = (row: Row, c: Column<Row>): string[] => {
    const max = c.maxWidth ?? 60;
    const items = c.items?.(row);
    if (items && items.length > 0)
      return wrapItems(
        items.map((x) => terminalText(x.replace(/\s+/g, " "))),
        max,
      );
    // Escaped before it is measured: a file name's escape sequence takes the columns its text does.
    return [(c.cut === "middle" ? truncateMiddle : truncate)(terminalText(c.value(row).replace(/\s+/g, " ")), max)];
  };
  const cells = rows.map((row) => columns.map((c) => cellLines(row, c)));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...cells.flatMap((r) => r[i]!.map(displayWidth))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(v, widths[i]!, columns[i]!.align ?? "left"))
      .join("  ")
      .trimEnd();
  const rowLines = (r: string[][]) => {
    const height = Math.max(...r.map((lines) => lines.length));
    return Array.from({ length: height }, (_, k) => line(r.map((lines) => lines[k] ?? "")));
  };
  return [line(columns.map((c) => c.header)), line(widths.map((w) => "-".repeat(w))), ...cells.flatMap(rowLines)].join(
    "\n",
  );
}
