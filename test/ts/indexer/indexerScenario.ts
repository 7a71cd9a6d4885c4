import { rm } from "node:fs/promises";
import type { NetworkConnection } from "hardhat/types/network";
import { encodeFunctionData, parseEventLogs, type Address } from "viem";
import { epochRewardsAbi, parameterRegistryAbi } from "../../../keepers/chain/abis.generated.js";
import { paramKey } from "../../../keepers/chain/paramKeys.js";
import { moneyFlow } from "../../../scripts/demo/moneyFlow.js";
import { passProposalLocally } from "../../../scripts/governance/passProposalLocally.js";
import { prepareLocalVoter } from "../../../scripts/governance/prepareLocalVoter.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { startIndexer, type IndexerProcess } from "../../../scripts/lib/startIndexer.js";
import { ageOracles } from "../../../scripts/nodes/ageOracles.js";
import { serveLocalChain, type LocalChain } from "../helpers/serveLocalChain.js";
import { testBackends } from "../helpers/testDatabases.js";
import { actAsContract } from "../helpers/actAsContract.js";
import { buyLicenseWithEth, claimAirdrop, grantAction, sweepAirdropAction } from "../helpers/foundationEvents.js";
import { blacklistAction, disputeATask, resolveDisputeAction, unstakeQuarter, withdrawStake, type OpenDispute } from "../helpers/nodeLifecycle.js";

const IFX = 10n ** 18n;
const DAY = 86_400;
export const GRANT = 1_000n * IFX;
export const [OWNER, ARTIST] = [15, 16];

/** What the indexer's end-to-end test checks against the chain: the chain, the indexers and what the scenario did. */
export interface IndexerScenario {
  chain: LocalChain;
  /** The indexer restarted on its PGlite directory mid-scenario; `onServer` the same on PostgreSQL, when it answers. */
  indexer: IndexerProcess;
  onServer: IndexerProcess | undefined;
  databaseUrl: string | undefined;
  claimedByNode: Map<bigint, bigint>;
  owner: Address;
  artist: Address;
  airdropped: { account: Address; amount: bigint };
  net: LocalNetwork;
  disputed: OpenDispute;
  blacklisted: bigint;
  handedOn: Address;
  /** The verifier license sold back for IFX (option a) in the buy-back window; its vesting was claimed twice. */
  soldBack: bigint;
  close(): Promise<void>;
}

/**
 * The scenario through the real contracts: a local chain served over HTTP, the protocol deployed, the money flow of
 * a job, an airdrop claim, a license paid in ETH, a disputed task, an unstake; the indexer stopped (SIGTERM) after
 * indexing that, then a verifier's license sold back in the buy-back window (IFX vesting, half claimed), a DAO
 * proposal of five timelock calls, a withdrawal, the rest of the vesting claimed and a vesting wallet handed on; the
 * indexer restarted on the same database and a second one on PostgreSQL, both caught up. Whatever it started is
 * closed if it fails part way.
 */
