import hre from "hardhat";
import { getAddress, parseEther, type Abi, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeRevert } from "../../keepers/chain/decodeRevert.js";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { sceneKey } from "../../keepers/chain/paramKeys.js";
import { swapStableForIfx } from "../../keepers/chain/swapStableForIfx.js";
import { deployProtocol, runTge } from "../../scripts/deploy/deployProtocol.js";
import { DEFAULT_TIERS } from "../../scripts/deploy/localDefaults.js";
import { protocolClients } from "../../scripts/deploy/protocolClients.js";
import { seedLocalPools } from "../../scripts/deploy/seedLocalPools.js";
import { ageOracles } from "../../scripts/nodes/ageOracles.js";
import { rejection } from "./helpers/rejection.js";

const USD = 10n ** 18n;
const WORKER = 0;
const DAY = 86_400;

/**
 * A node owner's whole journey on a local chain with real Uniswap V2 pools: whitelist purchase in ETH before TGE,
 * a public purchase at a later tier in dUSD, registration, benchmark, staking exactly S(n), a slash, unbonding, and
 * both buyback options in the window.
 */
describe("nodes end to end", () => {
  let connection: Awaited<ReturnType<typeof hre.network.create>>;
  let d: Deployment;
  let abis: Abi[];
  let alice: Address; // whitelisted
  let bob: Address; // public sale
  let market: Address; // the JobMarket contract, impersonated: it alone may slash
  let rewards: Address; // the EpochRewards contract, impersonated: it reports participation
  let aliceLicense: bigint;
  let bobLicense: bigint;
  let paidWei: bigint;

  const contract = async <N extends "NodeLicense" | "NodeRegistry" | "NodeStaking" | "PenaltyPool" | "GuaranteedBuyback" | "DevStablecoin" | "IFXToken" | "ParameterRegistry">(
    name: N,
    address: Address,
    as?: Address,
  ) => {
    const { viem } = connection;
    return as ? viem.getContractAt(name, address, { client: { wallet: await viem.getWalletClient(as) } }) : viem.getContractAt(name, address);
  };

  beforeAll(async () => {
    connection = await hre.network.create();
    const tiers = { ...DEFAULT_TIERS, worker: [{ size: 1n, usdPriceWad: 500n * USD }, { size: 10n, usdPriceWad: 800n * USD }] };
    ({ deployment: d } = await deployProtocol(connection, { outDir: null, executeTge: false, licenseTiers: tiers }));
    const wallets = await connection.viem.getWalletClients();
    alice = getAddress(d.licenseWhitelist.claims[0]!.account);
    bob = getAddress(wallets[13]!.account.address);
    // Protocol roles are held by contracts only (the deploy revokes the market's stand-in account): the test acts as them.
    market = d.contracts.JobMarket;
    rewards = d.contracts.EpochRewards;
    for (const address of [market, rewards]) {
      await connection.networkHelpers.impersonateAccount(address);
      await connection.networkHelpers.setBalance(address, 10n ** 20n);
    }
    abis = await Promise.all(
      ["NodeLicense", "NodeRegistry", "NodeStaking", "GuaranteedBuyback", "EcosystemFund"].map(
        async (n) => (await hre.artifacts.readArtifact(n)).abi as Abi,
      ),
    );
  });

  it("whitelist phase: buys a worker license in ETH at a 20% discount, 80% escrowed for the buyback", async () => {
    await ageOracles(connection, d);
    const license = await contract("NodeLicense", d.contracts.NodeLicense, alice);
    const [usdPrice, tier, , weiAmount] = await license.read.quote([WORKER, true]);
    expect(usdPrice).toBe(400n * USD);
    expect(tier).toBe(0n);
    // $400 at the WETH/dUSD TWAP of $3,000 per ETH.
    expect(weiAmount).toBe((400n * USD * 10n ** 18n + 3_000n * USD - 1n) / (3_000n * USD));
    const claim = d.licenseWhitelist.claims[0]!;
    const publicClient = await connection.viem.getPublicClient();
    const treasuryBefore = await publicClient.getBalance({ address: d.contracts.IFXTimelock });
    await license.write.buyWhitelisted([WORKER, true, claim.amount, claim.proof], { value: weiAmount + parseEther("1") });
    aliceLicense = 1n;
    paidWei = weiAmount;
    const record = await license.read.licenseOf([aliceLicense]);
    expect(record).toMatchObject({ kind: WORKER, tier: 0, whitelisted: true, usdPriceWad: 400n * USD, amountPaid: weiAmount });
    const buyback = await contract("GuaranteedBuyback", d.contracts.GuaranteedBuyback);
    expect(await buyback.read.escrowOf([aliceLicense])).toBe((weiAmount * 8_000n) / 10_000n);
    expect((await publicClient.getBalance({ address: d.contracts.IFXTimelock })) - treasuryBefore).toBe(
      weiAmount - (weiAmount * 8_000n) / 10_000n,
    );
    const publicSale = await rejection(license.write.buy([WORKER, false]));
    expect(decodeRevert(publicSale, abis)?.errorName).toBe("LicensePublicSaleNotOpen");
  });

  it("public sale from TGE: the next license is at the later tier, paid in dUSD", async () => {
    const clients = await protocolClients(connection);
    Object.assign(d.tge, await runTge(clients, d));
    await seedLocalPools(connection, d);
    await ageOracles(connection, d);
    const usd = await contract("DevStablecoin", d.external.stablecoin, bob);
    await usd.write.faucet([bob, 1_000_000_000n]);
    await usd.write.approve([d.contracts.NodeLicense, 1_000_000_000n]);
    const license = await contract("NodeLicense", d.contracts.NodeLicense, bob);
    await license.write.buy([WORKER, false]);
    bobLicense = 2n;
    const record = await license.read.licenseOf([bobLicense]);
    expect(record).toMatchObject({ tier: 1, whitelisted: false, usdPriceWad: 800n * USD, amountPaid: 800_000_000n });
    expect(getAddress(record.payToken)).toBe(d.external.stablecoin);
    const closed = await rejection((await contract("NodeLicense", d.contracts.NodeLicense, alice)).write.buyWhitelisted([WORKER, false, 2n, d.licenseWhitelist.claims[0]!.proof]));
    expect(decodeRevert(closed, abis)?.errorName).toBe("LicenseWhitelistClosed");
  });

  it("registers both nodes with operator and encryption keys; a manager posts their IB in one batch", async () => {
    const wallets = await connection.viem.getWalletClients();
    for (const [owner, id, operatorIndex] of [[alice, aliceLicense, 14], [bob, bobLicense, 15]] as const) {
      const registry = await contract("NodeRegistry", d.contracts.NodeRegistry, owner);
      const encryptionKey = privateKeyToAccount(generatePrivateKey()).publicKey; // 65-byte secp256k1 key for ECIES
      await registry.write.register([id, wallets[operatorIndex]!.account.address, encryptionKey, 5n * 10n ** 16n, "ipfs://node"]);
      const asOperator = await contract("NodeRegistry", d.contracts.NodeRegistry, wallets[operatorIndex]!.account.address);
      await asOperator.write.setActive([id, true]);
    }
    const registry = await contract("NodeRegistry", d.contracts.NodeRegistry, d.deployer);
    const room = sceneKey("inferix/room"); // T_G^0 = 12,000 ms locally
    await registry.write.postBenchmarks([[
      { licenseId: aliceLicense, sceneId: room, frameTimeMs: 24_000n },
      { licenseId: bobLicense, sceneId: room, frameTimeMs: 12_000n },
    ]]);
    expect((await registry.read.node([aliceLicense])).ibWad).toBe(5n * 10n ** 17n);
    expect((await registry.read.node([bobLicense])).ibWad).toBe(10n ** 18n);
  });

  it("stakes exactly S(n) bought on the DEX; one wei less is rejected with the stake and the minimum", async () => {
    const { viem } = connection;
    const publicClient = await viem.getPublicClient();
    const aliceWallet = await viem.getWalletClient(alice);
    const usd = await contract("DevStablecoin", d.external.stablecoin, alice);
    await usd.write.faucet([alice, 1_000_000_000n]);
    const bought = await swapStableForIfx(publicClient as never, aliceWallet as never, d, 1_000_000_000n);
    expect(bought > 0n).toBe(true);
    await ageOracles(connection, d); // the swap moved the price: let the TWAP settle on the new one
    const staking = await contract("NodeStaking", d.contracts.NodeStaking, alice);
    // S(n) = 2 x 4320 x 0.5 IB x $0.05 = $216
    expect(await staking.read.minStakeUsdWad([aliceLicense])).toBe(216n * USD);
    const minimum = await staking.read.minStake([aliceLicense]);
    expect(bought > minimum).toBe(true);
    const token = await contract("IFXToken", d.contracts.IFXToken, alice);
    await token.write.approve([d.contracts.NodeStaking, bought]);
    await staking.write.stake([aliceLicense, minimum - 1n]);
    const short = await rejection(staking.read.requireEligible([aliceLicense, 0n]));
    expect(decodeRevert(short, abis)?.message).toBe(`StakeNotEligible(${aliceLicense}, 6, ${minimum - 1n}, ${minimum})`);
    await staking.write.stake([aliceLicense, 1n]);
    await staking.read.requireEligible([aliceLicense, 0n]);
    expect(await staking.read.eligibility([aliceLicense, 6n * 10n ** 17n])).toBe(5); // IB 0.5 below a 0.6 floor
  });

  it("a rejected task slashes 10% of the stake into the penalty pool", async () => {
    const staking = await contract("NodeStaking", d.contracts.NodeStaking, market);
    const before = await staking.read.stakeOf([aliceLicense]);
    await staking.write.slash([aliceLicense]);
    const pool = await contract("PenaltyPool", d.contracts.PenaltyPool);
    expect(await pool.read.totalSlashed()).toBe(before / 10n);
    expect(await staking.read.stakeOf([aliceLicense])).toBe(before - before / 10n);
    const registry = await contract("NodeRegistry", d.contracts.NodeRegistry);
    expect((await registry.read.node([aliceLicense])).rejectionsInEpoch).toBe(1);
  });

  it("unbonds through the unbonding period", async () => {
    const staking = await contract("NodeStaking", d.contracts.NodeStaking, alice);
    const token = await contract("IFXToken", d.contracts.IFXToken);
    const amount = (await staking.read.stakeOf([aliceLicense])) / 2n;
    await staking.write.requestUnstake([aliceLicense, amount]);
    const early = await rejection(staking.write.withdraw([aliceLicense, alice]));
    expect(decodeRevert(early, abis)?.errorName).toBe("StakeUnbondingNotDue");
    const params = await contract("ParameterRegistry", d.contracts.ParameterRegistry);
    await connection.networkHelpers.time.increase(await params.read.unbondingPeriodSeconds());
    const before = await token.read.balanceOf([alice]);
    await staking.write.withdraw([aliceLicense, alice]);
    expect((await token.read.balanceOf([alice])) - before).toBe(amount);
  });

  it("in the buyback window: option (b) pays 80% of the ETH at once, option (a) the USD price in IFX over 30 days", async () => {
    const { viem, networkHelpers } = connection;
    const publicClient = await viem.getPublicClient();
    const buyback = await contract("GuaranteedBuyback", d.contracts.GuaranteedBuyback);
    const reporter = await contract("NodeRegistry", d.contracts.NodeRegistry, rewards);
    const [opensAt] = await buyback.read.window();
    // Both nodes work every epoch until the window opens.
    while (BigInt(await networkHelpers.time.latest()) < opensAt) {
      await reporter.write.markActive([aliceLicense]);
      await reporter.write.markActive([bobLicense]);
      await networkHelpers.time.increase(3 * DAY);
    }
    await ageOracles(connection, d);
    const [eligible, participation] = await buyback.read.eligibility([aliceLicense]);
    expect(eligible).toBe(true);
    expect(participation > 6_670n).toBe(true);

    const aliceLicenseContract = await contract("NodeLicense", d.contracts.NodeLicense, alice);
    await aliceLicenseContract.write.approve([d.contracts.GuaranteedBuyback, aliceLicense]);
    const ethBefore = await publicClient.getBalance({ address: alice });
    const hash = await (await contract("GuaranteedBuyback", d.contracts.GuaranteedBuyback, alice)).write.buyback([aliceLicense, 1]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const gasCost = receipt.gasUsed * receipt.effectiveGasPrice;
    expect((await publicClient.getBalance({ address: alice })) + gasCost - ethBefore).toBe((paidWei * 8_000n) / 10_000n);
    expect(getAddress(await aliceLicenseContract.read.ownerOf([aliceLicense]))).toBe(d.contracts.IFXTimelock);

    const bobLicenseContract = await contract("NodeLicense", d.contracts.NodeLicense, bob);
    await bobLicenseContract.write.approve([d.contracts.GuaranteedBuyback, bobLicense]);
    const asBob = await contract("GuaranteedBuyback", d.contracts.GuaranteedBuyback, bob);
    await asBob.write.buyback([bobLicense, 0]);
    const vesting = await buyback.read.vestingOf([bobLicense]);
    const ifxOracle = await viem.getContractAt("UniswapV2TwapOracle", d.contracts.IfxUsdOracle);
    expect(vesting.total).toBe((800n * USD * 10n ** 18n) / (await ifxOracle.read.usdPriceWad()));
    const token = await contract("IFXToken", d.contracts.IFXToken);
    const before = await token.read.balanceOf([bob]);
    await networkHelpers.time.increase(30 * DAY);
    await asBob.write.claimVested([bobLicense]);
    expect((await token.read.balanceOf([bob])) - before).toBe(vesting.total);
    const again = await rejection(asBob.write.buyback([bobLicense, 0]));
    expect(decodeRevert(again, abis)?.errorName).toMatch(/BuybackOutsideWindow|BuybackAlreadyDone/);
  });
});
