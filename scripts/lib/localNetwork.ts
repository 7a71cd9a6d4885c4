import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, keccak256, parseEventLogs, toHex, type Abi, type Address, type Hash, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { sceneKey } from "../../keepers/chain/paramKeys.js";
import { swapStableForIfx } from "../../keepers/chain/swapStableForIfx.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { settlementOf, slashedOutcomes, type TaskOutcome } from "../../keepers/market/taskOutcomes.js";
import { feeOf, marketDomain, quoteTypes, settlementTypes, taskResultTypedData, toCompactWords, type Quote, type Seat } from "../../keepers/market/typedData.js";
import { ageOracles } from "../nodes/ageOracles.js";

const [WORKER, VERIFIER, MANAGER] = [0, 1, 2] as const;
const PRICE = 5n * 10n ** 16n;
/** Nodes per benchmark transaction: well inside a block (about 40k gas per node on a first benchmark). */
const BENCHMARK_BATCH = 200;

/**
 * A running network on a local chain for benchmarks: one owner's manager, verifiers and workers, each with an
 * operator key held here so jobs can be quoted and settled as the daemons will.
 */
export class LocalNetwork {
  readonly operators = new Map<bigint, PrivateKeyAccount>();
  /** The operators' private keys, for daemons started with them (IFX_PRIVATE_KEY). */
  readonly operatorKeys = new Map<bigint, Hex>();
  managerId = 0n;
  readonly verifierIds: bigint[] = [];
  readonly workerIds: bigint[] = [];
  private jobs = 0;
  private marketAbi: Abi | undefined;
  /** Per job, the roots settled so far: a later settlement and a dispute hash them into the job's trail. */
  readonly roots = new Map<Hex, Hex[]>();

  constructor(
    private readonly connection: NetworkConnection<string>,
    readonly d: Deployment,
    readonly owner: Address,
    readonly artist: Address,
  ) {}

  private async as<N extends "NodeLicense" | "NodeRegistry" | "NodeStaking" | "JobMarket" | "IFXDollar" | "DevStablecoin" | "IFXToken">(name: N, address: Address, who: Address) {
    const { viem } = this.connection;
    return viem.getContractAt(name, address, { client: { wallet: await viem.getWalletClient(who) } });
  }

  async mined(hash: Promise<Hash>) {
    return waitForSuccess(await this.connection.viem.getPublicClient(), hash);
  }

  /** Buys and registers `count` nodes of `kind`; workers are benchmarked in batches (24 s a frame: 0.5 IB). */
  async join(kind: number, count: number, frameTimeMs = 24_000n): Promise<bigint[]> {
    const license = await this.as("NodeLicense", this.d.contracts.NodeLicense, this.owner);
    const registry = await this.as("NodeRegistry", this.d.contracts.NodeRegistry, this.owner);
    const ids: bigint[] = [];
    for (let i = 0; i < count; i++) {
      await this.mined(license.write.buy([kind, false]));
      const id = await license.read.tokenOfOwnerByIndex([this.owner, (await license.read.balanceOf([this.owner])) - 1n]);
      const key = generatePrivateKey();
      const operator = privateKeyToAccount(key);
      this.operators.set(id, operator);
      this.operatorKeys.set(id, key);
      // Daemons send transactions from their operator key (draws, settlements, keeper duties): gas money.
      await this.connection.networkHelpers.setBalance(operator.address, 10n ** 20n);
      await this.mined(registry.write.register([id, operator.address, operator.publicKey, kind === WORKER ? PRICE : 0n, ""]));
      await this.mined(registry.write.setActive([id, true]));
      ids.push(id);
    }
    if (kind === WORKER) {
      const manager = await this.as("NodeRegistry", this.d.contracts.NodeRegistry, this.d.deployer);
      for (let i = 0; i < ids.length; i += BENCHMARK_BATCH) {
        const batch = ids.slice(i, i + BENCHMARK_BATCH);
        await this.mined(manager.write.postBenchmarks([batch.map((licenseId) => ({ licenseId, sceneId: sceneKey("inferix/room"), frameTimeMs }))]));
      }
    }
    return ids;
  }

  /**
   * Manager, `verifiers` verifiers, one worker per entry of `workerFrameTimesMs` (its benchmark) staked at twice
   * S(n), and 1,000,000 ifxDollar for the artist.
   */
  async start(verifiers: number, workerFrameTimesMs: readonly bigint[]): Promise<void> {
    const { viem } = this.connection;
    await ageOracles(this.connection, this.d);
    const usd = await this.as("DevStablecoin", this.d.external.stablecoin, this.owner);
    for (let i = 0; i < 20; i++) await this.mined(usd.write.faucet([this.owner, 1_000_000_000_000n]));
    await this.mined(usd.write.approve([this.d.contracts.NodeLicense, 2n ** 255n]));
    [this.managerId] = (await this.join(MANAGER, 1)) as [bigint];
    this.verifierIds.push(...(await this.join(VERIFIER, verifiers)));
    for (const frameTimeMs of workerFrameTimesMs) this.workerIds.push(...(await this.join(WORKER, 1, frameTimeMs)));
    const workers = workerFrameTimesMs.length;
    const publicClient = await viem.getPublicClient();
    const ownerWallet = await viem.getWalletClient(this.owner);
    const ifx = await swapStableForIfx(publicClient as never, ownerWallet as never, this.d, BigInt(workers) * 2_000_000_000n);
    await ageOracles(this.connection, this.d);
    const token = await this.as("IFXToken", this.d.contracts.IFXToken, this.owner);
    await this.mined(token.write.approve([this.d.contracts.NodeStaking, ifx]));
    const staking = await this.as("NodeStaking", this.d.contracts.NodeStaking, this.owner);
    for (const id of this.workerIds) await this.mined(staking.write.stake([id, (await staking.read.minStake([id])) * 2n]));
    const artistUsd = await this.as("DevStablecoin", this.d.external.stablecoin, this.artist);
    await this.mined(artistUsd.write.faucet([this.artist, 1_000_000_000_000n]));
    await this.mined(artistUsd.write.approve([this.d.contracts.IFXDollar, 2n ** 255n]));
    const credits = await this.as("IFXDollar", this.d.contracts.IFXDollar, this.artist);
    await this.mined(credits.write.topUp([this.artist, 1_000_000_000_000n]));
  }

