import { BaseError, decodeErrorResult, type Abi, type Hex } from "viem";

export interface DecodedRevert {
  errorName: string;
  args: readonly unknown[];
  /** `ErrorName(arg, arg)`: what a person reads. */
  message: string;
}

/** Finds the raw revert data anywhere in a viem error's cause chain. */
export function revertData(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let found: Hex | undefined;
  error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) found = data as Hex;
    else if (data && typeof data === "object" && typeof (data as { data?: unknown }).data === "string") {
      found = (data as { data: Hex }).data;
    }
    return false;
  });
  return found;
}

/**
 * Decodes a revert into its custom error name and arguments against every ABI given. A revert raised deep in a call
 * chain (the timelock executing a proposal on the parameter registry, say) bubbles up with the inner contract's error,
 * which the outer contract's ABI cannot name; searching all the protocol's ABIs can.
 */
export function decodeRevert(error: unknown, abis: readonly Abi[]): DecodedRevert | undefined {
  const data = revertData(error);
  if (!data) return undefined;
  for (const abi of abis) {
    try {
      const decoded = decodeErrorResult({ abi, data });
      const args = decoded.args ?? [];
      const shown = args.map((a) => (typeof a === "bigint" ? a.toString() : String(a))).join(", ");
      return { errorName: decoded.errorName, args, message: `${decoded.errorName}(${shown})` };
    } catch {
      // not an error of this ABI: try the next
    }
  }
  return undefined;
}
