import { SaxesParser } from "saxes";
import type { DocumentPart } from "./lines.js";
import { RecordError } from "./record-error.js";
import { wikitextToPlain } from "./wikitext-plain.js";

export type WikitextMode = "raw" | "plain";

/**
 * A MediaWiki XML export (pages-articles dumps): one document per article page, that is a
 * page in namespace 0 that is not a redirect; its text is the latest revision's wikitext.
 */
export async function* mediawikiDocuments(
  texts: AsyncIterable<string>,
  mode: WikitextMode,
): AsyncIterable<DocumentPart> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: string[] = [];
  const path: string[] = [];
  let ns = "";
  let redirect = false;
  let text: string[] = [];
  let inText = false;
  let failure: Error | undefined;

  parser.on("opentag", (tag) => {
    path.push(tag.name);
    if (tag.name === "page") {
      ns = "";
      redirect = false;
      text = [];
    } else if (tag.name === "redirect" && path.at(-2) === "page") redirect = true;
    else if (tag.name === "text" && path.at(-2) === "revision") {
      inText = true;
      text = [];
    }
  });
  parser.on("text", (t) => {
    if (inText) text.push(t);
    else if (path.at(-1) === "ns" && path.at(-2) === "page") ns += t;
  });
  parser.on("cdata", (t) => {
    if (inText) text.push(t);
  });
  parser.on("closetag", (tag) => {
    path.pop();
    if (tag.name === "text") inText = false;
    else if (tag.name === "page" && ns.trim() === "0" && !redirect) {
      const wikitext = text.join("");
      ready.push(mode === "plain" ? wikitextToPlain(wikitext) : wikitext);
    }
  });
  parser.on("error", (error) => {
    failure ??= error;
  });

  for await (const chunk of texts) {
    parser.write(chunk);
    if (failure) throw new RecordError(`malformed XML at line ${parser.line}: ${failure.message}`, parser.line);
    while (ready.length > 0) yield { text: ready.shift()!, end: true };
  }
  parser.close();
  if (failure)
    throw new RecordError(`malformed XML at line ${parser.line}: ${(failure as Error).message}`, parser.line);
  if (path.length > 0) throw new RecordError(`XML ended inside <${path.join("><")}> (truncated dump?)`, parser.line);
  while (ready.length > 0) yield { text: ready.shift()!, end: true };
}
