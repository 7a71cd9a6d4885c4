import { EngineError } from "../engines/engineError.js";
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

/** Any error thrown by a command as the CLI reports it: the project's own taxonomies map to exit codes. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof PorError) {
    return new CliError(BAD_INPUT_POR_CODES.has(error.code) ? EXIT.BAD_INPUT : EXIT.NEGATIVE, `${error.code}: ${error.message}`, { cause: error });
  }
  if (error instanceof EngineError) {
    return new CliError(BAD_INPUT_ENGINE_CODES.has(error.code) ? EXIT.BAD_INPUT : EXIT.NEGATIVE, error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(EXIT.UNEXPECTED, `unexpected failure: ${message}`, { cause: error });
}
