import type { Image } from "../../../por/image.js";
import type { Region } from "../../../por/taskKey.js";

/** The pixels of `region` (inside the image) as an image of their own: a rendered frame's marks and surroundings. */
export function cropImage(image: Image, region: Region): Image {
  const { x0, y0, x1, y1 } = region;
  if (x0 < 0 || y0 < 0 || x1 > image.width || y1 > image.height || x1 <= x0 || y1 <= y0) {
    throw new RangeError(`region (${x0},${y0})-(${x1},${y1}) is not inside the ${image.width}x${image.height} image`);
  }
  const c = image.channels;
  const width = x1 - x0;
  const data = new Uint8Array(width * (y1 - y0) * c);
  for (let y = y0; y < y1; y++) data.set(image.data.subarray((y * image.width + x0) * c, (y * image.width + x1) * c), (y - y0) * width * c);
  return { width, height: y1 - y0, channels: c, data };
}
