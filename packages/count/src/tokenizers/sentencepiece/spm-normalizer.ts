/**
 * The normalizers SentencePiece conversions to tokenizer.json use, in the order given: Prepend
 * (a string before a non-empty text, usually "▁") and Replace (a plain string by another,
 * usually " " by "▁"), optionally NFKC. They apply to each stretch of text between added tokens,
 * as Hugging Face's normalizers do. Anything else is not recognised here (the counter falls back
 * to the library).
 */
export type SpmNormalizerStep = { type: "Prepend"; prepend: string } | { type: "Replace"; from: string; to: string } | { type: "NFKC" };

interface NormalizerJson {
  type: string;
  normalizers?: NormalizerJson[];
  prepend?: string;
  pattern?: { String?: string; Regex?: string };
  content?: string;
}

/** The steps of a tokenizer.json normalizer, or undefined if it has a part we do not implement. */
export function spmNormalizerSteps(json: NormalizerJson | null | undefined, options: { nfkc: boolean }): SpmNormalizerStep[] | undefined {
  if (!json) return [];
  if (json.type === "Sequence") {
    const steps: SpmNormalizerStep[] = [];
    for (const part of json.normalizers ?? []) {
      const inner = spmNormalizerSteps(part, options);
      if (!inner) return undefined;
      steps.push(...inner);
    }
    return steps;
  }
  if (json.type === "Prepend" && typeof json.prepend === "string") return json.prepend.length === 0 ? [] : [{ type: "Prepend", prepend: json.prepend }];
  if (json.type === "Replace" && typeof json.pattern?.String === "string" && json.pattern.String.length > 0 && typeof json.content === "string") {
    return [{ type: "Replace", from: json.pattern.String, to: json.content }];
  }
  if (json.type === "NFKC" && options.nfkc) return [{ type: "NFKC" }];
  return undefined;
}

/** `text` normalized by the steps. */
export function normalizeSpm(text: string, steps: readonly SpmNormalizerStep[]): string {
  for (const step of steps) {
    if (step.type === "Prepend") text = text.length > 0 ? step.prepend + text : text;
    else if (step.type === "Replace") text = text.includes(step.from) ? text.replaceAll(step.from, step.to) : text;
    else text = text.normalize("NFKC");
  }
  return text;
}
