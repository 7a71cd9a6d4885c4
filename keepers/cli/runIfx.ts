import { Command, CommanderError, InvalidArgumentError } from "commander";
import { EXIT, toCliError, type ExitCode } from "./cliError.js";
import type { CliIo } from "./cliIo.js";
import type { CommandContext } from "./commandContext.js";
import { addDisputeCommand } from "./artist/addDisputeCommand.js";
import { addDownloadCommand } from "./artist/addDownloadCommand.js";
import { addQuoteCommands } from "./artist/addQuoteCommands.js";
import { addStatusCommand } from "./artist/addStatusCommand.js";
import { addTopUpCommand } from "./artist/addTopUpCommand.js";
import { addDaemonCommands } from "./daemons/addDaemonCommands.js";
import { addGovCommands } from "./dao/addGovCommands.js";
import { addParamsCommand } from "./dao/addParamsCommand.js";
import { addManagerCommands } from "./daemons/addManagerCommands.js";
import { addIndexerCommands } from "./indexer/addIndexerCommands.js";
import { addKeystoreCommands } from "./keystore/addKeystoreCommands.js";
import { addBuybackClaimCommand, addBuybackCommand } from "./node/addBuybackCommand.js";
import { addLicenseCommands } from "./node/addLicenseCommands.js";
import { addNodeCommands } from "./node/addNodeCommands.js";
import { addRewardCommands } from "./node/addRewardCommands.js";
import { addStakeCommands } from "./node/addStakeCommands.js";
import { registerPorCommands } from "./por/registerPorCommands.js";

function buildProgram(context: CommandContext): Command {
  const program = new Command("ifx")
    .description("Inferix: decentralized GPU rendering with Proof-of-Rendering")
    .version(process.env["npm_package_version"] ?? "0.1.0")
    .showHelpAfterError("(ifx --help lists the commands)")
    .configureOutput({ writeOut: (text) => context.io.out(text), writeErr: (text) => context.io.err(text) })
    .exitOverride();
  // Per audience: artists, node owners, DAO members, anyone (the indexer's reads), keys, Proof-of-Rendering by hand, then the daemons.
  addTopUpCommand(program, context);
  addQuoteCommands(program, context);
  addStatusCommand(program, context);
  addDownloadCommand(program, context);
  addDisputeCommand(program, context);
  addLicenseCommands(program, context);
  addNodeCommands(program, context);
  addStakeCommands(program, context);
  addRewardCommands(program, context);
  addBuybackCommand(program, context);
  addBuybackClaimCommand(program, context);
  addGovCommands(program, context);
  addParamsCommand(program, context);
  addIndexerCommands(program, context);
  addKeystoreCommands(program, context);
  addManagerCommands(program, context);
  registerPorCommands(program, context);
  addDaemonCommands(program, context);
  // Subcommands inherit neither exitOverride nor the output: a usage error anywhere must reach the same exit path.
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program)) {
    command.exitOverride().configureOutput({ writeOut: (text) => context.io.out(text), writeErr: (text) => context.io.err(text) });
  }
  return program;
}

/**
 * Runs `ifx` with `argv` (the words after the binary's name) and returns its exit code (cliError.ts EXIT). Usage
 * errors are printed by commander with the help hint; every other error as one line `ifx: <message>`, no stack.
 */
export async function runIfx(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exit: ExitCode = EXIT.OK;
  const context: CommandContext = { io, setExit: (code) => (exit = code) };
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exit;
  } catch (error) {
    // Commander has printed its message (usage errors) or the help; --help and --version exit with 0.
    // An InvalidArgumentError that reaches here was thrown by an action (commander turns its parsers' own into a
    // printed usage error): print it like any other bad input.
    if (error instanceof CommanderError && !(error instanceof InvalidArgumentError)) return error.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
    const failure = toCliError(error);
    io.err(`ifx: ${failure.message}`);
    return failure.exitCode;
  }
}
