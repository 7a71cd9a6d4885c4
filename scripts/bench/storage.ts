/**
 * `npm run bench:storage`: throughput of the embedded Helia content store on this machine, for a 50 MB file of
 * pseudo-random bytes: `addFile` (read from disk, chunked, hashed, written as blocks), `cat` of stored content, and a
 * second store fetching it all from the first over loopback HTTP (trustless gateway, every block verified) into a file
 * with `saveFile`. MB = 10^6 bytes; wall-clock, one run each, printed.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHeliaStore, serveBlocks } from "../../keepers/storage/index.js";

const SIZE = 50_000_000;

async function timed<T>(label: string, bytes: number, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s  ${(bytes / 1e6 / seconds).toFixed(1).padStart(6)} MB/s`);
  return result;
}

const root = await mkdtemp(join(tmpdir(), "inferix-bench-storage-"));
try {
  const input = join(root, "input.bin");
  await writeFile(input, randomBytes(SIZE));
  const a = await createHeliaStore({ dir: join(root, "a") });
  const cid = await timed("addFile (disk -> blocks)", SIZE, () => a.addFile(input));
  await timed("cat (stored blocks -> memory, streamed)", SIZE, async () => {
    let total = 0;
    for await (const chunk of a.cat(cid)) total += chunk.byteLength;
    return total;
  });
  const blocks = serveBlocks(a);
  const server = createServer((request, response) => {
    if (!blocks(request, response)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const b = await createHeliaStore({ dir: join(root, "b"), gateways: [url] });
  await timed("saveFile on a second store via loopback HTTP", SIZE, () => b.saveFile(cid, join(root, "fetched.bin")));
  await timed("saveFile again, now stored locally", SIZE, () => b.saveFile(cid, join(root, "again.bin")));
  await b.close();
  await a.close();
  server.closeAllConnections();
  server.close();
  console.log(`50 MB file: ${cid}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
