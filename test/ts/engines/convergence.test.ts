import { describe, expect, it } from "vitest";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { meanAbsoluteError, pixels, tinyOptions } from "./renderHelpers.js";

describe("path tracer convergence", () => {
  it("gets closer to a high-sample reference as the sample count grows", async () => {
    const { path } = await sampleScene("room");
    const engine = engineForScene(path);
    const render = async (samples: number, seed: number) => {
      const [frame] = await engine.render(path, tinyOptions({ samples, seed, threads: 2, bounces: 4 }), () => {});
      return pixels(frame!.png).data;
    };
    const reference = await render(1024, 1);
    const errors: number[] = [];
    for (const samples of [4, 16, 64]) errors.push(meanAbsoluteError(await render(samples, 2), reference));
    // Monte-Carlo noise falls as 1/sqrt(samples): each 4x should roughly halve the error.
    expect(errors[1]!).toBeLessThan(errors[0]! * 0.8);
    expect(errors[2]!).toBeLessThan(errors[1]! * 0.8);
    expect(errors[2]!).toBeLessThan(errors[0]! * 0.5);
  });
});
