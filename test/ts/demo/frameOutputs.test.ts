import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactSheetLayout, SHEET_GAP_PX, SHEET_LABEL_PX, writeContactSheet } from "../../../scripts/demo/writeContactSheet.js";
import { writeAnimatedPreview } from "../../../scripts/demo/writeAnimatedPreview.js";

// Saturated, far-apart colours: they survive thumbnail scaling and a GIF palette unchanged.
const COLOURS: [number, number, number][] = [
  [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [255, 0, 255], [0, 255, 255], [255, 255, 255],
];
const FRAME = { width: 64, height: 48 };

let dir: string;
let frames: string[];

async function solidFrame(file: string, [r, g, b]: [number, number, number], size = FRAME): Promise<string> {
  await sharp({ create: { ...size, channels: 3, background: { r, g, b } } }).png().toFile(file);
  return file;
}

async function pixelAt(file: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "inferix-demo-frames-"));
  frames = await Promise.all(COLOURS.map((c, i) => solidFrame(join(dir, `frame_${String(i + 1).padStart(4, "0")}.png`), c)));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("contact sheet", () => {
  it("lays the frames out in a grid of the expected size, each thumbnail showing its own frame", async () => {
    const out = join(dir, "sheet.png");
    const layout = await writeContactSheet(frames, out, { columns: 3, thumbWidth: 32 });
    expect(layout).toMatchObject({ columns: 3, rows: 3, thumbWidth: 32, thumbHeight: 24 });
    const meta = await sharp(out).metadata();
    expect(meta.width).toBe(SHEET_GAP_PX + 3 * (32 + SHEET_GAP_PX));
    expect(meta.height).toBe(SHEET_GAP_PX + 3 * (24 + SHEET_LABEL_PX + SHEET_GAP_PX));
    for (const [i, colour] of COLOURS.entries()) {
      const { left, top } = layout.cells[i]!;
      expect(await pixelAt(out, left + 16, top + 12)).toEqual(colour);
    }
    // The label strip under a white thumbnail is not white: the thumbnail stops where its label starts.
    expect(await pixelAt(out, layout.cells[6]!.left + 2, layout.cells[6]!.top + 24 + 2)).not.toEqual(COLOURS[6]);
  });

  it("defaults to six columns and frames narrower than the thumbnail width keep their size", () => {
    const layout = contactSheetLayout(24, FRAME);
    expect(layout).toMatchObject({ columns: 6, rows: 4, thumbWidth: 64, thumbHeight: 48 });
    expect(contactSheetLayout(2, FRAME).columns).toBe(2);
  });

  it("refuses an empty list, frames of different sizes and a mismatched label list", async () => {
    const out = join(dir, "bad.png");
    await expect(writeContactSheet([], out)).rejects.toThrow(/no frames/);
    const odd = await solidFrame(join(dir, "odd.png"), [9, 9, 9], { width: 32, height: 48 });
    await expect(writeContactSheet([frames[0]!, odd], out)).rejects.toThrow(/differ in size.*odd\.png is 32x48/);
    await expect(writeContactSheet(frames, out, { frameNumbers: [1, 2] })).rejects.toThrow(/2 frame numbers given for 7 frames/);
    await expect(writeContactSheet(frames, out, { columns: 0 })).rejects.toThrow(/columns/);
  });
});

describe("animated preview", () => {
  it("writes an animated WebP with one page per frame and the requested delay", async () => {
    const out = join(dir, "preview.webp");
    const result = await writeAnimatedPreview(frames, out, { fps: 12 });
    expect(result).toEqual({ format: "webp", frames: 7, width: 64, height: 48, delayMs: 83 });
    const meta = await sharp(out, { animated: true }).metadata();
    expect(meta.pages).toBe(7);
    expect(meta.pageHeight).toBe(48);
    expect(meta.delay).toEqual(Array(7).fill(83));
    expect(meta.loop).toBe(0);
  });

  it("writes an animated GIF, scaled down, its delay on the GIF's 10 ms clock, each page its frame's colour", async () => {
    const out = join(dir, "preview.gif");
    const result = await writeAnimatedPreview(frames, out, { width: 32 });
    expect(result).toEqual({ format: "gif", frames: 7, width: 32, height: 24, delayMs: 80 });
    const meta = await sharp(out, { animated: true }).metadata();
    expect(meta).toMatchObject({ pages: 7, width: 32, pageHeight: 24, delay: Array(7).fill(80) });
    for (const [i, colour] of COLOURS.entries()) {
      const page = join(dir, `page${i}.png`);
      await sharp(out, { page: i }).png().toFile(page);
      expect(await pixelAt(page, 16, 12)).toEqual(colour);
    }
  });

  it("refuses an empty list, frames of different sizes, another extension and a bad frame rate", async () => {
    await expect(writeAnimatedPreview([], join(dir, "a.webp"))).rejects.toThrow(/no frames/);
    const odd = await solidFrame(join(dir, "odd2.png"), [9, 9, 9], { width: 64, height: 40 });
    await expect(writeAnimatedPreview([frames[0]!, odd], join(dir, "a.gif"))).rejects.toThrow(/differ in size/);
    await expect(writeAnimatedPreview(frames, join(dir, "a.png"))).rejects.toThrow(/\.gif or \.webp/);
    await expect(writeAnimatedPreview(frames, join(dir, "a.gif"), { fps: 0 })).rejects.toThrow(/fps/);
  });
});
