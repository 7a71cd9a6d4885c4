import { keccak256, toHex, type Hex } from "viem";

/** The governed parameters by name, as `ParameterRegistry` defines them (keys are `keccak256(name)`). */
export const PARAM_NAMES = [
  "epochLengthSeconds",
  "emissionRatePerIbm",
  "stakeMultiplierBps",
  "workerShareBps",
  "verifierShareBps",
  "managerShareBps",
  "committeeSize",
  "committeeThreshold",
  "burnShareBps",
  "slashBps",
  "unbondingPeriodSeconds",
  "licenseCapWorker",
  "licenseCapVerifier",
  "licenseCapManager",
  "whitelistDiscountBps",
  "maxIbChangeBps",
  "initialIbWad",
  "blacklistRejections",
  "twapWindowSeconds",
  "disputeWindowSeconds",
  "burnMaxSlippageBps",
  "burnMinBatchUsdWad",
  "burnIntervalSeconds",
  "maxJobSeconds",
  "disputeResolutionSeconds",
  "disputeBondWad",
  "cancelFeeBps",
  "disputePanelSize",
  "disputePanelSeconds",
  "disputeAppealSeconds",
] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

export function paramKey(name: string): Hex {
  return keccak256(toHex(name));
}

/** Key to name, for showing events and errors to people. */
export function paramName(key: Hex): string | undefined {
  return PARAM_NAMES.find((n) => paramKey(n) === key.toLowerCase());
}

/** The registry key of an IB sample scene: `keccak256(name)`, e.g. `sceneKey("inferix/room")`. */
export function sceneKey(name: string): Hex {
  return keccak256(toHex(name));
}
