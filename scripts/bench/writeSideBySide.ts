import sharp, { type OverlayOptions } from "sharp";
import type { RenderedFrame } from "../../keepers/engines/index.js";

const HEADER_PX = 32;

function caption(text: string, width: number): Buffer {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return Buffer.from(
    `<svg width="${width}" height="${HEADER_PX}" xmlns="http://www.w3.org/2000/svg">` +
      `<text x="${width / 2}" y="22" text-anchor="middle" font-family="sans-serif" font-size="18" fill="white">${escaped}</text></svg>`,
  );
}

/**
 * One PNG with, per row, the same frame from two engines side by side (left, right) under a caption strip naming
 * them: a reader sees at a glance whether they agree.
 */
export async function writeSideBySide(file: string, titles: readonly [string, string], rows: readonly (readonly [RenderedFrame, RenderedFrame])[]): Promise<void> {
  const width = rows[0]![0].width;
  const height = rows[0]![0].height;
  const layers: OverlayOptions[] = [
    { input: caption(titles[0], width), left: 0, top: 0 },
    { input: caption(titles[1], width), left: width, top: 0 },
  ];
  rows.forEach(([left, right], i) => {
    layers.push({ input: Buffer.from(left.png), left: 0, top: HEADER_PX + i * height });
    layers.push({ input: Buffer.from(right.png), left: width, top: HEADER_PX + i * height });
  });
  const canvas = { width: 2 * width, height: HEADER_PX + rows.length * height, channels: 3 as const, background: "#202020" };
  // A 256-colour palette: a quarter of the bytes of full colour (noisy renders deflate badly), no visible loss at 1:1.
  await sharp({ create: canvas }).composite(layers).png({ palette: true, colours: 256, effort: 10 }).toFile(file);
}
