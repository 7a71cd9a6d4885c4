import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../../keepers/cli/cliIo.js";
import { POR_SECRET_VARIABLE, VERIFIER_SECRET_VARIABLE } from "../../../keepers/cli/por/registerPorCommands.js";
import type { VerifyReport } from "../../../keepers/cli/por/verifyFrameFile.js";
import { runIfx } from "../../../keepers/cli/runIfx.js";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { parseTaskKey, taskKeyHash } from "../../../por/taskKey.js";
import { sha256 } from "../por/porFixtures.js";

const SECRET = "ab".repeat(32);
const BIN = fileURLToPath(new URL("../../../keepers/cli/bin/ifx.mjs", import.meta.url));

/** One `ifx` run in this process: its exit code and what it printed. */
async function ifx(argv: string[], env: Record<string, string> = { [POR_SECRET_VARIABLE]: SECRET }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  const code = await runIfx(argv, io);
  return { code, out: out.join(""), err: err.join("") };
}

async function setup() {
  const room = await sampleScene("room");
  const dir = await mkdtemp(join(tmpdir(), "inferix-cli-por-"));
  const inputHash = await sha256(room.path);
  const marked = await ifx(["por", "mark", "--scene", room.path, "--task-id", "job-1/task-0", "--out", join(dir, "task"), "--frames", "0-1", "--resolution", "160x90", "--marks", "8", "--json"]);
  const summary = JSON.parse(marked.out) as { scene: string; key: string; keyHash: string; frames: number[] };
  // The worker's render: the task's settings (16 spp, 4 bounces: the CLI's defaults), a seed of its own.
  const engine = engineForScene(summary.scene);
  const options = { samples: 16, seed: 99, bounces: 4, denoise: false, threads: 1, resolution: { width: 160, height: 90 } };
  const frames = await engine.render(summary.scene, { ...options, frames: [0, 1] }, () => {});
  const [unmarked] = await engine.render(room.path, { ...options, frames: [0] }, () => {});
  // A forger's cheap render: the marked scene at 1 sample per pixel (its unlit marks are exact at any sample count).
  const [cheap] = await engine.render(summary.scene, { ...options, samples: 1, frames: [0] }, () => {});
  const files = { genuine0: join(dir, "f0.png"), genuine1: join(dir, "f1.png"), unmarked: join(dir, "u0.png"), cheap: join(dir, "c0.png") };
  await writeFile(files.cheap, cheap!.png);
  await writeFile(files.genuine0, frames[0]!.png);
  await writeFile(files.genuine1, frames[1]!.png);
  await writeFile(files.unmarked, unmarked!.png);
  return { room, dir, inputHash, marked, summary, files };
}

