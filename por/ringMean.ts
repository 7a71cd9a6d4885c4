import type { Image } from "./image.js";
import type { Region } from "./taskKey.js";

/**
 * Mean colour of the pixels just outside a mark's regions (those sharing an edge with k_i), over several images (the
 * frames, or crops around the region with `region` in the crop's coordinates): what the mark's border is matched
 * against, since the WP's Laplacian statistic (eqs. 14-16) sums exactly the differences across k_i's edge. Null when
 * there is no such pixel. 8-bit RGB in and out (grey counts as RGB).
 */
export function ringMean(samples: readonly { image: Image; region: Region }[]): [number, number, number] | null {
  const sum = [0, 0, 0];
  let count = 0;
  for (const { image, region: k } of samples) {
    const add = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
      const p = (y * image.width + x) * image.channels;
      for (let c = 0; c < 3; c++) sum[c] = sum[c]! + image.data[p + (image.channels >= 3 ? c : 0)]!;
      count++;
    };
    for (let x = k.x0; x < k.x1; x++) {
      add(x, k.y0 - 1);
      add(x, k.y1);
    }
    for (let y = k.y0; y < k.y1; y++) {
      add(k.x0 - 1, y);
      add(k.x1, y);
    }
  }
  return count === 0 ? null : [sum[0]! / count, sum[1]! / count, sum[2]! / count];
}
