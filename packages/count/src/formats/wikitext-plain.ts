/**
 * Wikitext to readable text, the way a reader sees the article: templates, references,
 * tables, files and categories dropped; links replaced by their label; emphasis, headings
 * and list markers reduced to their words. It is a deterministic approximation (no template
 * expansion), documented so that counts made with it can be reproduced.
 */
export function wikitextToPlain(wikitext: string): string {
  let t = wikitext;
  t = t.replace(/<!--[\s\S]*?-->/g, "");
  t = t.replace(/<ref[^>]*\/>/gi, "");
  t = t.replace(/<ref[^>]*>[\s\S]*?<\/ref>/gi, "");
  t = t.replace(/<(math|gallery|timeline|score|syntaxhighlight|source|templatedata)[^>]*>[\s\S]*?<\/\1>/gi, "");
  t = removeNested(t, "{{", "}}");
  t = removeNested(t, "{|", "|}");
  t = removeFileAndCategoryLinks(t);
  t = t.replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, "$2");
  t = t.replace(/\[\[([^\]]*)\]\]/g, "$1");
  t = t.replace(/\[(?:https?:|ftp:)?\/\/[^\s\]]+\s+([^\]]*)\]/g, "$1");
  t = t.replace(/\[(?:https?:|ftp:)?\/\/[^\s\]]+\]/g, "");
  t = t.replace(/'{2,5}/g, "");
  t = t.replace(/^(=+)\s*(.*?)\s*\1\s*$/gm, "$2");
  t = t.replace(/^[*#:;]+\s*/gm, "");
  t = t.replace(/__[A-Z]+__/g, "");
  t = t.replace(/<br\s*\/?>/gi, "\n");
  t = t.replace(/<\/?[a-zA-Z][^>]*>/g, "");
  t = decodeEntities(t);
  t = t.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n");
  return t.trim();
}

/**
 * Removes balanced open...close spans, nested ones included, in linear time. An open that is
 * never closed is kept as text, with all that follows it, as MediaWiki shows it: an unclosed
 * `{{` must not swallow the rest of the article.
 */
function removeNested(text: string, open: string, close: string): string {
  const opens: number[] = [];
  // Outermost closed spans [start, end), in order of their end; an inner span is dropped when its outer one closes.
  const spans: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith(open, i)) {
      opens.push(i);
      i += open.length;
    } else if (opens.length > 0 && text.startsWith(close, i)) {
      const start = opens.pop()!;
      i += close.length;
      while (spans.length > 0 && spans.at(-1)![0] > start) spans.pop();
      spans.push([start, i]);
    } else {
      i++;
    }
  }
  let out = "";
  let from = 0;
  for (const [start, end] of spans) {
    out += text.slice(from, start);
    from = end;
  }
  return out + text.slice(from);
}

const NON_TEXT_NAMESPACES = /^(file|image|category|ファイル|画像|カテゴリ|media):/i;

function removeFileAndCategoryLinks(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("[[", i) && NON_TEXT_NAMESPACES.test(text.slice(i + 2, i + 40))) {
      // Skip to the matching ]], allowing links nested in a file caption.
      let depth = 0;
      let j = i;
      while (j < text.length) {
        if (text.startsWith("[[", j)) {
          depth++;
          j += 2;
        } else if (text.startsWith("]]", j)) {
          depth--;
          j += 2;
          if (depth === 0) break;
        } else j++;
      }
      if (depth > 0) {
        // Never closed: kept as text, with what follows.
        out += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      i = j;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = {
  nbsp: "\u00a0",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  ndash: "–",
  mdash: "—",
  hellip: "…",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
