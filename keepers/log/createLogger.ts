import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

export interface LoggerOptions {
  /** The daemon's role (manager, worker, verifier, keeper): every line carries it. */
  role: string;
  level?: LevelWithSilent;
  /** Where lines go; stdout by default (a file descriptor or a pino destination in tests). */
  destination?: pino.DestinationStream;
}

/**
 * The daemons' structured logs (STYLE 14): JSON lines through pino, one root logger per daemon tagged with its role,
 * a child per component (`logger.child({ component: "assigner" })`). Secrets never reach a log: the config's secret
 * fields are redacted by path, wherever a component logs the config.
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? "info",
    base: { role: options.role },
    redact: { paths: ["*.privateKey", "*.secret", "*.password", "*.*.privateKey", "*.*.secret", "*.*.password", "databaseUrl", "*.databaseUrl"], censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
