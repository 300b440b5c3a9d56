/**
 * The text with each lone surrogate replaced by U+FFFD. The reference libraries receive text
 * as UTF-8, where a lone surrogate has already become U+FFFD; it must split as U+FFFD here too
 * (a symbol, which a lone surrogate is not to a JS regex).
 */
export function wellFormed(text: string): string {
  // ES2024 methods, present in Node 20 (V8 11.3); typed here because the project targets ES2023.
  const t = text as string & { isWellFormed(): boolean; toWellFormed(): string };
  return t.isWellFormed() ? text : t.toWellFormed();
}
