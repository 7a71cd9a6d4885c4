import type { Command } from "commander";
import { loadNodeConfig } from "../../daemon/loadNodeConfig.js";
import { createLogger } from "../../log/createLogger.js";
import { startVerifier } from "../../verifier/startVerifier.js";
import { VERIFIER_VARIABLES, verifierConfigSchema } from "../../verifier/verifierConfig.js";
import { startWorker } from "../../worker/startWorker.js";
import { WORKER_VARIABLES, workerConfigSchema } from "../../worker/workerConfig.js";
import type { CommandContext } from "../commandContext.js";
import { runDaemon } from "./runDaemon.js";

const variablesHelp = (variables: Readonly<Record<string, string>>) =>
  `\nEnvironment (wins over --config): ${Object.entries(variables).map(([v, p]) => `${v} (${p})`).join(", ")}; the operator key from IFX_PRIVATE_KEY or IFX_KEYSTORE (+ IFX_KEYSTORE_PASSWORD).`;

const sourcesOf = (context: CommandContext, flags: { config?: string }, variables: Readonly<Record<string, string>>) => ({
  ...(flags.config ? { file: flags.config } : {}), env: context.io.env, variables, ...(context.io.askSecret ? { askPassword: context.io.askSecret } : {}),
});

/** `ifx worker start` and `ifx verifier start`: the node daemons, logging pino JSON lines to stdout. */
export function addDaemonCommands(program: Command, context: CommandContext): void {
  program.command("worker").description("node operator: the worker daemon").command("start")
    .description("render assigned tasks: heartbeat, fetch scenes by CID, render, upload frames, report results")
    .option("--config <file>", "a JSON config file")
    .addHelpText("after", variablesHelp(WORKER_VARIABLES))
    .action(async (flags: { config?: string }) => {
      const { config, operator } = await loadNodeConfig(workerConfigSchema, sourcesOf(context, flags, WORKER_VARIABLES));
      const logger = createLogger({ role: "worker", level: config.logLevel });
      await runDaemon(context, logger, await startWorker(config, { operator, logger }));
    });
  program.command("verifier").description("node operator: the verifier daemon").command("start")
    .description("judge committee tasks: open PoR keys, fetch results, verify, submit signed verdicts")
    .option("--config <file>", "a JSON config file")
    .addHelpText("after", variablesHelp(VERIFIER_VARIABLES))
    .action(async (flags: { config?: string }) => {
      const { config, operator, operatorKey } = await loadNodeConfig(verifierConfigSchema, sourcesOf(context, flags, VERIFIER_VARIABLES));
      const logger = createLogger({ role: "verifier", level: config.logLevel });
      await runDaemon(context, logger, await startVerifier(config, { operator, operatorKey, logger }));
    });
}
