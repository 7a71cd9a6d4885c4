import { keccak256, toHex, type Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { cidsOfWord, cidToWord, wordToCid } from "../../../keepers/market/cidWord.js";
import { buildQuote, jobIdOf, keysCommitment, type ManagerIdentity } from "../../../keepers/manager/quote/buildQuote.js";
import { estimateWorkWad } from "../../../keepers/manager/quote/estimateWorkWad.js";
import { priceOptions } from "../../../keepers/manager/quote/priceOptions.js";
import { splitTasks, taskIdOf, taskWorkWad } from "../../../keepers/manager/tasks/splitTasks.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";

const WAD = 10n ** 18n;

describe("splitting a job into tasks", () => {
  it("chunks frames in order, the last chunk shorter, and spreads the work so the shares sum exactly", () => {
    const tasks = splitTasks(1, 12, 5);
    expect(tasks).toEqual([{ taskIndex: 0, frameStart: 1, frameEnd: 5 }, { taskIndex: 1, frameStart: 6, frameEnd: 10 }, { taskIndex: 2, frameStart: 11, frameEnd: 12 }]);
    const work = 1_000n * WAD + 7n;
    const shares = tasks.map((t) => taskWorkWad(work, tasks, t.taskIndex));
    expect(shares.reduce((a, b) => a + b)).toBe(work);
    expect(shares[0]).toBe((work * 5n) / 12n);
    expect(taskIdOf("0xABCD", 2)).toBe("0xabcd/2");
  });

  it("refuses empty ranges, bad chunk sizes and jobs of more than 100,000 tasks", () => {
    expect(() => splitTasks(5, 4, 1)).toThrow(/invalid frame range 5..4/);
    expect(() => splitTasks(1, 10, 0)).toThrow(/framesPerTask must be a positive integer/);
    expect(() => splitTasks(0, 100_000, 1)).toThrow(/100001 tasks; at most 100000/);
  });
});

describe("estimating a job's work in IBM from a preview", () => {
  it("scales the preview's time by pixel-samples and frames, times the manager's IB, rounded up", () => {
    // 2 s for 320x180 at 4 spp; the job is 1920x1080 at 64 spp, 100 frames, on a machine of IB 0.5.
    const preview = { seconds: 2, pixelSamples: 320 * 180 * 4 };
    const job = { pixelSamples: 1920 * 1080 * 64, frames: 100 };
    const minutes = (2 * (1920 * 1080 * 64) / (320 * 180 * 4) * 100) / 60;
    const work = estimateWorkWad(preview, job, WAD / 2n);
    expect(Number(work) / 1e18).toBeCloseTo(minutes * 0.5, 6);
    expect(estimateWorkWad(preview, { ...job, frames: 200 }, WAD / 2n)).toBe(2n * work);
    expect(estimateWorkWad({ seconds: 1e-9, pixelSamples: 1 }, { pixelSamples: 1, frames: 1 }, 1n)).toBe(WAD / 1_000_000n);
  });

  it("refuses non-positive inputs", () => {
    expect(() => estimateWorkWad({ seconds: 0, pixelSamples: 1 }, { pixelSamples: 1, frames: 1 }, WAD)).toThrow(RangeError);
    expect(() => estimateWorkWad({ seconds: 1, pixelSamples: 1 }, { pixelSamples: 1, frames: 0 }, WAD)).toThrow(RangeError);
    expect(() => estimateWorkWad({ seconds: 1, pixelSamples: 1 }, { pixelSamples: 1, frames: 1 }, 0n)).toThrow(RangeError);
  });
});

describe("the Matcher's price options (WP §VI-D)", () => {
  const offers = [
    { licenseId: 1n, pricePerIbmWad: 3n * WAD / 100n, ibWad: WAD },
    { licenseId: 2n, pricePerIbmWad: 5n * WAD / 100n, ibWad: 2n * WAD },
    { licenseId: 3n, pricePerIbmWad: 5n * WAD / 100n, ibWad: WAD },
    { licenseId: 4n, pricePerIbmWad: 9n * WAD / 100n, ibWad: 4n * WAD },
  ];

  it("prices cheapest, balanced (half the IB) and fastest, each with the workers it buys and an ETA", () => {
    const [cheapest, balanced, fastest] = priceOptions(offers, 800n * WAD);
    expect(cheapest).toMatchObject({ name: "cheapest", pricePerIbmWad: 3n * WAD / 100n, workers: 1, ibWad: WAD, etaMinutes: 800 });
    // Total IB 8: at $0.05 three workers hold 4 of it, half.
    expect(balanced).toMatchObject({ name: "balanced", pricePerIbmWad: 5n * WAD / 100n, workers: 3, ibWad: 4n * WAD, etaMinutes: 200 });
    expect(fastest).toMatchObject({ name: "fastest", pricePerIbmWad: 9n * WAD / 100n, workers: 4, ibWad: 8n * WAD, etaMinutes: 100 });
    // A cheap worker holding most of the IB makes the balanced option the cheapest one.
    const [, balancedCheap] = priceOptions([{ ...offers[0]!, ibWad: 9n * WAD }, ...offers.slice(1)], 800n * WAD);
    expect(balancedCheap).toMatchObject({ pricePerIbmWad: 3n * WAD / 100n, workers: 1 });
    expect(priceOptions([], WAD)).toEqual([]);
  });
});

describe("CIDs as market words", () => {
  it("keeps a file root's digest, reads both codecs back, and refuses other CIDs", () => {
    const tree = "bafybeihi4vpkqguuofccvmtkq7acd2lidr4s7nb6ve7eeexk44xgwigy6e";
    const leaf = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    expect(wordToCid(cidToWord(tree), "dag-pb")).toBe(tree);
    expect(wordToCid(cidToWord(leaf), "raw")).toBe(leaf);
    expect(cidsOfWord(cidToWord(leaf))).toEqual([wordToCid(cidToWord(leaf), "dag-pb"), leaf]);
    // dag-cbor is not a file root.
    expect(() => cidToWord("bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy")).toThrow(/codec 0x71/);
    expect(() => cidToWord("not-a-cid")).toThrow(/not a CID/);
    expect(() => wordToCid("0x1234", "raw")).toThrow(/32 bytes/);
  });
});

describe("a manager's signed quote, accepted by the real JobMarket", () => {
  let net: LocalNetwork;
  let d: Deployment;
  let connection: Awaited<ReturnType<typeof startLocalNetwork>>["connection"];

  beforeAll(async () => {
    ({ connection, d, net } = await startLocalNetwork());
  });

  it("escrows the fee for the quote; the commitment binds the tasks' secrets", async () => {
    const porSecret = new Uint8Array(32).fill(9);
    const identity: ManagerIdentity = { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret, chainId: d.chainId, market: d.contracts.JobMarket };
    const now = Number((await (await connection.viem.getPublicClient()).getBlock()).timestamp);
    const salt: Hex = keccak256(toHex("quote-1"));
    const { quote, signature } = await buildQuote({
      artist: net.artist, sceneWord: cidToWord("bafybeihi4vpkqguuofccvmtkq7acd2lidr4s7nb6ve7eeexk44xgwigy6e"), frameStart: 1, frameEnd: 12, framesPerTask: 5,
      workWad: 30n * WAD, pricePerIbmWad: 5n * WAD / 100n, ibFloorWad: 0n, validForSeconds: 600, deadlineSeconds: 86_400, nowSeconds: now, salt,
    }, identity);
    expect(quote.taskCount).toBe(3);
    expect(quote.fee).toBe(15n * WAD / 10n);
    expect(quote.jobId).toBe(jobIdOf(net.managerId, net.artist, salt));
    expect(quote.keysCommitment).toBe(keysCommitment(porSecret, quote.jobId, 3));
    expect(keysCommitment(new Uint8Array(32).fill(8), quote.jobId, 3)).not.toBe(quote.keysCommitment);
    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    await net.mined(market.write.createJob([quote, signature]));
    const job = await market.read.job([quote.jobId]);
    expect(job.escrow).toBe(quote.fee);
    expect(job.workWad).toBe(quote.workWad);
  });
});
