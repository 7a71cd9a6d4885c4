import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { getAddress, type Chain, type Hex, type PublicClient, type Transport } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobDisputesAbi, jobMarketAbi } from "../../../keepers/chain/abis.generated.js";
import { REDRAW_PREVIOUS_LINE } from "../../../keepers/cli/artist/progressBar.js";
import { runIfx } from "../../../keepers/cli/runIfx.js";
import { engineForScene, sampleScene } from "../../../keepers/engines/index.js";
import { openEscrowedJob } from "../../../keepers/manager/store/openEscrowedJob.js";
import { storeManifest } from "../../../keepers/results/frameManifest.js";
import { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { localKey, runCli, serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";
import { heartbeatWorkers, startArtistManager, WAD, type ArtistManager } from "./artistHarness.js";
import { recordJobRow, settleAndRecord } from "./settlementRows.js";

/** Accounts 13 and 14 own the network's nodes and pay as the artist (as startLocalNetwork); 15 has no credit. */
const ARTIST = 14;
const BROKE = 15;

interface JobJson { id: string; status: string; progress: number; taskCount: number; acceptedTasks: number; done: boolean; tasks: { index: number; frameStart: number; frameEnd: number; status: string }[] }

describe("ifx for an artist: submit, status, download and dispute against a manager and the deployed protocol", () => {
  let chain: LocalChain;
  let net: LocalNetwork;
  let manager: ArtistManager;
  let env: Record<string, string>;
  let scenePath: string;
  let jobId: Hex;
  let outDir: string;
  const ifx = (...argv: string[]) => runCli(argv, env);

  beforeAll(async () => {
    chain = await serveLocalChain();
    const wallets = await chain.connection.viem.getWalletClients();
    net = new LocalNetwork(chain.connection, chain.deployment, getAddress(wallets[13]!.account.address), getAddress(wallets[ARTIST]!.account.address));
    await net.start(3, [24_000n]);
    const publicClient = (await chain.connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    manager = await startArtistManager(net, chain.deployment, publicClient);
    await heartbeatWorkers(manager.db, [{ id: net.workerIds[0]!, price: 5n * WAD / 100n, ib: WAD }]);
    env = { IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_PRIVATE_KEY: localKey(ARTIST), IFX_MANAGER_URL: manager.url };
    scenePath = (await sampleScene("room")).path;
    outDir = await tempDir("inferix-frames-");
  });
  afterAll(async () => {
    await manager?.close();
    await chain?.close();
    await cleanup(outDir);
  });

  const SETTINGS = ["--frames", "0-5", "--frames-per-task", "2", "--resolution", "64x36", "--samples", "4", "--bounces", "2"];

  it("submits a scene: upload, quote, escrow; the job is created on-chain for the artist", async () => {
    const run = await ifx("submit", scenePath, ...SETTINGS, "--yes", "--json");
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/uploading .*room\.glb[\s\S]*quoting[\s\S]*fee: [\d.]+ ifxDollar[\s\S]*escrowing the fee \(createJob\)\.\.\.\n\s+0x[0-9a-f]{64}/);
    const result = JSON.parse(run.out) as { jobId: Hex; sceneCid: string; fee: string; taskCount: number; tx: Hex };
    expect(result.taskCount).toBe(3);
    jobId = result.jobId;
    const publicClient = await chain.connection.viem.getPublicClient();
    const events = await publicClient.getContractEvents({ address: chain.deployment.contracts.JobMarket, abi: jobMarketAbi, eventName: "JobCreated", fromBlock: 0n });
    expect(events.map((e) => [e.args.jobId, e.transactionHash])).toContainEqual([jobId, result.tx]);
    const market = await chain.connection.viem.getContractAt("JobMarket", chain.deployment.contracts.JobMarket);
    expect((await market.read.job([jobId])).escrow).toBe(BigInt(result.fee));
    expect(await manager.store.has(result.sceneCid)).toBe(true);
  });

  it("quotes an uploaded scene read-only, and refuses bad input (exit 2) or a short balance (exit 1, naming ifx topup)", async () => {
    const sceneCid = (await manager.db.selectFrom("jobs").select("scene_cid").where("id", "=", jobId.toLowerCase()).executeTakeFirstOrThrow()).scene_cid;
    const quote = await ifx("quote", "--scene-cid", sceneCid, ...SETTINGS, "--option", "cheapest", "--json");
    expect(quote.code, quote.err).toBe(0);
    expect(JSON.parse(quote.out)).toMatchObject({ artist: net.artist, sceneCid, taskCount: 3, option: "cheapest" });
    expect((await ifx("quote", "--scene-cid", sceneCid, ...SETTINGS)).out).toMatch(/^quote 0x[0-9a-f]{64}: frames 0-5 in 3 tasks, [\d.]+ IBM at \$0\.05\/IBM\nfee: /);
    const reversed = await ifx("quote", "--scene-cid", sceneCid, "--frames", "5-1");
    expect([reversed.code, reversed.err]).toEqual([2, expect.stringContaining("expected frames as FIRST-LAST (e.g. 1-250), got \"5-1\"")]);
    const unknown = await ifx("quote", "--scene-cid", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", ...SETTINGS);
    expect([unknown.code, unknown.err]).toEqual([2, expect.stringMatching(/^ifx: the manager refused: scene bafkrei\S+ is not in this manager's store/)]);
    const gltf = await ifx("submit", "scene.gltf", ...SETTINGS, "--yes");
    expect([gltf.code, gltf.err]).toEqual([2, "ifx: scene.gltf: a scene is one self-contained .glb or .blend file (pack a .gltf into a .glb)\n"]);
    const glbForBlender = await ifx("submit", scenePath, ...SETTINGS, "--engine", "blender", "--yes");
    expect([glbForBlender.code, glbForBlender.err]).toEqual([2, expect.stringContaining("--engine blender renders .blend scenes")]);
    const unasked = await ifx("submit", scenePath, ...SETTINGS);
    expect([unasked.code, unasked.err]).toEqual([2, expect.stringMatching(/ifx: accepting the quote spends [\d.]+ ifxDollar: pass --yes to accept it\n$/)]);
    const broke = await runCli(["submit", scenePath, ...SETTINGS, "--yes"], { ...env, IFX_PRIVATE_KEY: localKey(BROKE) });
    expect([broke.code, broke.err]).toEqual([1, expect.stringMatching(/ifx: your ifxDollar balance 0 is short of the fee [\d.]+: top up at least [\d.]+ with `ifx topup <usd>`\n$/)]);
    const unknownJob = await ifx("status", `0x${"11".repeat(32)}`);
    expect([unknownJob.code, unknownJob.err]).toEqual([1, `ifx: the manager at ${manager.url} has no job 0x${"11".repeat(32)}\n`]);
    expect((await ifx("status", "0x1234")).code).toBe(2);
    const noManager = await runCli(["status", jobId], { ...env, IFX_MANAGER_URL: undefined });
    expect([noManager.code, noManager.err]).toEqual([2, "ifx: no manager: pass --manager <url> or set IFX_MANAGER_URL\n"]);
    const down = await runCli(["status", jobId, "--manager", "http://127.0.0.1:1"], env);
    expect([down.code, down.err]).toEqual([1, expect.stringMatching(/^ifx: the manager at http:\/\/127\.0\.0\.1:1 is unreachable/)]);
  });

  /** Renders a task's frames as a worker would, stores them and their manifest, and records the task accepted. */
  async function acceptTask(taskIndex: number, frameStart: number, frameEnd: number): Promise<Map<number, Uint8Array>> {
    const frames = Array.from({ length: frameEnd - frameStart + 1 }, (_, i) => frameStart + i);
    const rendered = await engineForScene(scenePath).render(scenePath, { frames, samples: 4, seed: 1, bounces: 2, denoise: false, threads: 1, resolution: { width: 64, height: 36 } }, () => {});
    const listed = await Promise.all(rendered.map(async (f) => ({ frame: f.frame, cid: await manager.store.addBytes(f.png), width: f.width, height: f.height })));
    const resultCid = await storeManifest(manager.store, { version: 1, jobId: jobId.toLowerCase(), taskIndex, frames: listed });
    await manager.db.insertInto("task_attempts").values({ job_id: jobId.toLowerCase(), task_index: taskIndex, worker_id: net.workerIds[0]!, status: "accepted", deadline_at: new Date(), result_cid: resultCid }).execute();
    await manager.db.updateTable("tasks").set({ status: "accepted" }).where("job_id", "=", jobId.toLowerCase()).where("task_index", "=", taskIndex).execute();
    return new Map(rendered.map((f) => [f.frame, f.png]));
  }

  it("shows the job's progress as it runs, refuses to download it unfinished, and downloads every frame once done", async () => {
    expect(await openEscrowedJob(manager.db, jobId)).toBe(true);
    await manager.db.updateTable("jobs").set({ status: "running" }).where("id", "=", jobId.toLowerCase()).execute();
    const status = async () => JSON.parse((await ifx("status", jobId, "--json")).out) as JobJson;
    expect(await status()).toMatchObject({ status: "running", progress: 0, acceptedTasks: 0, taskCount: 3, done: false });
    const pngs = await acceptTask(0, 0, 1);
    expect(await status()).toMatchObject({ acceptedTasks: 1, done: false });
    expect((await ifx("status", jobId)).out).toMatch(new RegExp(`^${jobId.toLowerCase()} running \\[#{10}-{20}\\]  33% 1/3 tasks\\n  frames 0-5`));

    const early = await ifx("download", jobId, "--out", outDir);
    expect([early.code, early.err]).toEqual([1, expect.stringContaining(`job ${jobId.toLowerCase()} is not finished (running, 1/3 tasks accepted)`)]);
    const partial = await ifx("download", jobId, "--out", outDir, "--partial", "--json");
    expect(partial.code, partial.err).toBe(0);
    expect(JSON.parse(partial.out)).toMatchObject({ complete: false, frames: [{ frame: 0 }, { frame: 1 }] });

    for (const [frame, png] of await acceptTask(1, 2, 3)) pngs.set(frame, png);
    // On a terminal, --watch redraws its bar in place as the last task is accepted, and ends with the job.
    const lines: string[] = [];
    const watching = runIfx(["status", jobId, "--watch", "--interval", "1"], { out: (t) => lines.push(t), err: () => {}, env, isTTY: true });
    for (const [frame, png] of await acceptTask(2, 4, 5)) pngs.set(frame, png);
    expect(await watching).toBe(0);
    const id = jobId.toLowerCase();
    expect(lines).toEqual([`${id} running [${"#".repeat(20)}${"-".repeat(10)}]  66% 2/3 tasks`, `${REDRAW_PREVIOUS_LINE}${id} running [${"#".repeat(30)}] 100% 3/3 tasks`]);
    const watched = await ifx("status", jobId, "--watch", "--interval", "1");
    expect([watched.code, watched.out]).toEqual([0, `${jobId.toLowerCase()} running [##############################] 100% 3/3 tasks\n`]);
    const all = await ifx("download", jobId, "--out", outDir);
    expect([all.code, all.out]).toEqual([0, `6 frames of job ${jobId.toLowerCase()} in ${outDir}\n`]);
    expect((await readdir(outDir)).sort()).toEqual(["frame_0000.png", "frame_0001.png", "frame_0002.png", "frame_0003.png", "frame_0004.png", "frame_0005.png"]);
    for (const [frame, png] of pngs) expect(new Uint8Array(await readFile(join(outDir, `frame_000${frame}.png`)))).toEqual(png);
  });

  it("disputes an accepted task of a settled job on-chain, and prints the decoded revert of a second dispute", async () => {
    const job = await net.openJob(6n * WAD, 2); // the network's artist is this key's address
    expect(getAddress(net.artist)).toBe(privateKeyToAddress(localKey(ARTIST)));
    await recordJobRow(manager.db, job.jobId, net.artist, 2);
    await settleAndRecord(manager.db, net, job, 0, LocalNetwork.outcomes(2, net.workerIds, 3n * WAD));
    const status = JSON.parse((await ifx("status", job.jobId, "--json")).out) as { settlements: unknown[] };
    expect(status.settlements).toEqual([{ index: 0, outcomesRoot: net.roots.get(job.jobId)![0], txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), status: "confirmed" }]);
    const run = await ifx("dispute", job.jobId, "--task", "1", "--json");
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out) as { tx: Hex; settlementIndex: number; bond: string; panelSeconds: number };
    expect(result).toMatchObject({ settlementIndex: 0, bond: (5n * WAD).toString(), panelSeconds: 2 * 86_400 });
    const publicClient = await chain.connection.viem.getPublicClient();
    const opened = await publicClient.getContractEvents({ address: chain.deployment.contracts.JobDisputes, abi: jobDisputesAbi, eventName: "DisputeOpened", fromBlock: 0n });
    expect(opened.map((e) => [e.args.jobId, e.args.taskIndex, e.transactionHash])).toContainEqual([job.jobId, 1, result.tx]);
    // As a person reads it: the bond, who rules, by when, and how to follow it.
    const other = await ifx("dispute", job.jobId, "--task", "0");
    expect([other.code, other.err]).toEqual([0, expect.stringContaining("posting a 5 ifxDollar bond")]);
    expect(other.out).toContain("bond 5 ifxDollar.\nA panel of verifiers outside the job's committee has 2 days to judge the frame: upheld returns the task's fee and the bond and slashes the worker; dismissed keeps the bond.");
    expect(other.out).toContain(`Follow it with \`ifx dispute ${job.jobId} --task 0 --status\`.`);
    const again = await ifx("dispute", job.jobId, "--task", "1");
    expect(again.code).toBe(1);
    expect(again.err.endsWith(`\nifx: JobDisputes.openDispute reverted: DisputeExists(${job.jobId}, 0, 1)\n`)).toBe(true);
    // Where it stands and who acts next; an appeal before any ruling and an early end are refused with the reason.
    const shown = await ifx("dispute", job.jobId, "--task", "1", "--status");
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain("state open; bond 5 ifxDollar");
    expect(shown.out).toMatch(/panel: not drawn yet \(anyone draws it until .* UTC; the verifiers' daemons do\)/);
    expect(shown.out).toMatch(/appeal: the artist or the worker may appeal to the DAO from .* UTC until .* UTC/);
    const early = await ifx("dispute", job.jobId, "--task", "1", "--appeal");
    expect([early.code, early.err]).toEqual([1, expect.stringContaining("JobDisputes.appeal reverted: DisputeNotAppealable(")]);
    const notYet = await ifx("dispute", job.jobId, "--task", "1", "--finalize");
    expect([notYet.code, notYet.err]).toEqual([1, expect.stringContaining("the dispute can still change until")]);
    const both = await ifx("dispute", job.jobId, "--task", "1", "--appeal", "--finalize");
    expect([both.code, both.err]).toEqual([2, expect.stringContaining("choose one of --status, --appeal and --finalize")]);
    // No panel sat (the network has no verifier outside the committee) and nobody appealed: it lapses, the bond back.
    await chain.connection.networkHelpers.time.increase(3 * 86_400 + 1);
    const credits = await chain.connection.viem.getContractAt("IFXDollar", chain.deployment.contracts.IFXDollar);
    const before = await credits.read.balanceOf([net.artist]);
    const end = await ifx("dispute", job.jobId, "--task", "1", "--finalize");
    expect(end.code, end.err).toBe(0);
    expect((await credits.read.balanceOf([net.artist])) - before).toBe(5n * WAD);
    const ended = await ifx("dispute", job.jobId, "--task", "1", "--status");
    expect(ended.out).toContain("state resolved");
    const unsettled = await ifx("dispute", jobId, "--task", "0");
    expect([unsettled.code, unsettled.err]).toEqual([1, expect.stringContaining("has no confirmed settlement on this manager")]);
  });
});