describe("ifx por mark / verify (exit 0 accepted, 1 rejected, 2 bad input)", async () => {
  const s = await setup();
  afterAll(() => rm(s.dir, { recursive: true, force: true }));
  const verify = (image: string, ...more: string[]) => ifx(["por", "verify", "--key", s.summary.key, "--image", image, ...more]);

  it("writes a new marked scene and a version 2 key whose hash it prints; the input is only read", async () => {
    expect(s.marked.code).toBe(0);
    expect(s.marked.err).toMatch(/marking 2 frame\(s\) at 160x90 with 8 marks/);
    const key = parseTaskKey(await readFile(s.summary.key, "utf8"));
    expect(key.version).toBe(2);
    expect(key.taskId).toBe("job-1/task-0");
    expect(key.placements.map((p) => p.frame)).toEqual([0, 1]);
    expect(taskKeyHash(key)).toBe(s.summary.keyHash);
    expect(await sha256(s.room.path)).toBe(s.inputHash);
  });

  it("accepts the genuine frames and prints per-region statistics with --json", async () => {
    for (const [image, frame] of [[s.files.genuine0, "0"], [s.files.genuine1, "1"]] as const) {
      const run = await verify(image, "--frame", frame, "--json");
      expect(run.code, run.err).toBe(0);
      const report = JSON.parse(run.out) as VerifyReport;
      expect(report).toMatchObject({ accepted: true, detector: "keyed", frame: Number(frame), image: { width: 160, height: 90 } });
      expect(report.regions).toHaveLength(8);
      expect(report.matched).toBeGreaterThanOrEqual(report.required);
      expect(report.falseAccept!).toBeLessThanOrEqual(1e-6);
    }
    const text = await verify(s.files.genuine0, "--frame", "0");
    expect(text.out).toMatch(/^ACCEPTED frame 0 of task job-1\/task-0 \(keyed detector\): \d\/8 regions match/);
  });

  it("rejects an unmarked render and another frame's render (exit 1), with either detector", async () => {
    expect((await verify(s.files.unmarked, "--frame", "0")).code).toBe(1);
    expect((await verify(s.files.genuine1, "--frame", "0")).code).toBe(1);
    const baseline = await verify(s.files.unmarked, "--frame", "0", "--detector", "baseline", "--json");
    expect(baseline.code).toBe(1);
    expect((JSON.parse(baseline.out) as VerifyReport).threshold).toBe(5);
    expect((await verify(s.files.genuine0, "--frame", "0", "--detector", "baseline")).code).toBe(0);
  });

  it("with --spot-scene, also re-renders the verifier's secret crop: the combined verdict rejects a cheap render the detector passes", async () => {
    const env = { [POR_SECRET_VARIABLE]: SECRET, [VERIFIER_SECRET_VARIABLE]: "cd".repeat(32) };
    const spot = ["--spot-scene", s.summary.scene, "--seed", "99", "--samples", "16", "--bounces", "4"];
    const genuine = await ifx(["por", "verify", "--key", s.summary.key, "--image", s.files.genuine0, "--frame", "0", ...spot, "--json"], env);
    expect(genuine.code, genuine.err).toBe(0);
    expect((JSON.parse(genuine.out) as VerifyReport).spot).toMatchObject({ matches: true, differingPixels: 0 });
    expect((await verify(s.files.cheap, "--frame", "0")).code).toBe(0); // the marks alone cannot tell
    const cheap = await ifx(["por", "verify", "--key", s.summary.key, "--image", s.files.cheap, "--frame", "0", ...spot], env);
    expect(cheap.code).toBe(1);
    expect(cheap.out).toMatch(/^REJECTED .*\(keyed detector \+ spot re-render\).*spot re-render of 32x32 at \(\d+, \d+\) differs in \d+ pixels/);
    const noSeed = await ifx(["por", "verify", "--key", s.summary.key, "--image", s.files.cheap, "--frame", "0", "--spot-scene", s.summary.scene], env);
    expect([noSeed.code, noSeed.err]).toEqual([2, expect.stringMatching(/--spot-scene needs the task's --seed/)]);
    const noSecret = await ifx(["por", "verify", "--key", s.summary.key, "--image", s.files.cheap, "--frame", "0", ...spot], {});
    expect([noSecret.code, noSecret.err]).toEqual([2, expect.stringMatching(/no verifier secret: set IFX_VERIFIER_SECRET$/)]);
  });

  it("answers bad input with exit 2 and one clear line", async () => {
    const junk = join(s.dir, "junk.json");
    await writeFile(junk, "{\"version\": 9}");
    const tiny = join(s.dir, "tiny.png");
    const [one] = await engineForScene(s.room.path).render(s.room.path, { frames: [0], samples: 1, seed: 1, bounces: 0, denoise: false, threads: 1, resolution: { width: 4, height: 4 } }, () => {});
    await writeFile(tiny, one!.png);
    const cases: [string[], RegExp][] = [
      [["--image", s.files.genuine0], /covers frames 0, 1: say which one/],
      [["--image", s.files.genuine0, "--frame", "7"], /no frame 7/],
      [["--image", s.summary.key, "--frame", "0"], /IMAGE_INVALID: not a PNG/],
      [["--image", tiny, "--frame", "0"], /outside the 4x4 image/],
      [["--image", join(s.dir, "missing.png"), "--frame", "0"], /cannot read the image .*ENOENT/],
      [["--image", s.files.genuine0, "--frame", "0", "--detector", "magic"], /argument 'magic' is invalid/],
    ];
    for (const [args, message] of cases) {
      const run = await ifx(["por", "verify", "--key", s.summary.key, ...args]);
      expect([run.code, run.err]).toEqual([2, expect.stringMatching(message)]);
    }
    const badKey = await ifx(["por", "verify", "--key", junk, "--image", s.files.genuine0]);
    expect([badKey.code, badKey.err]).toEqual([2, expect.stringMatching(/not a valid key: unsupported key version 9/)]);
  });

  it("refuses to mark without a usable secret, an unknown format or frames outside the scene (exit 2), writing nothing", async () => {
    const out = join(s.dir, "refused");
    const mark = (extra: string[], env?: Record<string, string>) =>
      ifx(["por", "mark", "--scene", s.room.path, "--task-id", "t", "--out", out, "--frames", "0", ...extra], env);
    const cases: [Awaited<ReturnType<typeof ifx>>, RegExp][] = [
      [await mark([], {}), /no PoR secret: set IFX_POR_SECRET$/],
      [await mark([], { IFX_POR_SECRET: "abcd" }), /at least 16 bytes/],
      [await mark([], { IFX_POR_SECRET: "zz".repeat(32) }), /must be hex/],
      [await mark(["--secret", "ab".repeat(32)]), /unknown option '--secret'/], // secrets never on the command line
      [await mark(["--frames", "0-999"]), /frame \d+ is outside the scene's range/],
      [await ifx(["por", "mark", "--scene", join(s.dir, "scene.obj"), "--task-id", "t", "--out", out]), /cannot mark \.obj scenes/],
      [await mark(["--marks", "99"]), /expected a whole number in 2..40/],
    ];
    for (const [run, message] of cases) expect([run.code, run.err]).toEqual([2, expect.stringMatching(message)]);
    await expect(readFile(join(out, "key.json"))).rejects.toThrow(/ENOENT/);
  });

  it("runs as the `ifx` binary with the same exit codes", async () => {
    const run = (args: string[]) =>
      new Promise<number>((resolve) => execFile(process.execPath, [BIN, ...args], { env: { ...process.env } }, (error) => resolve(error ? Number(error.code) : 0)));
    expect(await run(["por", "verify", "--key", s.summary.key, "--image", s.files.genuine0, "--frame", "0"])).toBe(0);
    expect(await run(["por", "verify", "--key", s.summary.key, "--image", s.files.unmarked, "--frame", "0"])).toBe(1);
    expect(await run(["por", "verify", "--key", s.summary.key])).toBe(2);
  });
});
