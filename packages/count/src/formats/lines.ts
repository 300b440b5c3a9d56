/** Splits decoded text into lines on "\n", removing one trailing "\r" from each. */
export async function* splitLines(texts: AsyncIterable<string>): AsyncIterable<string> {
  let partial = "";
  for await (const text of texts) {
    let start = 0;
    let at = text.indexOf("\n");
    while (at !== -1) {
      let line = partial + text.slice(start, at);
      partial = "";
      if (line.endsWith("\r")) line = line.slice(0, -1);
      yield line;
      start = at + 1;
      at = text.indexOf("\n", start);
    }
    partial += text.slice(start);
  }
  if (partial.length > 0) yield partial.endsWith("\r") ? partial.slice(0, -1) : partial;
}

/** The CC-100 layout: documents are runs of lines separated by empty lines. */
export async function* textDocuments(texts: AsyncIterable<string>): AsyncIterable<string> {
  let lines: string[] = [];
  for await (const line of splitLines(texts)) {
    if (line.length === 0) {
      if (lines.length > 0) yield lines.join("\n");
      lines = [];
    } else {
      lines.push(line);
    }
  }
  if (lines.length > 0) yield lines.join("\n");
}

/** One document per non-empty line. */
export async function* lineDocuments(texts: AsyncIterable<string>): AsyncIterable<string> {
  for await (const line of splitLines(texts)) if (line.length > 0) yield line;
}
