import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EngineError, type EngineErrorCode } from "../engineError.js";

/** The Python script Blender runs for every call: devices, inspect and render. */
export const DRIVER = fileURLToPath(new URL("./driver.py", import.meta.url));

export const INSTALL_HINT = "apt-get install -y blender python3-numpy";

/** The codes the driver reports itself; anything else from it is a crash. */
const DRIVER_CODES: ReadonlySet<EngineErrorCode> = new Set(["SCENE_INVALID", "ENGINE_MISSING", "OPTIONS_INVALID"]);

/** Enough of stderr to show a Python traceback or Blender's last words. */
const TAIL_CHARS = 2_000;

export interface DriverCall {
  /** The Blender executable. */
  blender: string;
  /** The driver's request without its file paths: mode, scene and the mode's settings. */
  request: Record<string, unknown>;
  /** A fresh directory for the request, the result and any output; the caller removes it. */
  workDir: string;
  signal?: AbortSignal;
  /** Each line Blender prints on stdout. */
  onLine?: (line: string) => void;
}

type DriverResult = { ok: true } & Record<string, unknown> | { ok: false; code: EngineErrorCode; message: string };

/** Keeps the last `TAIL_CHARS` of a stream. */
function tail(): { push(chunk: string): void; text(): string } {
  let text = "";
  return {
    push(chunk) {
      text = (text + chunk).slice(-TAIL_CHARS);
    },
    text: () => text.trim(),
  };
}

/** Calls `onLine` with each complete line of a stream; a trailing partial line waits for the next chunk. */
function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pending = "";
  return (chunk) => {
    const lines = (pending + chunk).split(/\r?\n|\r/);
    pending = lines.pop()!;
    for (const line of lines) onLine(line);
  };
}

async function readResult(path: string): Promise<DriverResult | null> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as DriverResult;
  } catch {
    return null;
  }
}

function missing(blender: string, error: NodeJS.ErrnoException): EngineError {
  return new EngineError(
    "ENGINE_MISSING",
    `Blender is not installed or not runnable ("${blender}": ${error.code ?? error.message}): install it (${INSTALL_HINT}) or set INFERIX_BLENDER to its path`,
    { cause: error },
  );
}

/**
 * Runs the driver in a headless Blender (factory settings, so no user add-on or preference changes a pixel; autoexec
 * off, so a .blend's embedded scripts never run on a worker) and returns its result. An abort kills Blender at once
 * (SIGKILL: a render in progress would not stop for SIGTERM before its current sample) and waits for it to exit, so
 * nothing writes into the work directory after the call returns.
 */
export async function runDriver<T>(call: DriverCall): Promise<T> {
  const requestFile = join(call.workDir, "request.json");
  const resultFile = join(call.workDir, "result.json");
  await writeFile(requestFile, JSON.stringify({ ...call.request, result: resultFile }));
  if (call.signal?.aborted) throw new EngineError("CANCELLED", "aborted before Blender started");
  const args = ["-b", "--factory-startup", "--disable-autoexec", "--python-exit-code", "1", "--python", DRIVER, "--", requestFile];
  const stderr = tail();
  const stdout = tail();
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(call.blender, args, { cwd: call.workDir, stdio: ["ignore", "pipe", "pipe"] });
    const onAbort = () => child.kill("SIGKILL");
    call.signal?.addEventListener("abort", onAbort, { once: true });
    const split = lineSplitter((line) => call.onLine?.(line));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout.push(chunk);
      split(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      call.signal?.removeEventListener("abort", onAbort);
      reject(error.code === "ENOENT" || error.code === "EACCES" ? missing(call.blender, error) : error);
    });
    child.on("close", (code, signal) => {
      call.signal?.removeEventListener("abort", onAbort);
      resolve({ code, signal });
    });
  });
  if (call.signal?.aborted) throw new EngineError("CANCELLED", "Blender was stopped: the call was aborted");
  const result = await readResult(resultFile);
  if (result?.ok === true) return result as T;
  if (result?.ok === false && DRIVER_CODES.has(result.code)) throw new EngineError(result.code, result.message);
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  throw new EngineError("ENGINE_CRASH", `Blender ${how} before finishing: ${stderr.text() || stdout.text() || "(no output)"}`);
}
