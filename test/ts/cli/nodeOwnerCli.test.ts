import { formatEther, getAddress } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { protocolContracts } from "../../../keepers/chain/protocolContracts.js";
import { swapStableForIfx } from "../../../keepers/chain/swapStableForIfx.js";
import { waitForSuccess } from "../../../keepers/chain/waitForSuccess.js";
import { ageOracles } from "../../../scripts/nodes/ageOracles.js";
import { actAsContract } from "../helpers/actAsContract.js";
import { localKey, runCli, serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";

/** Account #13: no role in the local deployment (README "Deploying"), a node owner with nothing yet. */
const OWNER = 13;
const PRICE = "0.01"; // USD per IBM: S(n) = 2 x 4320 min x 1 IB x $0.01 = $86.40

interface NodeStatusJson { eligibility: string; eligible: boolean; stake: string; minStake: string | null; active: boolean; operator: string; unbonding: { amount: string; releaseAt: string } }

describe("ifx for a node owner and an artist, over HTTP JSON-RPC against the deployed protocol", () => {
  let chain: LocalChain;
  let env: Record<string, string>;
  const ownerKey = localKey(OWNER);
  const owner = privateKeyToAddress(ownerKey);
  const operatorKey = generatePrivateKey();
  let licenseId: string;
  const ifx = (...argv: string[]) => runCli(argv, env);
  const status = async () => JSON.parse((await ifx("node", "status", licenseId, "--json")).out) as NodeStatusJson;

  beforeAll(async () => {
    chain = await serveLocalChain();
    env = { IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_PRIVATE_KEY: ownerKey };
    // What the owner brings: dollars from the dev faucet, and IFX bought on the DEX; keepers keep the TWAPs fresh.
    const { viem } = chain.connection;
    const publicClient = await viem.getPublicClient();
    const wallet = await viem.getWalletClient(owner);
    const usd = await viem.getContractAt("DevStablecoin", chain.deployment.external.stablecoin, { client: { wallet } });
    await waitForSuccess(publicClient, usd.write.faucet([owner, 2_000_000_000n]));
    await swapStableForIfx(publicClient as never, wallet as never, chain.deployment, 200_000_000n);
    await ageOracles(chain.connection, chain.deployment);
  });
  afterAll(() => chain?.close());

  it("buys a worker license and lists it", async () => {
    const bought = await ifx("license", "buy", "--kind", "worker", "--json");
    expect(bought.code, bought.err).toBe(0);
    expect(bought.err).toMatch(/approving 500 USD for NodeLicense\.\.\.\n\s+0x[0-9a-f]{64}/);
    const result = JSON.parse(bought.out) as { licenseId: string; kind: string; usdPriceWad: string };
    expect(result).toMatchObject({ kind: "worker", usdPriceWad: (500n * 10n ** 18n).toString() });
    licenseId = result.licenseId;
    const listed = JSON.parse((await ifx("license", "list", "--json")).out) as { owner: string; licenses: { licenseId: string; registered: boolean }[] };
    expect(listed.owner).toBe(getAddress(owner));
    expect(listed.licenses).toEqual([expect.objectContaining({ licenseId, registered: false })]);
  });

  it("registers the node with the daemon's keys from the environment and sets it online", async () => {
    env = { ...env, IFX_OPERATOR_KEY: operatorKey, IFX_ENCRYPTION_KEY: generatePrivateKey() };
    const registered = await ifx("node", "register", licenseId, "--price", PRICE);
    expect(registered.code, registered.err).toBe(0);
    expect(registered.out).toMatch(new RegExp(`registered worker node #${licenseId}: operator ${privateKeyToAddress(operatorKey)}, \\$0\\.01 per IBM, online`));
    const s = await status();
    expect(s).toMatchObject({ active: true, operator: privateKeyToAddress(operatorKey), eligibility: "stake below S(n)", eligible: false, stake: "0" });
    expect(BigInt(s.minStake!)).toBeGreaterThan(0n);
  });

  it("stakes S(n): the status says eligible; unstaking 1 IFX starts an unbonding and the node falls below S(n)", async () => {
    const { minStake } = await status();
    const staked = await ifx("stake", licenseId, formatEther(BigInt(minStake!)));
    expect(staked.code, staked.err).toBe(0);
    expect(staked.err).toMatch(/approving .* IFX for NodeStaking\.\.\.[\s\S]*staking on #\d+\.\.\./);
    expect(await status()).toMatchObject({ eligibility: "eligible", eligible: true, stake: minStake });
    expect((await ifx("node", "status", licenseId)).out).toMatch(new RegExp(`#${licenseId} worker node of ${getAddress(owner)}: eligible`));

    const unstaked = await ifx("unstake", licenseId, "1", "--json");
    expect(unstaked.code, unstaked.err).toBe(0);
    expect(JSON.parse(unstaked.out)).toMatchObject({ unbonding: (10n ** 18n).toString() });
    const after = await status();
    expect(after).toMatchObject({ eligibility: "stake below S(n)", unbonding: { amount: (10n ** 18n).toString() } });

    // Withdrawing before the unbonding period ends: the contract's error with its values, exit 1.
    const early = await ifx("withdraw", licenseId);
    expect(early.code).toBe(1);
    expect(early.err).toMatch(new RegExp(`\nifx: NodeStaking\\.withdraw reverted: StakeUnbondingNotDue\\(${licenseId}, ${getAddress(owner)}, ${after.unbonding.releaseAt}, \\d+\\)\\n$`));
  });

  it("prints reverts as the decoded custom error with its values (exit 1) and leaves no approval behind a refused buyback", async () => {
    const tooMuch = await ifx("unstake", licenseId, "1000000");
    expect(tooMuch.code).toBe(1);
    const { stake } = await status();
    expect(tooMuch.err.endsWith(`\nifx: NodeStaking.requestUnstake reverted: StakeExceedsStaked(${licenseId}, ${stake}, ${10n ** 24n})\n`)).toBe(true);
    const claim = await ifx("claim", licenseId);
    expect(claim.code).toBe(1);
    expect(claim.err.endsWith(`\nifx: EpochRewards.claim reverted: RewardsNothingToClaim(${licenseId})\n`)).toBe(true);
    const buyback = await ifx("buyback", licenseId, "--option", "a");
    expect(buyback.code).toBe(1);
    expect(buyback.err).toMatch(/^ifx: GuaranteedBuyback\.buyback reverted: BuybackOutsideWindow\(\d+, \d+, \d+\)\n$/);
    const contracts = protocolContracts(chain.deployment, { public: (await chain.connection.viem.getPublicClient()) as never });
    expect(await contracts.license.read.getApproved([BigInt(licenseId)])).toBe("0x0000000000000000000000000000000000000000");
    const rewards = JSON.parse((await ifx("rewards", "--json")).out) as { nodes: { licenseId: string; claimable: string }[]; total: string };
    expect(rewards).toMatchObject({ nodes: [{ licenseId, claimable: "0" }], total: "0" });
  });

  it("refuses bad input with exit 2 before touching the chain: malformed amounts, a missing key, a wrong kind", async () => {
    for (const amount of ["abc", "-1", "1e18", "0", "1.0000000000000000001"]) {
      const run = await ifx("stake", licenseId, amount);
      expect(run.code, `${amount}: ${run.err}`).toBe(2);
    }
    expect((await ifx("license", "buy", "--kind", "gpu")).code).toBe(2);
    const keyless = await runCli(["stake", licenseId, "1"], { IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile });
    expect([keyless.code, keyless.err]).toEqual([2, "ifx: no signing key: set IFX_PRIVATE_KEY, or IFX_KEYSTORE to a keystore file (ifx keystore new)\n"]);
    const badKey = await runCli(["stake", licenseId, "1"], { ...env, IFX_PRIVATE_KEY: "0x1234" });
    expect([badKey.code, badKey.err]).toEqual([2, "ifx: IFX_PRIVATE_KEY must be a 32-byte hex private key\n"]);
    const noRpc = await runCli(["params"], {});
    expect([noRpc.code, noRpc.err]).toEqual([2, "ifx: invalid configuration: rpcUrl: expected an http(s) JSON-RPC URL (set IFX_RPC_URL)\n"]);
    const topupTooPrecise = await ifx("topup", "1.0000001");
    expect([topupTooPrecise.code, topupTooPrecise.err]).toEqual([2, "ifx: the USD amount has at most 6 decimals, got \"1.0000001\"\n"]);
  });

  it("tops up ifxDollar credit 1:1 with the stablecoin", async () => {
    const run = await ifx("topup", "12.5", "--json");
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ account: getAddress(owner), paidStable: "12500000", balanceWad: (125n * 10n ** 17n).toString() });
    expect(run.err).toMatch(/approving 12\.5 USD for IFXDollar\.\.\.[\s\S]*topping up\.\.\./);
  });

  it("never prints a key", async () => {
    for (const argv of [["node", "status", licenseId], ["license", "list"], ["rewards"]]) {
      const run = await ifx(...argv);
      expect(run.out + run.err).not.toContain(ownerKey.slice(2));
      expect(run.out + run.err).not.toContain(operatorKey.slice(2));
    }
  });

  it("in the buyback window, sells the license back for IFX (option a) and claims it as it vests; a second sale is refused", async () => {
    const { viem, networkHelpers } = chain.connection;
    const contracts = protocolContracts(chain.deployment, { public: (await viem.getPublicClient()) as never });
    // The node works every epoch until the window opens (reported as EpochRewards does at each credit: it holds the role).
    const rewards = await actAsContract(chain.connection, chain.deployment.contracts.EpochRewards);
    const reporter = await viem.getContractAt("NodeRegistry", chain.deployment.contracts.NodeRegistry, { client: { wallet: await viem.getWalletClient(rewards) } });
    const [opensAt] = await contracts.buyback.read.window();
    while (BigInt(await networkHelpers.time.latest()) < opensAt) {
      await reporter.write.markActive([BigInt(licenseId)]);
      await networkHelpers.time.increase(3 * 24 * 3_600);
    }
    await ageOracles(chain.connection, chain.deployment);
    const sold = await ifx("buyback", licenseId, "--option", "a", "--json");
    expect(sold.code, sold.err).toBe(0);
    expect(sold.err).toMatch(new RegExp(`approving license #${licenseId} for the buyback\\.\\.\\.[\\s\\S]*selling license #${licenseId} back \\(option a\\)`));
    const result = JSON.parse(sold.out) as { ifxAmount: string; ethAmount: string; participationBps: string };
    expect(BigInt(result.ifxAmount)).toBeGreaterThan(0n);
    expect([result.ethAmount, BigInt(result.participationBps) > 6_670n]).toEqual(["0", true]);
    expect(getAddress(await contracts.license.read.ownerOf([BigInt(licenseId)]))).toBe(getAddress(chain.deployment.contracts.IFXTimelock));
    // Half-way through the 30 days, about half has vested; at the end, the rest.
    await networkHelpers.time.increase(15 * 24 * 3_600);
    const half = await ifx("buyback-claim", licenseId, "--json");
    expect(half.code, half.err).toBe(0);
    const first = JSON.parse(half.out) as { amount: string; released: string; total: string };
    expect(first.total).toBe(result.ifxAmount);
    expect(Number(BigInt(first.amount) * 1_000n / BigInt(first.total)) / 1_000).toBeCloseTo(0.5, 2);
    await networkHelpers.time.increase(16 * 24 * 3_600);
    const before = await contracts.token.read.balanceOf([owner]);
    const rest = await ifx("buyback-claim", licenseId);
    expect(rest.code, rest.err).toBe(0);
    const all = formatEther(BigInt(result.ifxAmount));
    expect(rest.out).toContain(`: ${all} of ${all} IFX released`);
    expect((await contracts.token.read.balanceOf([owner])) - before).toBe(BigInt(result.ifxAmount) - BigInt(first.amount));
    const again = await ifx("buyback", licenseId, "--option", "a");
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^ifx: GuaranteedBuyback\.buyback reverted: \w+\(/m);
  });
});
