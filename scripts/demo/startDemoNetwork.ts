import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import type { EngineId } from "../../keepers/engines/index.js";
import { prepareLocalVoter } from "../governance/prepareLocalVoter.js";
import { LocalNetwork } from "../lib/localNetwork.js";
import { localKey, serveLocalChain, type LocalChain } from "../lib/serveLocalChain.js";
import { spawnDaemon, type DaemonProcess } from "../lib/spawnDaemon.js";
import { startIndexer, type IndexerProcess } from "../lib/startIndexer.js";
import { demoCli } from "./demoCli.js";
import { joinNodeOwner } from "./joinNodeOwner.js";
import { runDishonestWorker, type DishonestWorker } from "./runDishonestWorker.js";

/** Local accounts of the demo's people (Hardhat's test mnemonic): keys of a local chain only. */
export const DEMO_ACCOUNTS = { voter: 4, nodeOwner: 13, artist: 14, bank: 15, secondNodeOwner: 16 } as const;

export interface DemoNetwork {
  chain: LocalChain;
  net: LocalNetwork;
  dir: string;
  indexer: IndexerProcess;
  manager: DaemonProcess;
  managerUrl: string;
  daemons: DaemonProcess[];
  honestWorkers: bigint[];
  dishonest: { id: bigint; worker: DishonestWorker };
  /** Each node owner's key and licenses (a node's rewards are claimed by its license's holder). */
  owners: { key: Hex; licenseIds: bigint[] }[];
  /** Starts the two honest workers' daemons (after the dishonest one has taken a task: see renderAnimation). */
  startHonestWorkers(): Promise<void>;
  voter: Address;
  stop(): Promise<void>;
}

export interface DemoNetworkOptions {
  dir: string;
  engine: EngineId;
  say: (line: string) => void;
  /** Where the `ifx` commands the second node owner runs are echoed. */
  write: (text: string) => void;
}

/**
 * Everything the demo runs, started in order (README "Running the network"): a chain over HTTP JSON-RPC with the
 * protocol deployed and the TGE done, the public-sale holder's tokens vested and delegated (the DAO's voter later),
 * a node owner's licenses, stakes and registrations (one manager, three verifiers, two workers), a second node owner
 * who joins with a worker through the `ifx` commands (joinNodeOwner), the indexer, and
 * every daemon as its own `ifx ... start` process: the manager and three verifiers with the spot re-render; the third
 * worker is the dishonest one (runDishonestWorker). The two honest workers' daemons start when the caller says so:
 * the demo lets the dishonest worker take the job's first task alone, so the cheat is caught in every run (tasks are
 * marked and assigned one at a time, and with three live workers a job of a few tasks can miss the cheat entirely).
 */
export async function startDemoNetwork(o: DemoNetworkOptions): Promise<DemoNetwork> {
  const chain = await serveLocalChain();
  try {
    return await startOnChain(chain, o);
  } catch (error) {
    await chain.close();
    throw error;
  }
}

