import type { Bilingual } from "./labels.js";

/** Every catalog string goes through here before it reaches the page. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/** Both languages of a text, the page's language switch showing one. */
export const bothSpans = (b: Bilingual) =>
  `<span class="ja" lang="ja">${escapeHtml(b.ja)}</span><span class="en" lang="en">${escapeHtml(b.en)}</span>`;
