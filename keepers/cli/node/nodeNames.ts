import { InvalidArgumentError } from "commander";

/** License kinds in the order of `INodeLicense.Kind`. */
export const LICENSE_KINDS = ["worker", "verifier", "manager"] as const;
export type LicenseKind = (typeof LICENSE_KINDS)[number];

/** `INodeStaking.Eligibility`, as a person reads it. */
export const ELIGIBILITY = ["eligible", "not registered", "retired", "blacklisted", "offline", "IB below the floor", "stake below S(n)", "no IFX price"] as const;

export function kindName(kind: number): LicenseKind {
  return LICENSE_KINDS[kind] ?? (`kind ${kind}` as LicenseKind);
}

export function parseKind(value: string): number {
  const index = LICENSE_KINDS.indexOf(value as LicenseKind);
  if (index < 0) throw new InvalidArgumentError(`expected one of ${LICENSE_KINDS.join(", ")}, got "${value}"`);
  return index;
}
