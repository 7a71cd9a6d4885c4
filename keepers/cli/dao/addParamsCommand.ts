import type { Command } from "commander";
import type { Hex } from "viem";
import { paramName, sceneKey } from "../../chain/paramKeys.js";
import type { CommandContext } from "../commandContext.js";
import { openReadSession } from "../openCliSession.js";
import { printResult } from "../printResult.js";
import { formatParamValue, unitOf } from "./parameterUnits.js";

/** The IB sample scenes the engines ship (keepers/engines/scenes): their keys are named when the registry holds them. */
const KNOWN_SCENES = ["inferix/room", "inferix/product", "inferix/heavy"];

function sceneName(id: Hex): string {
  return KNOWN_SCENES.find((name) => sceneKey(name) === id) ?? id;
}

/** `ifx params [--json]`: every governed number with its value and hard bounds, and the IB reference times. */
export function addParamsCommand(program: Command, context: CommandContext): void {
  program.command("params")
    .description("DAO member: every governed parameter with its value and bounds, and the IB reference times T_G^0")
    .option("--json", "print the result as JSON")
    .action(async (flags: { json?: boolean }) => {
      const session = await openReadSession(context);
      const { params } = session.contracts;
      const parameters: { name: string; key: Hex; unit: string; value: bigint; min: bigint; max: bigint }[] = [];
      for (const key of await params.read.parameterKeys()) {
        const name = paramName(key) ?? key;
        const [min, max] = await params.read.bounds([key]);
        parameters.push({ name, key, unit: unitOf(name), value: await params.read.get([key]), min, max });
      }
      const referenceTimes: { scene: string; sceneId: Hex; timeMs: bigint }[] = [];
      for (const id of await params.read.sceneIds()) referenceTimes.push({ scene: sceneName(id), sceneId: id, timeMs: await params.read.referenceTimeMs([id]) });
      const width = Math.max(...parameters.map((p) => p.name.length));
      printResult(context, flags.json, { parameters, referenceTimes }, () => [
        ...parameters.map((p) => `${p.name.padEnd(width)}  ${formatParamValue(p.name, p.value)}  [${formatParamValue(p.name, p.min)} .. ${formatParamValue(p.name, p.max)}]`),
        ...referenceTimes.map((r) => `referenceTimeMs:${r.scene}  ${r.timeMs} ms per frame`),
      ].join("\n"));
    });
}
