import { writeFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { encode } from "fast-png";
import { markTexture } from "../../../../por/markTexture.js";
import type { PlacedMark } from "../../../../por/placeMarks.js";
import { quaternionFromAxes } from "../../../../por/quaternionFromAxes.js";
import type { TaskKey } from "../../../../por/taskKey.js";
import { asEngineError, EngineError } from "../../engineError.js";
import { withWorkDir } from "../../withWorkDir.js";
import { runDriver } from "../runDriver.js";
import type { BlenderCall } from "./readBlendPlacement.js";

/** One mark as the driver's `insert` mode takes it: its texture file, colour and pose at every task frame. */
interface MarkRequest {
  name: string;
  texture: string;
  colour: readonly number[];
  poses: { frame: number; location: number[]; rotation: number[]; scale: number[] }[];
}

function markRequest(mark: PlacedMark, colour: readonly number[], texture: string): MarkRequest {
  return {
    name: `inferix-mark-${mark.noise}`,
    texture,
    colour: [...colour],
    poses: mark.poses.map((p) => {
      const [x, y, z, w] = quaternionFromAxes(p.axisX, p.axisY);
      // Blender's quaternions are (w, x, y, z); scale z stays 1 (the quad is flat).
      return { frame: p.frame, location: [...p.center], rotation: [w, x, y, z], scale: [Math.hypot(...p.axisX), Math.hypot(...p.axisY), 1] };
    }),
  };
}

/**
 * Inserts the marks `placeMarks` placed into a .blend scene (WP §III-B) and writes the result as a NEW .blend at
 * `output`; the input is only read (Blender saves a copy into the output's directory, renamed into place, relative
 * paths remapped). Each mark is a quad object with an Emission material (strength 1) showing its noise texture
 * (`markTexture`: one texel per imprint pixel, 8-bit grey PNG packed into the file, sRGB, Closest, Extend) times its
 * calibrated colour, visible to camera rays only, so that it neither lights, shades nor shadows the scene. Location,
 * rotation and scale are keyed at every task frame: the quad faces the camera and covers its region in each. The
 * output renders with a one-pixel box filter, marks or none: with no marks, it is the scene as the marked one
 * renders less its marks, where the marks' surroundings are measured.
 */
export async function insertBlendMarks(
  input: string, output: string, key: TaskKey, marks: readonly PlacedMark[], colours: readonly (readonly number[])[], call: BlenderCall,
): Promise<void> {
  if (resolve(input) === resolve(output)) throw new EngineError("OPTIONS_INVALID", `marks are never written over the input scene ${input}`);
  for (const file of [input, output]) {
    if (extname(file).toLowerCase() !== ".blend") throw new EngineError("OPTIONS_INVALID", `marks go from a .blend scene into a new .blend, got ${file}`);
  }
  if (colours.length !== marks.length) throw new EngineError("OPTIONS_INVALID", `${marks.length} marks but ${colours.length} colours`);
  try {
    await withWorkDir("inferix-blender-", async (workDir) => {
      const requests: MarkRequest[] = [];
      for (const [i, mark] of marks.entries()) {
        const texels = markTexture(key.noises[mark.noise]!, mark.width, mark.height, mark.texelsPerPixel);
        const texture = join(workDir, `mark${mark.noise}.png`);
        await writeFile(texture, encode({ width: mark.width, height: mark.height, data: texels, channels: 1, depth: 8 }));
        requests.push(markRequest(mark, colours[i]!, texture));
      }
      const request = { mode: "insert", scene: resolve(input), output: resolve(output), marks: requests };
      await runDriver({ blender: call.blender, workDir, request });
    }, call.workRoot);
  } catch (error) {
    throw asEngineError(error, `inserting PoR marks into ${input}`);
  }
}
