import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const IFX = fileURLToPath(new URL("../../keepers/cli/bin/ifx.mjs", import.meta.url));

export interface DaemonProcess {
  pid: number;
  child: ChildProcess;
  /** Every JSON log line so far, parsed (lines that are not JSON are kept as `{ msg: line }`). */
  lines: Record<string, unknown>[];
  /** Resolves with the first log line matching `predicate`, or rejects after `timeoutMs` / when the process exits. */
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resident memory in bytes now (/proc/<pid>/status VmRSS). */
  rssBytes(): Promise<number>;
  /** SIGTERM, then the exit code (null if killed by a signal). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL: no drain, nothing released (a crash or a power cut). */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * `ifx <role> start` as its own process, exactly as an operator runs it (the binary, the environment, JSON logs on
 * stdout): for tests of signals and crashes, and for measuring a daemon's memory on its own.
 */
export function spawnDaemon(role: "manager" | "worker" | "verifier", env: Record<string, string>): DaemonProcess {
  const child = spawn(process.execPath, [IFX, role, "start"], { env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: Record<string, unknown>[] = [];
  const waiters: { predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let stderr = "";
  const take = (text: string) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      line = { msg: text };
    }
    lines.push(line);
    for (const w of [...waiters]) if (w.predicate(line)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  };
  let buffered = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    for (const part of parts) if (part.trim() !== "") take(part);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = (predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 60_000) => {
    const seen = lines.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${role}: no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2_000)}; last lines: ${JSON.stringify(lines.slice(-5))}`)), timeoutMs);
      waiters.push({ predicate, resolve: (line) => { clearTimeout(timer); resolve(line); } });
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`${role} exited (${code}) before the expected log line; stderr: ${stderr.slice(-2_000)}`)); });
    });
  };
  return {
    pid: child.pid!,
    child,
    lines,
    waitFor,
    exited,
    rssBytes: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8");
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (kb === undefined) throw new Error(`no VmRSS for ${role} (${child.pid})`);
      return Number(kb) * 1024;
    },
    stop: async (timeoutMs = 60_000) => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
