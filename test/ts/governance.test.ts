import hre from "hardhat";
import { encodeFunctionData, parseEventLogs, type Abi, type Address } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { rejection } from "./helpers/rejection.js";
import { decodeRevert } from "../../keepers/chain/decodeRevert.js";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { paramKey } from "../../keepers/chain/paramKeys.js";
import { simulateProposal } from "../../keepers/chain/simulateProposal.js";
import { deployProtocol } from "../../scripts/deploy/deployProtocol.js";
import { passProposalLocally } from "../../scripts/governance/passProposalLocally.js";
import { prepareLocalVoter } from "../../scripts/governance/prepareLocalVoter.js";

const IFX = 10n ** 18n;

describe("DAO governance end to end (Governor + Timelock + ParameterRegistry)", () => {
  let connection: Awaited<ReturnType<typeof hre.network.create>>;
  let deployment: Deployment;
  let voter: Address;
  let registryAbi: Abi;
  let abis: Abi[];

  beforeAll(async () => {
    connection = await hre.network.create();
    ({ deployment } = await deployProtocol(connection, { outDir: null }));
    const { viem } = connection;
    registryAbi = (await hre.artifacts.readArtifact("ParameterRegistry")).abi as Abi;
    abis = await Promise.all(
      ["IFXGovernor", "IFXTimelock", "ParameterRegistry"].map(async (n) => (await hre.artifacts.readArtifact(n)).abi as Abi),
    );
    // The public-sale tranche is fully vested after 3 + 4 months (WP Table II): its holder releases and delegates.
    ({ voter } = await prepareLocalVoter(connection, deployment));
    const token = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken);
    expect(await token.read.getVotes([voter])).toBe(30_000_000n * IFX);
  });

  const setEmissionRate = (value: bigint) => ({
    target: deployment.contracts.ParameterRegistry,
    value: 0n,
    calldata: encodeFunctionData({ abi: registryAbi, functionName: "set", args: [paramKey("emissionRatePerIbm"), value] }),
  });

  it("delegate, propose, vote, queue, execute: E_p changes", async () => {
    const { viem } = connection;
    const params = await viem.getContractAt("ParameterRegistry", deployment.contracts.ParameterRegistry);
    const governor = await viem.getContractAt("IFXGovernor", deployment.contracts.IFXGovernor);
    expect(await params.read.emissionRatePerIbm()).toBe(1n * IFX);

    const proposal = await passProposalLocally(connection, deployment, voter, [setEmissionRate(2n * IFX)], "E_p to 2 IFX/IBM");
    expect(await governor.read.state([proposal.proposalId])).toBe(5); // Queued
    const receipt = await proposal.execute();

    expect(await governor.read.state([proposal.proposalId])).toBe(7); // Executed
    expect(await params.read.emissionRatePerIbm()).toBe(2n * IFX);
    const changed = parseEventLogs({ abi: registryAbi, logs: receipt.logs, eventName: "ParameterChanged" });
    expect(changed).toHaveLength(1);
    expect(changed[0]!.args).toEqual({ key: paramKey("emissionRatePerIbm"), oldValue: 1n * IFX, newValue: 2n * IFX });
  });

  it("a proposal outside a parameter's bounds is refused with ParamsOutOfBounds, before the vote and at execution", async () => {
    const { viem } = connection;
    const params = await viem.getContractAt("ParameterRegistry", deployment.contracts.ParameterRegistry);
    const before = await params.read.emissionRatePerIbm();
    const action = setEmissionRate(1_001n * IFX);

    const publicClient = await viem.getPublicClient();
    const simulated = await simulateProposal(publicClient, deployment.contracts.IFXTimelock, [action], abis);
    expect(simulated?.revert?.errorName).toBe("ParamsOutOfBounds");
    expect(simulated?.revert?.args).toEqual([paramKey("emissionRatePerIbm"), 1_001n * IFX, 0n, 1_000n * IFX]);

    const proposal = await passProposalLocally(connection, deployment, voter, [action], "E_p out of bounds");
    const failure = await rejection(proposal.execute());
    const decoded = decodeRevert(failure, abis);
    expect(decoded?.message).toBe(
      `ParamsOutOfBounds(${paramKey("emissionRatePerIbm")}, ${1_001n * IFX}, 0, ${1_000n * IFX})`,
    );
    expect(await params.read.emissionRatePerIbm()).toBe(before);
  });

  it("nobody but the timelock can change a parameter", async () => {
    const { viem } = connection;
    const params = await viem.getContractAt("ParameterRegistry", deployment.contracts.ParameterRegistry);
    const failure = await rejection(params.write.set([paramKey("emissionRatePerIbm"), 3n * IFX]));
    expect(decodeRevert(failure, abis)?.errorName).toBe("OwnableUnauthorizedAccount");
  });

  it("refuses a proposal from an account below the proposal threshold, with its votes and the threshold", async () => {
    const { viem } = connection;
    const [, , , , , , , , , , , , , , nobody] = await viem.getWalletClients();
    const governor = await viem.getContractAt("IFXGovernor", deployment.contracts.IFXGovernor, {
      client: { wallet: nobody! },
    });
    const action = setEmissionRate(3n * IFX);
    const failure = await rejection(
      governor.write.propose([[action.target], [action.value], [action.calldata], "from nobody"]),
    );
    const decoded = decodeRevert(failure, abis);
    expect(decoded?.errorName).toBe("GovernorInsufficientProposerVotes");
    expect(decoded?.args.slice(1)).toEqual([0n, deployment.governance.proposalThreshold]);
  });
});
