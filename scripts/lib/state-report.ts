import type { StateExportSummary } from "@/server/services/state-export";
import type { StateImportCounts, StateImportFileResult, StateImportSummary } from "@/server/services/state-import";

/** Plain-text tables for `launchplane state import|export`. */

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

const COUNT_COLUMNS: Array<keyof StateImportCounts> = ["files", "imported", "unchanged", "normalized", "conflicts", "skipped", "errors"];

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : ["", `${title}:`, ...lines.map((line) => `  ${line}`)];
}

const describe = (file: StateImportFileResult) => `${file.path}: ${file.reason ?? ""}`;

export function renderImportSummary(summary: StateImportSummary): string {
  const rows = summary.families.map((family) => [family.folders.join(", "), ...COUNT_COLUMNS.map((key) => String(family.counts[key]))]);
  rows.push(["total", ...COUNT_COLUMNS.map((key) => String(summary.totals[key]))]);
  const byStatus = (status: StateImportFileResult["status"]) => summary.notable.filter((file) => file.status === status);
  const normalized = summary.notable
    .filter((file) => (file.status === "imported" || file.status === "unchanged") && file.normalized.length > 0)
    .flatMap((file) => file.normalized.map((change) => `${file.path}: ${change}`));
  return [
    `State import from ${summary.directory}`,
    "",
    table(["folder", ...COUNT_COLUMNS], rows),
    ...section("Normalized legacy fields", normalized),
    ...section("Errors (nothing written)", byStatus("error").map(describe)),
    ...section("Conflicts (stored records kept)", byStatus("conflict").map(describe)),
    ...section("Skipped (product unknown)", byStatus("skipped").map(describe)),
    ...section("Ignored (not part of the state layout)", summary.ignored),
  ].join("\n");
}

export function renderExportSummary(summary: StateExportSummary): string {
  const rows = summary.families.map((family) => [family.folder, String(family.written), String(family.errors)]);
  rows.push(["total", String(summary.totals.written), String(summary.totals.errors)]);
  return [
    `State export to ${summary.directory}`,
    "",
    table(["folder", "written", "errors"], rows),
    ...section(
      "Errors (not written)",
      summary.problems.map((problem) => `${problem.family} ${problem.record}: ${problem.reason}`),
    ),
  ].join("\n");
}
