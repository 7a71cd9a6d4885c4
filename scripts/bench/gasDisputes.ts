import type { NetworkConnection } from "hardhat/types/network";
import { parseEventLogs, type Address, type TransactionReceipt } from "viem";
import { jobDisputesAbi } from "../../keepers/chain/abis.generated.js";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { LocalNetwork } from "../lib/localNetwork.js";

const WAD = 10n ** 18n;
const VERIFIER = 1;

/**
 * `npm run bench:gas` (disputes): the gas of a dispute judged without the DAO, each step paid by whoever takes it: the
 * artist opens it, anyone draws the panel (three verifiers outside the job's committee, who join first), two panel
 * members vote (the second vote rules), anyone finalizes after the appeal window (the dismissal spends the bond and
 * the held fee, and credits the manager the task's work). Rows: [what, gas, note].
 */
export async function measureDisputes(connection: NetworkConnection<string>, d: Deployment, net: LocalNetwork): Promise<[string, bigint, string][]> {
  const { viem, networkHelpers } = connection;
  net.verifierIds.push(...(await net.join(VERIFIER, 3)));
  const job = await net.openJob(10n * WAD, 2);
  const outcomes = LocalNetwork.outcomes(2, net.workerIds.slice(0, 2), 5n * WAD);
  const { tree } = await net.settle(job.jobId, 0n, job.committee, outcomes);
  const disputed = outcomes[1]!;
  const as = async (who: Address) => viem.getContractAt("JobDisputes", d.contracts.JobDisputes, { client: { wallet: await viem.getWalletClient(who) } });
  const { proof: result } = await net.resultProof(job.jobId, disputed);
  const key = [job.jobId, 0n, disputed.taskIndex] as const;
  const rows: [string, bigint, string][] = [];
  const gas = (what: string, r: TransactionReceipt, note: string) => void rows.push([what, r.gasUsed, note]);
  gas("JobDisputes.openDispute()", await net.mined((await as(net.artist)).write.openDispute([job.jobId, 0n, disputed, tree.proof(disputed.taskIndex), job.committee, net.roots.get(job.jobId)!, result])), "trail and Merkle proof, the worker's signed result, the task's fee held, bond");
  await networkHelpers.mine(2);
  const draw = await net.mined((await as(net.owner)).write.drawPanel([...key, job.committee]));
  gas("JobDisputes.drawPanel(), 3 seats", draw, "future block hash, the job's committee left out");
  const [drawn] = parseEventLogs({ abi: jobDisputesAbi, logs: draw.logs, eventName: "DisputePanelDrawn" });
  const panel = drawn!.args.panel;
  for (const seat of [0, 1]) {
    const operator = panel[seat]!.operator;
    await networkHelpers.impersonateAccount(operator); // the panel member's own key sends its vote
    await networkHelpers.setBalance(operator, 10n ** 18n);
    gas(`JobDisputes.vote(), ${seat === 0 ? "first vote" : "the vote that rules"}`, await net.mined((await as(operator)).write.vote([...key, panel, BigInt(seat), false])), seat === 0 ? "one bit per seat" : "a strict majority: the ruling recorded");
  }
  await networkHelpers.time.increase(86_400 + 1);
  gas("JobDisputes.finalize(), dismissed", await net.mined((await as(net.owner)).write.finalize(key)), "bond and held fee spent, the manager credited the task's work");
  return rows;
}
