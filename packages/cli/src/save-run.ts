import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EstimateRun } from "@corpus-census/catalog";
import { BUNDLED_CATALOG_DIR } from "./catalog-location.js";
import { TOOL_VERSION } from "./version.js";

/** Records a count or an estimate in <catalog>/measurements/, where census report finds it. */
export function saveRun(run: Omit<EstimateRun, "type" | "id" | "createdOn" | "tool">, catalogDir: string | undefined): string {
  const createdOn = new Date().toISOString().slice(0, 10);
  const kind = run.sampleFraction >= 1 ? "count" : "estimate";
  const full: EstimateRun = {
    type: "estimate",
    id: `${kind}-${run.entryId ?? "input"}-${createdOn}-seed${run.seed}`,
    createdOn,
    tool: { name: "corpus-census", version: TOOL_VERSION },
    ...run,
  };
  const dir = join(catalogDir ?? BUNDLED_CATALOG_DIR, "measurements");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${full.id}.json`);
  writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  return file;
}
