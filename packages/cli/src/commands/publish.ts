import { defineCommand } from "../command-definition.js";
import { publish } from "@corpus-census/publish";
import { CALIBRATION_OPTION_HELP, resolveCalibration } from "../calibration-option.js";
import { openCatalog } from "../catalog-location.js";
import { UsageError } from "../usage-error.js";
import type { Output } from "../output.js";

export const publishDefinition = defineCommand({
  usage: "census publish --out DIR [--calibration ID|FILE] [--catalog DIR] [--site-url URL]",
  description: `Writes what the secretariat publishes: index.html (one self-contained bilingual page with
filters, sorting, search and a chart against GPT-3 scale), corpora.csv (UTF-8 with BOM),
corpora.json, README.md, entries/<id>.json (each entry's catalog file, as is),
croissant/<id>.json for every downloadable text source, and the catalog's recorded history
(catalog/changes.json, kept by census diff --record) as changes.html and the Atom feed
changes.xml. --site-url makes the feed's links absolute (where the folder will be served);
without it they are relative to the folder.
The folder is replaced whole: built beside it, flushed to the disk and swapped in, so a kill
or a full disk leaves the old folder, and files of entries no longer in the catalog go. A
folder holding files census publish did not write is refused. A mount point, or the folder
census runs in, cannot be swapped: there each file is replaced whole on its own.
${CALIBRATION_OPTION_HELP}`,
  options: {
    out: { type: "string" },
    calibration: { type: "string" },
    catalog: { type: "string" },
    "site-url": { type: "string" },
  },
  positionals: false,
  run: ({ values }, out) => publishCommand(values, out),
});

function publishCommand(
  values: { out?: string; calibration?: string; catalog?: string; "site-url"?: string },
  out: Output,
): number {
  if (!values.out) throw new UsageError("census publish needs --out DIR");
  const { catalog, store } = openCatalog(values.catalog, out);
  store.close();
  const { explicit } = resolveCalibration(catalog, values.calibration);
  const siteUrl = values["site-url"];
  if (siteUrl !== undefined && !/^https?:\/\/[^/]/.test(siteUrl))
    throw new UsageError(`--site-url: expected an http(s) URL, got "${siteUrl}"`);
  const result = publish(catalog, values.out, { calibration: explicit, ...(siteUrl ? { siteUrl } : {}) });
  out.stdout(
    `wrote ${values.out}: ${result.files.length} files (${result.entries} sources; Croissant metadata for ${result.croissant} downloadable ones); token estimates from calibration ${result.calibration ?? "(none)"}${explicit ? " (chosen with --calibration)" : ""}`,
  );
  return 0;
}
