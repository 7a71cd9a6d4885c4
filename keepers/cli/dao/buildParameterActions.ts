import { InvalidArgumentError } from "commander";
import { encodeFunctionData, type Address } from "viem";
import { parameterRegistryAbi } from "../../chain/abis.generated.js";
import { PARAM_NAMES, paramKey, sceneKey } from "../../chain/paramKeys.js";
import type { ProposalAction } from "../../chain/simulateProposal.js";
import { isParamName, parseParamValue, REFERENCE_TIME_PREFIX } from "./parameterUnits.js";

export interface ParameterChange {
  /** A governed parameter's name, or `referenceTimeMs:<scene>`. */
  param: string;
  value: bigint;
}

/** Pairs `--param` and `--value` in the order given, each value parsed in its parameter's unit. */
export function parseParameterChanges(params: readonly string[], values: readonly string[]): ParameterChange[] {
  if (params.length === 0) throw new InvalidArgumentError("say what to change: --param <name> --value <value>");
  if (params.length !== values.length) throw new InvalidArgumentError(`${params.length} --param but ${values.length} --value: give one value per parameter`);
  return params.map((param, i) => {
    if (param.startsWith(REFERENCE_TIME_PREFIX)) {
      if (param.length === REFERENCE_TIME_PREFIX.length) throw new InvalidArgumentError(`name the scene: ${REFERENCE_TIME_PREFIX}<scene>`);
      const ms = values[i]!.trim();
      if (!/^\d{1,12}$/.test(ms)) throw new InvalidArgumentError(`a reference time is whole milliseconds per frame, got "${values[i]}"`);
      return { param, value: BigInt(ms) };
    }
    if (!isParamName(param)) throw new InvalidArgumentError(`unknown parameter "${param}": one of ${PARAM_NAMES.join(", ")}, or ${REFERENCE_TIME_PREFIX}<scene>`);
    return { param, value: parseParamValue(param, values[i]!) };
  });
}

/**
 * The proposal's actions on the parameter registry. Plain parameters go in ONE `setMany` action: the registry checks
 * cross-parameter rules (the emission split's sum, the committee's majority) on the final state, so a split that
 * moves shares between roles is valid as a whole even where one `set` at a time would not be. Reference times are
 * one `setReferenceTime` each.
 */
export function buildParameterActions(registry: Address, changes: readonly ParameterChange[]): ProposalAction[] {
  const plain = changes.filter((c) => !c.param.startsWith(REFERENCE_TIME_PREFIX));
  const scenes = changes.filter((c) => c.param.startsWith(REFERENCE_TIME_PREFIX));
  const action = (calldata: `0x${string}`): ProposalAction => ({ target: registry, value: 0n, calldata });
  const actions: ProposalAction[] = [];
  if (plain.length === 1) actions.push(action(encodeFunctionData({ abi: parameterRegistryAbi, functionName: "set", args: [paramKey(plain[0]!.param), plain[0]!.value] })));
  if (plain.length > 1) actions.push(action(encodeFunctionData({ abi: parameterRegistryAbi, functionName: "setMany", args: [plain.map((c) => paramKey(c.param)), plain.map((c) => c.value)] })));
  for (const c of scenes) actions.push(action(encodeFunctionData({ abi: parameterRegistryAbi, functionName: "setReferenceTime", args: [sceneKey(c.param.slice(REFERENCE_TIME_PREFIX.length)), c.value] })));
  return actions;
}
