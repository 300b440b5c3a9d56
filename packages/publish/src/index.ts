// The public API of @corpus-census/publish, by name.
export { publish } from "./write.js";
export { buildPublication, catalogDate, type Publication, type PublishedEntry, type PublishOptions } from "./model.js";
export { csvCell, renderCsv } from "./csv.js";
export { renderJson } from "./json.js";
export { renderMarkdown } from "./markdown.js";
export { croissantFor } from "./croissant.js";
export { escapeHtml, renderHtml, shortLicence } from "./html.js";
export { caveats, renderChart } from "./chart.js";
export { renderAtom, renderChangesHtml } from "./changes-feed.js";
export { CHANGE_LABELS } from "./change-labels.js";