  /** Creates a job of `workWad` IBM quoted by the manager; returns its id, the createJob receipt and the committee. */
  async openJob(workWad: bigint, taskCount: number) {
    const now = BigInt(await this.connection.networkHelpers.time.latest());
    const jobId = keccak256(toHex(`bench-job-${++this.jobs}`));
    const quote: Quote = {
      jobId, artist: this.artist, sceneCid: keccak256(toHex("scene")), frameStart: 1, frameEnd: taskCount * 5, taskCount,
      workWad, pricePerIbmWad: PRICE, fee: feeOf(workWad, PRICE), ibFloorWad: 0n, keysCommitment: keccak256(toHex("keys")),
      expiry: now + 3_600n, deadline: now + 3n * 86_400n, managerId: this.managerId,
    };
    const signature = await this.operators.get(this.managerId)!.signTypedData({ domain: marketDomain(this.d.chainId, this.d.contracts.JobMarket), types: quoteTypes, primaryType: "Quote", message: quote });
    const market = await this.as("JobMarket", this.d.contracts.JobMarket, this.artist);
    const create = await this.mined(market.write.createJob([quote, signature]));
    await this.connection.networkHelpers.mine(2);
    const draw = await this.mined(market.write.drawCommittee([jobId]));
    this.marketAbi ??= (await hre.artifacts.readArtifact("JobMarket")).abi as Abi;
    const [drawn] = parseEventLogs({ abi: this.marketAbi, logs: draw.logs, eventName: "CommitteeDrawn" });
    const { committee: seats, committeeHash } = drawn!.args as { committee: readonly Seat[]; committeeHash: Hex };
    return { jobId, committee: [...seats], committeeHash, create, draw };
  }

  /**
   * Settles a job's task outcomes as its committee would: the outcome tree's root, the accepted work per worker and the
   * rejected tasks, signed by the first `signers` committee members' operator keys, with the job's earlier roots.
   * Returns the receipt, the tree (for dispute proofs), the signers and the paid work.
   */
  async settle(jobId: Hex, settlementIndex: bigint, committee: readonly Seat[], outcomes: readonly TaskOutcome[], signers = 2) {
    const { settlement, paidWorkWad: paidWork, tree } = settlementOf(outcomes);
    const signerIds = committee.slice(0, signers).map((seat) => seat.verifierId);
    const signatures = await Promise.all(
      signerIds.map((id) => this.operators.get(id)!.signTypedData({ domain: marketDomain(this.d.chainId, this.d.contracts.JobMarket), types: settlementTypes, primaryType: "Settlement", message: { jobId, settlementIndex, ...settlement } })),
    );
    // The first `signers` seats signed: their bits, and their compact signatures in seat order.
    const committeeSignatures = { seats: (1n << BigInt(signers)) - 1n, compact: signatures.flatMap(toCompactWords) };
    const market = await this.as("JobMarket", this.d.contracts.JobMarket, this.owner); // anyone may submit
    const priorRoots = this.roots.get(jobId) ?? [];
    // Each rejection proven by its worker's own signed result of the task (JobMarket refuses a rejection without it).
    const proofs = await Promise.all(slashedOutcomes(outcomes).map(async (o) => (await this.resultProof(jobId, o)).proof));
    const receipt = await this.mined(market.write.settle([jobId, settlement, committee, priorRoots, committeeSignatures, proofs]));
    this.roots.set(jobId, [...priorRoots, tree.root]);
    return { receipt, tree, signerIds, paidWork };
  }

  /** The outcome worker's own signed result of its task (EIP-712 `TaskResult`), as a dispute or a rejection proves it. */
  async resultProof(jobId: Hex, o: TaskOutcome) {
    const signature = await this.operators.get(o.workerId)!.signTypedData(taskResultTypedData(this.d.chainId, this.d.contracts.JobMarket, jobId, o.taskIndex, o.resultCid));
    const [r, vs] = toCompactWords(signature);
    return { signature, proof: { resultCid: o.resultCid, r, vs } };
  }

  /** `tasks` accepted outcomes of `workWadPerTask` each, dealt round-robin to `workers`. */
  static outcomes(tasks: number, workers: readonly bigint[], workWadPerTask: bigint): TaskOutcome[] {
    return Array.from({ length: tasks }, (_, i) => ({
      taskIndex: i,
      workerId: workers[i % workers.length]!,
      resultCid: keccak256(toHex(`frames-${i}`)),
      accepted: true,
      workWad: workWadPerTask,
    }));
  }

  get ownerAddress(): Address {
    return getAddress(this.owner);
  }
}
