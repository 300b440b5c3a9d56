/** A share as the report and the CLI write it: 0.1234 → "12.3 %". */
export function formatPercent(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}
