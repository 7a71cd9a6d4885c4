import { formatUnits } from "viem";

/** Formats IFX wei (or any 18-decimal amount) with thousands separators, trimming zero decimals. */
export function formatIfx(wei: bigint, decimals = 18): string {
  const [whole = "0", frac = ""] = formatUnits(wei, decimals).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const trimmed = frac.replace(/0+$/, "").slice(0, 4);
  return trimmed ? `${grouped}.${trimmed}` : grouped;
}

/** Renders rows as an aligned plain-text table (also valid Markdown when `markdown` is set). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], markdown = false): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    markdown
      ? `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`
      : cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  const rule = markdown ? `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|` : widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

const MONTH_SECONDS = (365 * 86_400) / 12;

/** Describes a Table II schedule in words: "10% at TGE, 3-month cliff, then 15 months linear". */
export function describeSchedule(tgeUnlockBps: number, cliffSeconds: bigint, linearSeconds: bigint): string {
  if (tgeUnlockBps >= 10_000) return "100% at TGE";
  const parts: string[] = [];
  if (tgeUnlockBps > 0) parts.push(`${tgeUnlockBps / 100}% at TGE`);
  const months = (s: bigint) => Math.round(Number(s) / MONTH_SECONDS);
  if (cliffSeconds > 0n) parts.push(`${months(cliffSeconds)}-month cliff`);
  parts.push(`then ${months(linearSeconds)} months linear`);
  return parts.join(", ");
}
