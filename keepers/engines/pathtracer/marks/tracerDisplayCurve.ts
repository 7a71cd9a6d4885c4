import type { DisplayCurve } from "../../marks/displayCurve.js";
import { displayLevel } from "../encodeFrame.js";

/** The tracer's display curve at a scene's exposure: what an unlit mark's linear colour becomes in the frame. */
export function tracerDisplayCurve(exposure: number): DisplayCurve {
  const exposureScale = 2 ** exposure;
  return (radiance: number) => displayLevel(radiance * exposureScale);
}
