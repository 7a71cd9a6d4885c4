import { beforeAll, describe, expect, it } from "vitest";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { cropPixels, pixels, pngChunks, tinyOptions } from "./renderHelpers.js";

describe("path tracer determinism", () => {
  let room: string;
  let product: string;

  beforeAll(async () => {
    room = (await sampleScene("room")).path;
    product = (await sampleScene("product")).path;
  });

  it("renders the same bytes for the same seed and different bytes for another seed", async () => {
    const engine = engineForScene(product);
    const [a] = await engine.render(product, tinyOptions(), () => {});
    const [b] = await engine.render(product, tinyOptions(), () => {});
    const [c] = await engine.render(product, tinyOptions({ seed: 8 }), () => {});
    expect(Buffer.from(a!.png).equals(Buffer.from(b!.png))).toBe(true);
    expect(Buffer.from(a!.png).equals(Buffer.from(c!.png))).toBe(false);
    // No volatile metadata: only the image header, the data and the end marker.
    expect(new Set(pngChunks(a!.png))).toEqual(new Set(["IHDR", "IDAT", "IEND"]));
  });

  it("renders a crop equal, bit for bit, to the same rectangle of the full frame", async () => {
    const engine = engineForScene(room);
    const crop = { x: 5, y: 3, width: 17, height: 11 };
    const [full] = await engine.render(room, tinyOptions(), () => {});
    const [part] = await engine.render(room, tinyOptions({ crop }), () => {});
    expect(part!.width).toBe(17);
    expect(part!.height).toBe(11);
    expect(Buffer.from(pixels(part!.png).data).equals(Buffer.from(cropPixels(pixels(full!.png), crop.x, crop.y, crop.width, crop.height)))).toBe(true);
  });

  it("keeps the crop guarantee with the denoiser on (the crop is rendered with the filter's margin)", async () => {
    const engine = engineForScene(room);
    const resolution = { width: 160, height: 90 };
    const crop = { x: 70, y: 40, width: 12, height: 9 };
    const options = tinyOptions({ denoise: true, samples: 1, resolution });
    const [full] = await engine.render(room, options, () => {});
    const [part] = await engine.render(room, { ...options, crop }, () => {});
    const [raw] = await engine.render(room, { ...options, denoise: false, crop }, () => {});
    const expected = Buffer.from(cropPixels(pixels(full!.png), crop.x, crop.y, crop.width, crop.height));
    expect(Buffer.from(pixels(part!.png).data).equals(expected)).toBe(true);
    expect(Buffer.from(pixels(raw!.png).data).equals(expected)).toBe(false); // the denoiser did change the pixels
  });

  it("renders identical bytes on 1 thread (in-process) and on 2 worker threads", async () => {
    const engine = engineForScene(room);
    const [single] = await engine.render(room, tinyOptions({ frames: [12] }), () => {});
    const [double] = await engine.render(room, tinyOptions({ frames: [12], threads: 2 }), () => {});
    expect(Buffer.from(double!.png).equals(Buffer.from(single!.png))).toBe(true);
  });
});
