/**
 * `npm run bench:gas` (second part): the gas of the node owner's transactions and of an IB batch of 100 nodes, on a
 * local chain with real Uniswap V2 pools, written to docs/gas-nodes.md. Gas is deterministic for a given build.
 */
import { writeFile } from "node:fs/promises";
import hre from "hardhat";
import { getAddress, parseEther, type Address, type Hash, type TransactionReceipt } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { sceneKey } from "../../keepers/chain/paramKeys.js";
import { swapStableForIfx } from "../../keepers/chain/swapStableForIfx.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { deployProtocol, runTge } from "../deploy/deployProtocol.js";
import { protocolClients } from "../deploy/protocolClients.js";
import { seedLocalPools } from "../deploy/seedLocalPools.js";
import { writeBenchDoc } from "../lib/writeBenchDoc.js";
import { ageOracles } from "../nodes/ageOracles.js";

const OUT = "docs/gas-nodes.md";
const BATCH = 100;
const WORKER = 0;

async function main(): Promise<void> {
  const connection = await hre.network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const mined = (hash: Promise<Hash>): Promise<TransactionReceipt> => waitForSuccess(publicClient, hash);
  const rows: string[][] = [];
  const record = (what: string, gas: bigint, note = "") => rows.push([what, gas.toLocaleString("en-US"), note]);
  const { deployment: d } = await deployProtocol(connection, { outDir: null, executeTge: false });
  const wallets = await viem.getWalletClients();
  const as = async <N extends "NodeLicense" | "NodeRegistry" | "NodeStaking" | "GuaranteedBuyback" | "DevStablecoin" | "IFXToken">(name: N, address: Address, who: Address) =>
    viem.getContractAt(name, address, { client: { wallet: await viem.getWalletClient(who) } });

  // Whitelist purchase in ETH, before TGE.
  await ageOracles(connection, d);
  const claim = d.licenseWhitelist.claims[0]!;
  const alice = getAddress(claim.account);
  const aliceLicense = await as("NodeLicense", d.contracts.NodeLicense, alice);
  const [, , , wei] = await aliceLicense.read.quote([WORKER, true]);
  record("NodeLicense.buyWhitelisted() in ETH", (await mined(aliceLicense.write.buyWhitelisted([WORKER, true, claim.amount, claim.proof], { value: wei + parseEther("0.01") }))).gasUsed, "Merkle proof, TWAP, 80% escrow, refund");

  Object.assign(d.tge, await runTge(await protocolClients(connection), d));
  await seedLocalPools(connection, d);
  await ageOracles(connection, d);

  // The fleet owner buys BATCH licenses in dUSD and registers BATCH nodes.
  const owner = getAddress(wallets[13]!.account.address);
  const usd = await as("DevStablecoin", d.external.stablecoin, owner);
  await mined(usd.write.faucet([owner, 1_000_000_000_000n]));
  await mined(usd.write.approve([d.contracts.NodeLicense, 2n ** 255n]));
  const license = await as("NodeLicense", d.contracts.NodeLicense, owner);
  const registry = await as("NodeRegistry", d.contracts.NodeRegistry, owner);
  const ids: bigint[] = [];
  const purchases: bigint[] = [];
  const registrations: bigint[] = [];
  for (let i = 0; i < BATCH; i++) {
    purchases.push((await mined(license.write.buy([WORKER, false]))).gasUsed);
    const id = BigInt(i + 2);
    ids.push(id);
    const operator = privateKeyToAccount(generatePrivateKey());
    registrations.push((await mined(registry.write.register([id, operator.address, operator.publicKey, 5n * 10n ** 16n, "ipfs://node"]))).gasUsed);
  }
  record("NodeLicense.buy() in dUSD", median(purchases), `median of ${BATCH}`);
  record("NodeRegistry.register()", median(registrations), `median of ${BATCH}, 65-byte key, short URI`);

  const manager = await as("NodeRegistry", d.contracts.NodeRegistry, d.deployer);
  const room = sceneKey("inferix/room");
  const batch = (ms: bigint) => ids.map((licenseId) => ({ licenseId, sceneId: room, frameTimeMs: ms }));
  const first = (await mined(manager.write.postBenchmarks([batch(24_000n)]))).gasUsed;
  record(`NodeRegistry.postBenchmarks(): first IB of ${BATCH} nodes, per node`, first / BigInt(BATCH), `batch total ${first.toLocaleString("en-US")}`);
  await networkHelpers.time.increase(3 * 86_400);
  const later = (await mined(manager.write.postBenchmarks([batch(20_000n)]))).gasUsed;
  record(`NodeRegistry.postBenchmarks(): IB update of ${BATCH} nodes, per node`, later / BigInt(BATCH), `batch total ${later.toLocaleString("en-US")}, next epoch`);

  // Stake, slash, unbond.
  const ownerWallet = await viem.getWalletClient(owner);
  const ifx = await swapStableForIfx(publicClient as never, ownerWallet as never, d, 10_000_000_000n);
  await ageOracles(connection, d);
  const token = await as("IFXToken", d.contracts.IFXToken, owner);
  await mined(token.write.approve([d.contracts.NodeStaking, ifx]));
  const staking = await as("NodeStaking", d.contracts.NodeStaking, owner);
  const id = ids[0]!;
  record("NodeStaking.stake() (first)", (await mined(staking.write.stake([id, await staking.read.minStake([id])]))).gasUsed);
  // Only the protocol's contracts hold its roles: the bench acts as the JobMarket (slasher) and EpochRewards (reporter).
  for (const address of [d.contracts.JobMarket, d.contracts.EpochRewards]) {
    await networkHelpers.impersonateAccount(address);
    await networkHelpers.setBalance(address, 10n ** 20n);
  }
  const market = await as("NodeStaking", d.contracts.NodeStaking, d.contracts.JobMarket);
  record("NodeStaking.slash()", (await mined(market.write.slash([id]))).gasUsed, "stake -> penalty pool, rejection recorded");
  record("NodeStaking.requestUnstake()", (await mined(staking.write.requestUnstake([id, 1n]))).gasUsed);

  // Buybacks: both options in the window, after both nodes worked every epoch.
  const reporter = await as("NodeRegistry", d.contracts.NodeRegistry, d.contracts.EpochRewards);
  const aliceRegistry = await as("NodeRegistry", d.contracts.NodeRegistry, alice);
  const aliceOperator = privateKeyToAccount(generatePrivateKey());
  await mined(aliceRegistry.write.register([1n, aliceOperator.address, aliceOperator.publicKey, 5n * 10n ** 16n, ""]));
  const buyback = await viem.getContractAt("GuaranteedBuyback", d.contracts.GuaranteedBuyback);
  const [opensAt] = await buyback.read.window();
  const markGas: bigint[] = [];
  while (BigInt(await networkHelpers.time.latest()) < opensAt) {
    markGas.push((await mined(reporter.write.markActive([1n]))).gasUsed);
    await mined(reporter.write.markActive([id]));
    await networkHelpers.time.increase(3 * 86_400);
  }
  record("NodeRegistry.markActive() (participation)", median(markGas), "once per node per epoch");
  await ageOracles(connection, d);
  await mined(aliceLicense.write.approve([d.contracts.GuaranteedBuyback, 1n]));
  record("GuaranteedBuyback.buyback() option (b), ETH", (await mined((await as("GuaranteedBuyback", d.contracts.GuaranteedBuyback, alice)).write.buyback([1n, 1]))).gasUsed, "80% of the ETH paid, at once");
  await mined(license.write.approve([d.contracts.GuaranteedBuyback, id]));
  const ownerBuyback = await as("GuaranteedBuyback", d.contracts.GuaranteedBuyback, owner);
  record("GuaranteedBuyback.buyback() option (a), IFX", (await mined(ownerBuyback.write.buyback([id, 0]))).gasUsed, "TWAP, mint from the fund, 30-day vesting, stake to unbonding");
  await networkHelpers.time.increase(15 * 86_400);
  record("GuaranteedBuyback.claimVested()", (await mined(ownerBuyback.write.claimVested([id]))).gasUsed);

  await writeFile("docs/gas-nodes.json", `${JSON.stringify(Object.fromEntries(rows.map(([what, used]) => [what, Number(used!.replace(/,/g, ""))])), null, 2)}\n`);
  await writeBenchDoc(OUT, "Gas of the node contracts", "Hardhat 3 in-process EDR (evm cancun), solc 0.8.28, optimizer 200 runs, real Uniswap V2 pools", ["transaction", "gas used", "note"], rows);
}

function median(values: bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor(sorted.length / 2)]!;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
