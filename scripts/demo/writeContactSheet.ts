import sharp, { type OverlayOptions } from "sharp";
import { readFrameSize } from "./readFrameSize.js";

export interface ContactSheetOptions {
  /** Thumbnails per row; fewer frames than this make one shorter row. Default 6. */
  columns?: number;
  /** Thumbnail width in pixels; frames narrower than this keep their own width. Default 240. */
  thumbWidth?: number;
  /** Label under each thumbnail, in the list's order. Default 1, 2, 3, ... (Blender's first frame is 1). */
  frameNumbers?: readonly number[];
}

/** Where everything landed, so a caller (or a test) can find a frame's thumbnail without redoing the arithmetic. */
export interface ContactSheetLayout {
  columns: number;
  rows: number;
  thumbWidth: number;
  thumbHeight: number;
  width: number;
  height: number;
  /** Top-left corner of each thumbnail, in the list's order. */
  cells: { left: number; top: number }[];
}

export const SHEET_GAP_PX = 8;
export const SHEET_LABEL_PX = 22;
const BACKGROUND = "#1e1e1e";

/** Pure grid arithmetic: each cell is a thumbnail over its label strip, with a gap around and between cells. */
export function contactSheetLayout(frameCount: number, frame: { width: number; height: number }, columnsWanted = 6, thumbWidthWanted = 240): ContactSheetLayout {
  if (!Number.isInteger(columnsWanted) || columnsWanted < 1) throw new Error(`columns must be a positive integer, got ${columnsWanted}`);
  if (!Number.isInteger(thumbWidthWanted) || thumbWidthWanted < 1) throw new Error(`thumbWidth must be a positive integer, got ${thumbWidthWanted}`);
  const columns = Math.min(columnsWanted, frameCount);
  const rows = Math.ceil(frameCount / columns);
  const thumbWidth = Math.min(thumbWidthWanted, frame.width);
  const thumbHeight = Math.max(1, Math.round((frame.height * thumbWidth) / frame.width));
  const cellWidth = thumbWidth + SHEET_GAP_PX;
  const cellHeight = thumbHeight + SHEET_LABEL_PX + SHEET_GAP_PX;
  const cells = Array.from({ length: frameCount }, (_, i) => ({
    left: SHEET_GAP_PX + (i % columns) * cellWidth,
    top: SHEET_GAP_PX + Math.floor(i / columns) * cellHeight,
  }));
  return { columns, rows, thumbWidth, thumbHeight, width: SHEET_GAP_PX + columns * cellWidth, height: SHEET_GAP_PX + rows * cellHeight, cells };
}

function label(text: string, width: number): Buffer {
  return Buffer.from(
    `<svg width="${width}" height="${SHEET_LABEL_PX}" xmlns="http://www.w3.org/2000/svg">` +
      `<text x="${width / 2}" y="${SHEET_LABEL_PX - 6}" text-anchor="middle" font-family="sans-serif" font-size="14" fill="#e0e0e0">${text}</text></svg>`,
  );
}

/**
 * Writes one PNG with every frame as a labelled thumbnail, left to right then top to bottom: the whole animation at a
 * glance, where a missing or broken frame stands out.
 */
export async function writeContactSheet(framePaths: readonly string[], outFile: string, options: ContactSheetOptions = {}): Promise<ContactSheetLayout> {
  const size = await readFrameSize(framePaths);
  const numbers = options.frameNumbers ?? framePaths.map((_, i) => i + 1);
  if (numbers.length !== framePaths.length) throw new Error(`${numbers.length} frame numbers given for ${framePaths.length} frames`);
  const layout = contactSheetLayout(framePaths.length, size, options.columns, options.thumbWidth);
  const layers: OverlayOptions[] = [];
  await Promise.all(
    framePaths.map(async (path, i) => {
      const { left, top } = layout.cells[i]!;
      const thumb = await sharp(path).resize(layout.thumbWidth, layout.thumbHeight, { fit: "fill" }).png().toBuffer();
      layers[2 * i] = { input: thumb, left, top };
      layers[2 * i + 1] = { input: label(String(numbers[i]), layout.thumbWidth), left, top: top + layout.thumbHeight };
    }),
  );
  const canvas = { width: layout.width, height: layout.height, channels: 3 as const, background: BACKGROUND };
  await sharp({ create: canvas }).composite(layers).png({ compressionLevel: 9 }).toFile(outFile);
  return layout;
}
