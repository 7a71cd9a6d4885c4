import os from "node:os";

/** One line describing where a benchmark ran, for the header of every table in docs/. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? "unknown CPU";
  const memGiB = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} x ${model}, ${memGiB} GiB RAM, Node ${process.version}`;
}