export async function runIndexerScenario(): Promise<IndexerScenario> {
  let chain: LocalChain | undefined;
  let indexer: IndexerProcess | undefined;
  let onServer: IndexerProcess | undefined;
  let pgliteDir: string | undefined;
  let dropDatabases: (() => Promise<void>) | undefined;
  let net: LocalNetwork | undefined;
  const close = async () => {
    await onServer?.dispose();
    await dropDatabases?.();
    await indexer?.stop();
    if (pgliteDir !== undefined) await rm(pgliteDir, { recursive: true, force: true });
    await chain?.close();
  };
  try {
    chain = await serveLocalChain();
    const { connection, deployment: d } = chain;
    const publicClient = await connection.viem.getPublicClient();
    const owner = (await connection.viem.getWalletClients())[OWNER]!.account.address;
    const artist = (await connection.viem.getWalletClients())[ARTIST]!.account.address;
    // Four verifiers: a committee of three is still drawn for the disputed job after one is sold back (below).
    await moneyFlow(connection, d, OWNER, ARTIST, (started) => (net = started), 4);
    if (net === undefined) throw new Error("the money flow started no network");
    // Before time moves on below (six months to the buy-back window, then the voter's wait): within the airdrop's
    // deadline, and the ETH escrowed for a buy-back window still to come.
    const airdropped = await claimAirdrop(connection, d);
    await buyLicenseWithEth(connection, d, OWNER);
    // A worker unstaking a quarter of its stake.
    await unstakeQuarter(connection, net, net.workerIds[0]!);
    const blacklisted = net.verifierIds[2]!;

    // Index the money flow, stop (SIGTERM) mid-way through the scenario, and restart on the same database below.
    const schema = `e2e_${process.pid}`;
    const first = await startIndexer({ rpcUrl: chain.url, deploymentFile: chain.deploymentFile, schema });
    pgliteDir = first.pgliteDir;
    try {
      await first.caughtUp(await publicClient.getBlockNumber(), 90_000);
    } finally {
      await first.stop();
    }

    // The buy-back window opens six months after the TGE and lasts a week: before the voter's wait (seven months) below.
    const soldBack = net.verifierIds[0]!;
    const buyback = await sellBackForIfx(connection, net, soldBack);

    const { voter } = await prepareLocalVoter(connection, d);
    // A second job whose artist disputes a task and appeals, upheld by the DAO's proposal below: within the dispute's
    // resolution time (11 days), so after the voter's wait.
    const disputed = await disputeATask(connection, net);
    const calldata = encodeFunctionData({ abi: parameterRegistryAbi, functionName: "set", args: [paramKey("emissionRatePerIbm"), 2n * IFX] });
    // One proposal, five timelock calls: the parameter change, an ecosystem grant, the sweep of the unclaimed airdrop,
    // the dispute upheld and a verifier blacklisted.
    const actions = [
      { target: d.contracts.ParameterRegistry, value: 0n, calldata }, grantAction(d, artist, GRANT, "e2e grant"), sweepAirdropAction(d, d.contracts.IFXTimelock),
      resolveDisputeAction(d, disputed), blacklistAction(d, blacklisted),
    ];
    const proposal = await passProposalLocally(connection, d, voter, actions, "E_p to 2 IFX/IBM");
    await proposal.execute();
    await withdrawStake(connection, net, net.workerIds[0]!, owner); // months after the request: long unbonded
    await net.mined(buyback.write.claimVested([soldBack])); // over 30 days after the sale: the rest of the vesting
    // The public-sale holder hands its vesting wallet on to the artist: the wallet's beneficiary follows its owner.
    const tgeContract = await connection.viem.getContractAt("TokenGenerationEvent", d.contracts.TokenGenerationEvent);
    const publicSaleWallet = await tgeContract.read.recipientOf([3n]); // tranche 3, as prepareLocalVoter finds it
    const vesting = await connection.viem.getContractAt("TrancheVestingWallet", publicSaleWallet, { client: { wallet: await connection.viem.getWalletClient(voter) } });
    await net.mined(vesting.write.transferOwnership([artist]));
    const handedOn = publicSaleWallet;

    const logs = await publicClient.getLogs({ address: d.contracts.EpochRewards, fromBlock: d.startBlock });
    const claimedByNode = new Map<bigint, bigint>();
    for (const log of parseEventLogs({ abi: epochRewardsAbi, logs, eventName: "RewardsClaimed" })) {
      claimedByNode.set(log.args.licenseId, (claimedByNode.get(log.args.licenseId) ?? 0n) + log.args.amount);
    }
    // The restart, and beside it a second indexer on the machine's PostgreSQL (when it answers), both catching up.
    const databases = await testBackends("indexer");
    dropDatabases = databases.dropAll;
    const server = databases.backends.find((b) => b.config.url !== undefined)!;
    const head = await publicClient.getBlockNumber();
    indexer = await startIndexer({ rpcUrl: chain.url, deploymentFile: chain.deploymentFile, schema, pgliteDir });
    if (server.available) onServer = await startIndexer({ rpcUrl: chain.url, deploymentFile: chain.deploymentFile, schema, databaseUrl: server.config.url! });
    const databaseUrl = server.config.url;
    await Promise.all([indexer.caughtUp(head, 90_000), onServer?.caughtUp(head, 90_000)]);
    return { chain, indexer, onServer, databaseUrl, claimedByNode, owner, artist, airdropped, net, disputed, blacklisted, handedOn, soldBack, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A node's license sold back under the guaranteed buy-back, for IFX (option a): the node is marked active every epoch
 * (by the market's reporter role, as settlements would) until the window opens, so that its participation is over
 * 66.7%; the oracles are aged so that the IFX TWAP prices the sale; half the vesting is claimed 15 days on. The
 * license must be a verifier's or a manager's: it holds no stake (a buy-back unbonds the stake, one more stake change).
 */
async function sellBackForIfx(connection: NetworkConnection<string>, net: LocalNetwork, licenseId: bigint) {
  const { viem, networkHelpers } = connection;
  const d = net.d;
  const holder = await viem.getWalletClient(net.owner);
  // EpochRewards holds the registry's reporter role (participation at each credit): the scenario acts as it.
  const rewards = await actAsContract(connection, d.contracts.EpochRewards);
  const reporter = await viem.getContractAt("NodeRegistry", d.contracts.NodeRegistry, { client: { wallet: await viem.getWalletClient(rewards) } });
  const buyback = await viem.getContractAt("GuaranteedBuyback", d.contracts.GuaranteedBuyback, { client: { wallet: holder } });
  const epochSeconds = Number(await (await viem.getContractAt("ParameterRegistry", d.contracts.ParameterRegistry)).read.epochLengthSeconds());
  const [opensAt] = await buyback.read.window();
  while (BigInt(await networkHelpers.time.latest()) < opensAt) {
    await net.mined(reporter.write.markActive([licenseId]));
    await networkHelpers.time.increase(epochSeconds);
  }
  await ageOracles(connection, d);
  const license = await viem.getContractAt("NodeLicense", d.contracts.NodeLicense, { client: { wallet: holder } });
  await net.mined(license.write.approve([d.contracts.GuaranteedBuyback, licenseId]));
  await net.mined(buyback.write.buyback([licenseId, 0]));
  await networkHelpers.time.increase(15 * DAY);
  await net.mined(buyback.write.claimVested([licenseId]));
  return buyback;
}
