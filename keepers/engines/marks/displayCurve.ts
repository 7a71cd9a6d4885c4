/**
 * An engine's display curve: the 8-bit display level (0 to 255, before rounding) a surface of scene-linear radiance
 * `radiance` shows at, through the scene's exposure and view transform. Monotone non-decreasing, applied per channel.
 * Mark calibration reads a mark's brightness off it, whatever the engine.
 */
export type DisplayCurve = (radiance: number) => number;

/**
 * A display curve measured at increasing radiances (`levels[i]` at `radiances[i]`), linear in between and flat beyond
 * the last sample. Blender's is measured this way: its view transforms (Filmic) are lookup tables, not formulas.
 */
export function tabulatedCurve(radiances: readonly number[], levels: readonly number[]): DisplayCurve {
  if (radiances.length < 2 || radiances.length !== levels.length) throw new RangeError("a tabulated curve needs two or more samples, one level per radiance");
  for (let i = 1; i < radiances.length; i++) {
    if (!(radiances[i]! > radiances[i - 1]!)) throw new RangeError("a tabulated curve's radiances must increase");
  }
  const last = radiances.length - 1;
  return (radiance) => {
    if (!(radiance > radiances[0]!)) return levels[0]!;
    if (radiance >= radiances[last]!) return levels[last]!;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (radiances[mid]! <= radiance) lo = mid;
      else hi = mid;
    }
    const t = (radiance - radiances[lo]!) / (radiances[hi]! - radiances[lo]!);
    return levels[lo]! + t * (levels[hi]! - levels[lo]!);
  };
}
