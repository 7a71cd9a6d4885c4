import sharp from "sharp";

export interface Series {
  label: string;
  colour: string;
  points: [number, number][];
  dashed?: boolean;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Bars instead of lines (x are categories). */
  bars?: boolean;
  /** Where the x axis is labelled; by default at every x of the data. */
  xTicks?: number[];
}

const W = 560;
const H = 480;
/** The legend sits under the axes, two entries a row, so it never hides a line. */
const M = { left: 70, right: 20, top: 40, bottom: 150 };
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** Powers of ten spanning [lo, hi]: the log axis' ticks. */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

const tickLabel = (v: number) => (v >= 1000 ? `${v / 1000}k` : v >= 1 ? String(v) : v.toPrecision(1));

/** One panel: x linear, y logarithmic (values <= 0 are left out), a legend top-left. */
function panel(p: Panel, offsetX: number): string {
  const all = p.series.flatMap((s) => s.points).filter(([, y]) => y > 0);
  const xs = all.map(([x]) => x);
  const [x0, x1] = [Math.min(...xs) - (p.bars ? 0.5 : 0), Math.max(...xs) + (p.bars ? 0.5 : 0)];
  const ticks = decades(Math.min(...all.map(([, y]) => y)), Math.max(...all.map(([, y]) => y)));
  const [y0, y1] = [Math.log10(ticks[0]!), Math.log10(ticks[ticks.length - 1]!)];
  const px = (x: number) => offsetX + M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => M.top + (1 - (Math.log10(y) - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const parts: string[] = [];
  parts.push(`<text x="${offsetX + W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(p.title)}</text>`);
  for (const t of ticks) {
    parts.push(`<line x1="${px(x0)}" x2="${px(x1)}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${px(x0) - 6}" y="${py(t) + 4}" text-anchor="end" font-size="11">${tickLabel(t)}</text>`);
  }
  const xTicks = p.xTicks ?? [...new Set(xs)].sort((a, b) => a - b);
  for (const t of xTicks) parts.push(`<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11">${t}</text>`);
  parts.push(`<rect x="${px(x0)}" y="${M.top}" width="${px(x1) - px(x0)}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${offsetX + M.left + (W - M.left - M.right) / 2}" y="${H - M.bottom + 36}" text-anchor="middle" font-size="12">${esc(p.xLabel)}</text>`);
  parts.push(`<text transform="translate(${offsetX + 16},${M.top + (H - M.top - M.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(p.yLabel)}</text>`);
  const width = p.bars ? (px(x0 + 1) - px(x0)) / (p.series.length + 1) : 0;
  p.series.forEach((s, i) => {
    const points = s.points.filter(([, y]) => y > 0);
    if (p.bars) {
      for (const [x, y] of points) parts.push(`<rect x="${px(x) - (p.series.length * width) / 2 + i * width}" y="${py(y)}" width="${width}" height="${py(ticks[0]!) - py(y)}" fill="${s.colour}"/>`);
    } else {
      parts.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")}"/>`);
      for (const [x, y] of points) parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="2.5" fill="${s.colour}"/>`);
    }
    const lx = offsetX + M.left + (i % 2) * ((W - M.left - M.right) / 2);
    const ly = H - M.bottom + 58 + Math.floor(i / 2) * 18;
    parts.push(`<rect x="${lx}" y="${ly - 6}" width="14" height="4" fill="${s.colour}"/>`);
    parts.push(`<text x="${lx + 20}" y="${ly}" font-size="11">${esc(s.label)}</text>`);
  });
  return parts.join("\n");
}

/** Panels side by side, drawn as SVG and written as PNG by sharp (no charting dependency). */
export async function writePlot(file: string, panels: readonly Panel[]): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W * panels.length}" height="${H}" font-family="sans-serif">` +
    `<rect width="100%" height="100%" fill="white"/>${panels.map((p, i) => panel(p, i * W)).join("\n")}</svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
}