async function startOnChain(chain: LocalChain, o: DemoNetworkOptions): Promise<DemoNetwork> {
  const d = chain.deployment;
  o.say(`chain ${d.chainId} at ${chain.url}: ${Object.keys(d.contracts).length} contracts deployed, TGE done, IFX/USD Uniswap V2 pool ${d.external.ifxStablePair}`);
  // Seven months on, the public sale is vested: its holder delegates its votes to itself for the DAO step.
  const { voter } = await prepareLocalVoter(chain.connection, d);
  // The bank account stands for "the artist" of LocalNetwork (credits for benchmarks); the demo's artist tops up itself.
  const net = new LocalNetwork(chain.connection, d, privateKeyToAddress(localKey(DEMO_ACCOUNTS.nodeOwner)), privateKeyToAddress(localKey(DEMO_ACCOUNTS.bank)));
  await net.start(3, [24_000n, 24_000n]);
  o.say(`node owner ${net.owner}: licenses bought, nodes registered; manager ${net.managerId}, verifiers ${net.verifierIds.join(", ")}, workers ${net.workerIds.join(", ")} (each staked 2 x S(n))`);
  const ifx = demoCli({ IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile }, o.write);
  const second = await joinNodeOwner(chain, ifx, localKey(DEMO_ACCOUNTS.secondNodeOwner), o.say);
  // Blocks every second, as on a live chain (a committee is drawn from a block mined after its job's).
  await chain.rpc("evm_setIntervalMining", [1_000]);

  const daemons: DaemonProcess[] = [];
  const stopAll: (() => Promise<unknown>)[] = [];
  const indexer = await startIndexer({ rpcUrl: chain.url, deploymentFile: chain.deploymentFile, schema: "inferix" });
  stopAll.push(() => indexer.dispose());
  try {
    const configFile = join(o.dir, "manager.json");
    // Faster keeper rounds than a real network needs: the demo moves time by days and wants the keeper to follow.
    await writeFile(configFile, JSON.stringify({ loops: { epochMs: 2_000, settleMs: 1_000 } }));
    const manager = spawnDaemon("manager", {
      IFX_RPC_URL: chain.url, IFX_DEPLOYMENT: chain.deploymentFile, IFX_MANAGER_ID: net.managerId.toString(), IFX_PRIVATE_KEY: net.operatorKeys.get(net.managerId)!,
      IFX_POR_SECRET: keccak256(toHex(`demo-${Date.now()}`)), IFX_DATA_DIR: join(o.dir, "manager"), IFX_LISTEN_PORT: "0", IFX_CONFIG: configFile,
      IFX_TASK_TIMEOUT_SECONDS: "120", IFX_DRAIN_GRACE_SECONDS: "5",
    });
    daemons.push(manager);
    const managerUrl = (await manager.waitFor((l) => l["msg"] === "manager started", 120_000))["url"] as string;
    const [w1, cheat] = net.workerIds as [bigint, bigint];
    const w2 = second.licenseId;
    const operatorKeyOf = (id: bigint) => (id === w2 ? second.operatorKey : net.operatorKeys.get(id)!);
    const nodeEnv = (id: bigint, role: string): Record<string, string> => ({
      IFX_MANAGER_URL: managerUrl, IFX_CHAIN_ID: String(d.chainId), IFX_NODE_ID: id.toString(), IFX_DATA_DIR: join(o.dir, `${role}-${id}`),
      IFX_PRIVATE_KEY: operatorKeyOf(id), IFX_POLL_SECONDS: "0.5", IFX_DRAIN_GRACE_SECONDS: "5",
    });
    for (const id of net.verifierIds) {
      daemons.push(spawnDaemon("verifier", {
        ...nodeEnv(id, "verifier"), IFX_MARKET_ADDRESS: d.contracts.JobMarket, IFX_RPC_URL: chain.url, IFX_START_BLOCK: d.startBlock.toString(), IFX_SPOT_CHECK: "true", IFX_VERIFIER_SECRET: keccak256(toHex(`demo-spot-${id}-${Date.now()}`)),
      }));
    }
    await Promise.all(daemons.slice(1).map((p) => p.waitFor((l) => l["msg"] === "verifier started", 120_000)));
    const startHonestWorkers = async () => {
      const blender = process.env["INFERIX_BLENDER"] ? { INFERIX_BLENDER: process.env["INFERIX_BLENDER"] } : {};
      const workers = [w1, w2].map((id) => spawnDaemon("worker", { ...nodeEnv(id, "worker"), ...blender, IFX_ENGINES: o.engine, IFX_SLOTS: "1", IFX_THREADS: "1", IFX_HEARTBEAT_SECONDS: "1" }));
      daemons.push(...workers);
      await Promise.all(workers.map((p) => p.waitFor((l) => l["msg"] === "worker started", 120_000)));
    };
    const cheatDir = join(o.dir, `dishonest-worker-${cheat}`);
    await mkdir(cheatDir, { recursive: true });
    const worker = await runDishonestWorker({ url: managerUrl, chainId: d.chainId, nodeId: cheat, operator: net.operators.get(cheat)! }, cheatDir, o.engine);
    stopAll.push(() => worker.stop());
    o.say(`manager ${managerUrl}; verifiers ${net.verifierIds.join(", ")} (spot re-render on); worker ${cheat} dishonest (1-spp renders), honest workers ${w1} and ${w2} join once it has a task; indexer ${indexer.url}`);
    return {
      chain, net, dir: o.dir, indexer, manager, managerUrl, daemons, honestWorkers: [w1, w2], dishonest: { id: cheat, worker }, voter, startHonestWorkers,
      owners: [
        { key: localKey(DEMO_ACCOUNTS.nodeOwner), licenseIds: [net.managerId, ...net.verifierIds, ...net.workerIds] },
        { key: localKey(DEMO_ACCOUNTS.secondNodeOwner), licenseIds: [w2] },
      ],
      stop: async () => {
        await Promise.all(daemons.map((p) => p.stop(10_000).catch(() => {})));
        for (const stop of stopAll.reverse()) await stop().catch(() => {});
        await chain.close();
      },
    };
  } catch (error) {
    await Promise.all(daemons.map((p) => p.kill().catch(() => {})));
    for (const stop of stopAll.reverse()) await stop().catch(() => {});
    throw error; // the chain is closed by the caller
  }
}
