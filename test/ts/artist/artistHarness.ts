import type { AddressInfo } from "node:net";
import { pino } from "pino";
import type { Chain, PublicClient, Transport } from "viem";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import type { ManagerApiDeps } from "../../../keepers/manager/api/managerApiDeps.js";
import { createManagerServer } from "../../../keepers/manager/http/createManagerServer.js";
import { recordHeartbeat } from "../../../keepers/manager/store/recordHeartbeat.js";
import type { ContentStore } from "../../../keepers/storage/contentStore.js";
import { createHeliaStore } from "../../../keepers/storage/heliaStore.js";
import type { LocalNetwork } from "../../../scripts/lib/localNetwork.js";
import { cleanup, tempDir } from "../storage/storageHelpers.js";

export const WAD = 10n ** 18n;

export interface ArtistManager {
  url: string;
  db: OpenDatabase["db"];
  store: ContentStore;
  /** What the server was built with, for an in-process API over the same database, store and identity. */
  deps: ManagerApiDeps & { store: ContentStore };
  /** A GraphQL call as any client makes it. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<{ data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] }>;
  close(): Promise<void>;
}

/**
 * A manager's HTTP server (API, gateway, uploads) over a real chain's deployment: it quotes with the network's manager
 * key, dates quotes by the chain's clock, and has no node view (artist operations need none).
 */
export async function startArtistManager(net: LocalNetwork, d: Deployment, publicClient: PublicClient<Transport, Chain>, options: { maxSceneBytes?: number } = {}): Promise<ArtistManager> {
  const [storeDir, cacheDir] = await Promise.all([tempDir("inferix-artist-"), tempDir("inferix-scenes-")]);
  const open = await openDatabase({});
  const store = await createHeliaStore({ dir: storeDir });
  const deps: ManagerApiDeps & { store: ContentStore } = {
    db: open.db, chainId: d.chainId, nodeView: async () => null, nonces: new NonceWindow(), verdictThreshold: 2, logger: pino({ level: process.env["DEBUG_API"] ? "info" : "silent" }), store,
    quoting: {
      identity: { managerId: net.managerId, operator: net.operators.get(net.managerId)!, porSecret: new Uint8Array(32).fill(7), chainId: d.chainId, market: d.contracts.JobMarket },
      managerIbWad: WAD / 2n, sceneCacheDir: cacheDir, chainSeconds: async () => Number((await publicClient.getBlock()).timestamp),
    },
  };
  const server = createManagerServer({ ...deps, ...(options.maxSceneBytes ? { maxSceneBytes: options.maxSceneBytes } : {}) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, db: open.db, store, deps,
    graphql: async (query, variables = {}) => {
      const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as never;
    },
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await Promise.all([store.close(), open.close()]);
      await cleanup(storeDir, cacheDir);
    },
  };
}

/** Workers heartbeating to the manager: the network's real ones at the given prices, plus ones no quote may count. */
export async function heartbeatWorkers(db: OpenDatabase["db"], workers: readonly { id: bigint; price: bigint; ib: bigint }[]): Promise<void> {
  for (const w of workers) {
    await recordHeartbeat(db, { workerId: w.id, operator: "0x0000000000000000000000000000000000000001", engines: ["pathtracer"], slots: 2, pricePerIbmWad: w.price, ibWad: w.ib, eligible: true });
  }
  // Not live (seen an hour ago), not eligible, not rendering glTF: none of them prices a pathtracer quote.
  await recordHeartbeat(db, { workerId: 9001n, operator: "0x02", engines: ["pathtracer"], slots: 1, pricePerIbmWad: 1n, ibWad: WAD, eligible: true }, new Date(Date.now() - 3_600_000));
  await recordHeartbeat(db, { workerId: 9002n, operator: "0x03", engines: ["pathtracer"], slots: 1, pricePerIbmWad: 1n, ibWad: WAD, eligible: false });
  await recordHeartbeat(db, { workerId: 9003n, operator: "0x04", engines: ["blender"], slots: 1, pricePerIbmWad: 1n, ibWad: WAD, eligible: true });
}
