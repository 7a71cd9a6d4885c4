import { keccak256, toHex, type Chain, type Hex, type PublicClient, type Transport } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { buildQuote } from "../../../keepers/manager/quote/buildQuote.js";
import { splitTasks, taskWorkWad } from "../../../keepers/manager/tasks/splitTasks.js";
import { cidToWord } from "../../../keepers/market/cidWord.js";
import { signTaskResult, type ResultDomain } from "../../../keepers/market/taskResultSignature.js";
import { checkResultSigner, type AttemptResult } from "../../../keepers/verifier/checkResultSigner.js";
import { JudgeError } from "../../../keepers/verifier/judgeAttempt.js";
import { openVerifierChain, VerifierChainError, type VerifierChain } from "../../../keepers/verifier/openVerifierChain.js";
import { quotedTaskWork } from "../../../keepers/verifier/quotedTaskWork.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startLocalNetwork } from "../helpers/startLocalNetwork.js";

const WAD = 10n ** 18n;
const RESULT = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

/**
 * What a verifier checks before it judges an attempt, against real contracts on a local chain: that the worker the
 * manager names signed the result with the operator key NodeRegistry binds to it, and what the job's on-chain quote
 * lets the task be paid.
 */
describe("a verifier attributes an attempt before judging it", () => {
  let d: Deployment;
  let net: LocalNetwork;
  let client: PublicClient<Transport, Chain>;
  let chain: VerifierChain;
  let domain: ResultDomain;
  let jobId: Hex;

  beforeAll(async () => {
    let connection;
    ({ connection, d, net } = await startLocalNetwork(3, [24_000n, 24_000n]));
    client = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    domain = { chainId: d.chainId, market: d.contracts.JobMarket };
    chain = openVerifierChain(client, { chainId: d.chainId, market: d.contracts.JobMarket, startBlock: d.startBlock, maxRange: 2n });
    // Frames 0..4 two a task: three tasks, the last one frame.
    const now = Number((await client.getBlock()).timestamp);
    const { quote, signature } = await buildQuote({
      artist: net.artist, sceneWord: cidToWord(RESULT), frameStart: 0, frameEnd: 4, framesPerTask: 2, workWad: 5n * WAD, pricePerIbmWad: WAD / 20n,
      ibFloorWad: 0n, validForSeconds: 600, deadlineSeconds: 86_400, nowSeconds: now, salt: keccak256(toHex("attribution")),
    }, { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret: new Uint8Array(32).fill(5), chainId: d.chainId, market: d.contracts.JobMarket });
    jobId = quote.jobId;
    const market = await connection.viem.getContractAt("JobMarket", d.contracts.JobMarket, { client: { wallet: await connection.viem.getWalletClient(net.artist) } });
    await net.mined(market.write.createJob([quote, signature]));
    await connection.networkHelpers.mine(5); // the job is a few blocks back: found by searching back, 2 blocks a call
  }, 120_000);

  const attempt = async (workerId: bigint, signedBy = net.operators.get(workerId)!, signedIn = domain): Promise<AttemptResult> => ({
    attemptId: 1, jobId, taskIndex: 0, resultCid: RESULT, workerId: workerId.toString(),
    resultSignature: await signTaskResult(signedBy, signedIn, { jobId, taskIndex: 0, resultCid: RESULT }),
  });
  const refusal = (p: Promise<unknown>) => p.then(() => null, (error: Error) => error);

  it("reads the job's quote from its JobCreated event, and nothing for a job the market does not hold", async () => {
    expect(await chain.jobQuote(jobId)).toEqual({ frameStart: 0, frameEnd: 4, taskCount: 3, workWad: 5n * WAD });
    const missing = await refusal(chain.jobQuote(keccak256(toHex("no such job"))));
    expect(missing).toBeInstanceOf(VerifierChainError);
    expect(missing).toMatchObject({ retryable: false, message: expect.stringMatching(/was never created on the market/) });
    const elsewhere = openVerifierChain(client, { chainId: d.chainId + 1, market: d.contracts.JobMarket, startBlock: d.startBlock, maxRange: 100n });
    expect(await refusal(elsewhere.jobQuote(jobId))).toMatchObject({ retryable: false, message: expect.stringMatching(/the RPC serves chain 31337, the verifier is configured for chain 31338/) });
  });

  it("takes a result signed by the named worker's bound operator key", async () => {
    const [w1] = net.workerIds as [bigint];
    expect(await chain.boundLicenseOf(net.operators.get(w1)!.address)).toBe(w1);
    const a = await attempt(w1);
    expect(await checkResultSigner(a, domain, chain)).toEqual({ workerId: w1, resultSignature: a.resultSignature });
  });

  it("refuses to judge a result moved to another worker, signed by an unbound key, unsigned, or signed in another domain", async () => {
    const [w1, w2] = net.workerIds as [bigint, bigint];
    const moved = await refusal(checkResultSigner({ ...(await attempt(w1)), workerId: w2.toString() }, domain, chain));
    expect(moved).toBeInstanceOf(JudgeError);
    expect((moved as Error).message).toMatch(new RegExp(`signed by 0x[0-9a-fA-F]{40}, the operator of license ${w1}, not by worker ${w2}`));
    const stranger = await refusal(checkResultSigner(await attempt(w1, privateKeyToAccount(generatePrivateKey())), domain, chain));
    expect((stranger as Error).message).toMatch(/an operator of no license, not by worker/);
    expect((await refusal(checkResultSigner({ ...(await attempt(w1)), resultSignature: null }, domain, chain)) as Error).message).toMatch(/the manager sent no signed result/);
    expect((await refusal(checkResultSigner({ ...(await attempt(w1)), resultSignature: "0x1234" }, domain, chain)) as Error).message).toMatch(/malformed/);
    // Signed for another market (a domain the manager picked): it recovers to some other address, bound to nobody.
    const otherMarket = await attempt(w1, net.operators.get(w1)!, { ...domain, market: d.contracts.NodeRegistry });
    expect((await refusal(checkResultSigner(otherMarket, domain, chain)) as Error).message).toMatch(/not by worker/);
  });

  it("pays each task the quote's work over its frames, and no task the quote does not hold", async () => {
    const quote = await chain.jobQuote(jobId);
    const split = splitTasks(0, 4, 2);
    expect([[0, 1], [2, 3], [4]].map((frames, t) => quotedTaskWork(quote, t, frames))).toEqual([0, 1, 2].map((t) => ({ workWad: taskWorkWad(5n * WAD, split, t) })));
    expect([0, 1, 2].reduce((sum, t) => sum + taskWorkWad(5n * WAD, split, t), 0n)).toBe(5n * WAD);
    expect(quotedTaskWork(quote, 0, [0, 1])).toEqual({ workWad: 2n * WAD });
    // An inflated task: three frames for task 0 would make two tasks, not the quote's three.
    expect(quotedTaskWork(quote, 0, [0, 1, 2])).toMatchObject({ problem: expect.stringMatching(/3 frames a task would make 2 tasks/) });
    expect(quotedTaskWork(quote, 3, [6])).toMatchObject({ problem: expect.stringMatching(/the quote has tasks 0\.\.2/) });
    expect(quotedTaskWork(quote, 2, [3, 4])).toMatchObject({ problem: expect.stringMatching(/no whole number of frames per task/) });
    expect(quotedTaskWork(quote, 1, [2, 4])).toMatchObject({ problem: expect.stringMatching(/not one run of consecutive frames/) });
    expect(quotedTaskWork(quote, 1, [])).toMatchObject({ problem: expect.stringMatching(/not one run/) });
  });
});
