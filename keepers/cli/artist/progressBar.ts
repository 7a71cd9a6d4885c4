/** A progress bar in plain characters: `[########------------]  40%`; the fraction is clamped to [0, 1]. */
export function progressBar(fraction: number, width = 30): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

/** Moves the cursor up one line and clears it (ANSI): a terminal's bar redraws where it was. */
export const REDRAW_PREVIOUS_LINE = "\x1b[1A\x1b[2K";
