import { InvalidArgumentError } from "commander";
import { BaseError } from "viem";
import { allAbis } from "../chain/abis.generated.js";
import { decodeRevert } from "../chain/decodeRevert.js";
import { DeploymentFileError } from "../chain/deploymentFile.js";
import { ChainSessionError } from "../chain/openChainSession.js";
import { ContractWriteError } from "../chain/sendContractWrite.js";
import { ConfigError } from "../config/loadConfig.js";
import { EngineError } from "../engines/engineError.js";
import { KeyError } from "../keys/keyError.js";
import { PorError } from "../../por/porError.js";

/**
 * The exit codes of `ifx` (README "CLI"): 0 done (for `verify`: accepted), 1 a negative answer or an operation that
 * failed on valid input (for `verify`: rejected), 2 bad input (usage, unreadable or malformed files, a scene or image
 * that does not fit), 3 an unexpected failure (a bug or the machine: the message says which).
 */
export const EXIT = { OK: 0, NEGATIVE: 1, BAD_INPUT: 2, UNEXPECTED: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line and an exit code, never with a stack trace. */
export class CliError extends Error {
  override readonly name = "CliError";

  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function badInput(message: string, cause?: unknown): CliError {
  return new CliError(EXIT.BAD_INPUT, message, cause === undefined ? undefined : { cause });
}

const BAD_INPUT_ENGINE_CODES = new Set(["SCENE_INVALID", "OPTIONS_INVALID", "ENGINE_MISSING"]);
const BAD_INPUT_POR_CODES = new Set(["IMAGE_INVALID", "KEY_INCOMPLETE"]);

/** A negative answer from the chain: a revert (named with its values), or a chain that could not be reached. */
function chainFailure(error: unknown): CliError | undefined {
  if (error instanceof ContractWriteError || error instanceof ChainSessionError) return new CliError(EXIT.NEGATIVE, error.message, { cause: error });
  if (!(error instanceof BaseError)) return undefined;
  const revert = decodeRevert(error, allAbis);
  return new CliError(EXIT.NEGATIVE, revert ? `reverted: ${revert.message}` : error.shortMessage, { cause: error });
}

/** Any error thrown by a command as the CLI reports it: the project's own taxonomies map to exit codes. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof InvalidArgumentError) return new CliError(EXIT.BAD_INPUT, error.message, { cause: error });
  // Configuration, keys and deployment files are the user's input: exit 2 with the message that says what to fix.
  if (error instanceof ConfigError || error instanceof KeyError || error instanceof DeploymentFileError) {
    return new CliError(EXIT.BAD_INPUT, error.message.replace(/:\n\s*/, ": ").replace(/\n\s*/g, "; "), { cause: error });
  }
  const chain = chainFailure(error);
  if (chain) return chain;
  if (error instanceof PorError) {
    return new CliError(BAD_INPUT_POR_CODES.has(error.code) ? EXIT.BAD_INPUT : EXIT.NEGATIVE, `${error.code}: ${error.message}`, { cause: error });
  }
  if (error instanceof EngineError) {
    return new CliError(BAD_INPUT_ENGINE_CODES.has(error.code) ? EXIT.BAD_INPUT : EXIT.NEGATIVE, error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(EXIT.UNEXPECTED, `unexpected failure: ${message}`, { cause: error });
}
