import { Graphviz } from "@hpcc-js/wasm-graphviz";
import sharp from "sharp";

/** DOT to SVG with Graphviz's own `dot` layout, compiled to WASM: no system binary to install or to differ by version. */
export async function renderDotToSvg(dot: string): Promise<string> {
  const graphviz = await Graphviz.load();
  return graphviz.dot(dot, "svg");
}

/**
 * SVG to a PNG `width` pixels wide: rasterized at a high density, then scaled down, so thin lines and small labels
 * stay smooth on a README.
 */
export async function svgToPng(svg: string, width = 3000): Promise<Buffer> {
  // Graphviz sizes labels with Helvetica metrics; where only DejaVu Sans is installed (wider), its condensed face fits.
  const stylesheet = "text { font-stretch: condensed; }";
  return sharp(Buffer.from(svg), { density: 144, svg: { stylesheet } })
    .resize({ width, kernel: "lanczos3" })
    .flatten({ background: "#ffffff" })
    .png({ compressionLevel: 9, palette: true, colours: 256 })
    .toBuffer();
}

const NOT_NODES = new Set(["graph", "node", "edge", "subgraph", "digraph"]);

/**
 * Ids of the nodes declared with attributes (`Id [label=...]`) in a DOT source: the parts a reader expects to find in
 * the picture. Comments are stripped first so a commented-out node does not count; edges (`A -> B [...]`) and
 * defaults (`node [...]`) are not declarations. Enough DOT for this repository's diagrams, not a full parser.
 */
export function declaredNodeIds(dot: string): string[] {
  const code = dot.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
  const statements = code.split(/[;{}\n]/);
  const ids = statements.map((st) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\[/.exec(st)?.[1]).filter((id): id is string => id !== undefined);
  return [...new Set(ids.filter((id) => !NOT_NODES.has(id)))];
}
