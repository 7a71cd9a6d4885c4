import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs `use` with a fresh temporary directory and removes it afterwards, whether `use` succeeded or not. */
export async function withWorkDir<T>(prefix: string, use: (dir: string) => Promise<T>, root = tmpdir()): Promise<T> {
  const dir = await mkdtemp(join(root, prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
