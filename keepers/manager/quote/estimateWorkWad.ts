const WAD = 10n ** 18n;

export interface PreviewTiming {
  /** Wall-clock seconds of the preview render on the manager's machine (loading excluded). */
  seconds: number;
  /** Pixels x samples of the preview. */
  pixelSamples: number;
}

export interface JobSize {
  /** Pixels x samples of one frame as the job renders it. */
  pixelSamples: number;
  frames: number;
}

/**
 * A job's work in IBM (WP §VI-C: IB x minutes), WAD: the preview's seconds scaled to the job's pixel-samples and frames
 * gives the job's minutes on the manager's machine, and the manager's IB (T_G^0 / T_G, WP eq. 19) turns them into
 * minutes of a reference machine. Path-tracing time is linear in pixel-samples to first order (the scene's load and
 * BVH are excluded from the timing), so one preview frame is a fair sample; the quote says it is an estimate, and the
 * artist pays exactly the quote. Rounded up (the protocol's side), at least 1e-6 IBM.
 */
export function estimateWorkWad(preview: PreviewTiming, job: JobSize, managerIbWad: bigint): bigint {
  if (!(preview.seconds > 0) || !(preview.pixelSamples > 0)) throw new RangeError("the preview timing must be positive");
  if (!(job.pixelSamples > 0) || !Number.isInteger(job.frames) || job.frames < 1) throw new RangeError("the job size must be positive");
  if (managerIbWad <= 0n) throw new RangeError("the manager's IB must be positive");
  // Micro-seconds of one frame, then exact integer arithmetic from there.
  const microsPerFrame = BigInt(Math.ceil((preview.seconds * 1e6 * job.pixelSamples) / preview.pixelSamples));
  const numerator = microsPerFrame * BigInt(job.frames) * managerIbWad;
  const denominator = 60n * 1_000_000n;
  const work = (numerator + denominator - 1n) / denominator;
  return work > WAD / 1_000_000n ? work : WAD / 1_000_000n;
}
