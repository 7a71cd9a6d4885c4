import type { Command } from "commander";
import { loadConfig } from "../../config/loadConfig.js";
import { loadSigningKey } from "../../keys/loadSigningKey.js";
import { createLogger } from "../../log/createLogger.js";
import { MANAGER_VARIABLES, managerConfigSchema, parsePorSecret } from "../../manager/daemon/managerConfig.js";
import { startManager } from "../../manager/daemon/startManager.js";
import type { CommandContext } from "../commandContext.js";
import { runDaemon } from "./runDaemon.js";

/**
 * `ifx manager start`: the manager daemon in the foreground, JSON logs on stdout. Configuration from the environment
 * (README "Running a manager") over an optional JSON file; invalid configuration exits 2 listing every problem.
 */
export function addManagerCommands(program: Command, context: CommandContext): void {
  const manager = program.command("manager").description("run a manager node (job controller, API, settlement, epoch keeper)");
  manager.command("start")
    .description("start the manager daemon; SIGTERM drains and exits 0")
    .option("--config <file>", "a JSON config file, or IFX_CONFIG (environment variables override it)")
    .action(async (options: { config?: string }) => {
      const env = context.io.env;
      const file = options.config ?? env["IFX_CONFIG"];
      const config = await loadConfig(managerConfigSchema, { ...(file ? { file } : {}), env, variables: MANAGER_VARIABLES });
      const porSecret = parsePorSecret(env["IFX_POR_SECRET"]);
      const privateKey = await loadSigningKey({ env, ...(context.io.askSecret ? { askPassword: context.io.askSecret } : {}) });
      const logger = createLogger({ role: "manager", level: config.logLevel });
      await runDaemon(context, logger, await startManager(config, { privateKey, porSecret }, logger));
    });
}
