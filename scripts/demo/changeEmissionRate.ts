import type { DemoCli } from "./demoCli.js";
import { advanceChain } from "./closeDemoEpoch.js";
import type { DemoNetwork } from "./startDemoNetwork.js";

/**
 * A DAO member's walkthrough (README "Walkthrough: a DAO member"), every step the real `ifx gov` command: propose a new
 * E_p (WP eq. 10: the IFX minted per IBM of work, read at each epoch's close, so it applies from the next epoch on),
 * vote for it with the delegated public-sale votes, queue it in the timelock and execute it once its delay has passed.
 * The voting delay, period and timelock delay pass by local time travel.
 */
export async function changeEmissionRate(n: DemoNetwork, ifx: DemoCli, voterEnv: Record<string, string>, newRate: string): Promise<{ proposalId: string; newValueWad: string }> {
  const g = n.chain.deployment.governance;
  const as = { as: voterEnv };
  const { proposalId } = await ifx<{ proposalId: string }>(["gov", "propose", "--param", "emissionRatePerIbm", "--value", newRate, "--description", `E_p to ${newRate} IFX per IBM from the next epoch`, "--json"], as);
  await advanceChain(n, BigInt(g.votingDelaySeconds) + 1n);
  await ifx(["gov", "vote", proposalId, "for", "--json"], as);
  await advanceChain(n, BigInt(g.votingPeriodSeconds) + 1n);
  await ifx(["gov", "queue", proposalId, "--json"], as);
  await advanceChain(n, BigInt(g.timelockDelaySeconds) + 1n);
  await ifx(["gov", "execute", proposalId, "--json"], as);
  const { parameters } = await ifx<{ parameters: { name: string; value: string }[] }>(["params", "--json"], as);
  return { proposalId, newValueWad: parameters.find((p) => p.name === "emissionRatePerIbm")!.value };
}
