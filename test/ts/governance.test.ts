import hre from "hardhat";
import { encodeFunctionData, getAddress, parseEventLogs, type Abi, type Address } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { rejection } from "./helpers/rejection.js";
import { decodeRevert } from "../../keepers/chain/decodeRevert.js";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { paramKey } from "../../keepers/chain/paramKeys.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
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

/**
 * Quorum at TGE: most of the 500M minted sits in vesting wallets and the treasury, which cannot vote. The quorum is
 * 4% of the supply that can vote, so the holders of the tranches unlocked at TGE can act, and a holder of the proposal
 * threshold alone cannot.
 */
describe("DAO governance at TGE: quorum on the votable supply", () => {
  let connection: Awaited<ReturnType<typeof hre.network.create>>;
  let deployment: Deployment;
  let registryAbi: Abi;

  beforeAll(async () => {
    connection = await hre.network.create();
    ({ deployment } = await deployProtocol(connection, { outDir: null }));
    registryAbi = (await hre.artifacts.readArtifact("ParameterRegistry")).abi as Abi;
  });

  const setEmissionRate = (value: bigint) => ({
    target: deployment.contracts.ParameterRegistry,
    value: 0n,
    calldata: encodeFunctionData({ abi: registryAbi, functionName: "set", args: [paramKey("emissionRatePerIbm"), value] }),
  });

  it("the holders of the tranches unlocked at TGE pass a proposal; quorum is 4% of what can vote, not of 500M", async () => {
    const { viem, networkHelpers } = connection;
    const publicClient = await viem.getPublicClient();
    const tge = await viem.getContractAt("TokenGenerationEvent", deployment.contracts.TokenGenerationEvent);
    const token = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken);
    const governor = await viem.getContractAt("IFXGovernor", deployment.contracts.IFXGovernor);
    // KOLs and public sale: 10% unlocked at TGE, released by their holders (2M + 3M); the public-sale holder delegates.
    for (const [index, holder] of [[2n, deployment.tge.holders.kol!], [3n, deployment.tge.holders.publicSale!]] as const) {
      const wallet = await viem.getWalletClient(holder);
      const vesting = await viem.getContractAt("TrancheVestingWallet", await tge.read.recipientOf([index]), { client: { wallet } });
      await waitForSuccess(publicClient, vesting.write.release([deployment.contracts.IFXToken]));
    }
    const voter = getAddress(deployment.tge.holders.publicSale!);
    const asVoter = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken, { client: { wallet: await viem.getWalletClient(voter) } });
    await waitForSuccess(publicClient, asVoter.write.delegate([voter]));
    expect(await token.read.getVotes([voter])).toBe(3_000_000n * IFX);
    await networkHelpers.mine();

    const now = BigInt(await networkHelpers.time.latest());
    const votable = await token.read.getPastVotableSupply([now - 1n]);
    expect(await token.read.getPastTotalSupply([now - 1n])).toBe(500_000_000n * IFX);
    // The liquidity holder's 6M (the 1M in the IFX pool counts: the pool is not flagged) and the 5M just released;
    // the airdrop is unclaimed.
    expect(votable).toBe(11_000_000n * IFX);
    expect(await governor.read.quorum([now - 1n])).toBe(440_000n * IFX);

    const proposal = await passProposalLocally(connection, deployment, voter, [setEmissionRate(2n * IFX)], "E_p to 2 at TGE");
    await proposal.execute();
    const params = await viem.getContractAt("ParameterRegistry", deployment.contracts.ParameterRegistry);
    expect(await params.read.emissionRatePerIbm()).toBe(2n * IFX);
  });

  it("a holder of the proposal threshold alone reaches no quorum: the proposal is defeated", async () => {
    const { viem, networkHelpers } = connection;
    const publicClient = await viem.getPublicClient();
    const wallets = await viem.getWalletClients();
    const small = getAddress(wallets[16]!.account.address);
    const liquidity = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken, { client: { wallet: await viem.getWalletClient(deployment.tge.holders.liquidity!) } });
    await waitForSuccess(publicClient, liquidity.write.transfer([small, deployment.governance.proposalThreshold]));
    const asSmall = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken, { client: { wallet: wallets[16]! } });
    await waitForSuccess(publicClient, asSmall.write.delegate([small]));
    await networkHelpers.mine();
    const failure = await rejection(passProposalLocally(connection, deployment, small, [setEmissionRate(3n * IFX)], "E_p to 3 alone"));
    const abis = await Promise.all(["IFXGovernor"].map(async (n) => (await hre.artifacts.readArtifact(n)).abi as Abi));
    expect(decodeRevert(failure, abis)?.errorName).toBe("GovernorUnexpectedProposalState"); // defeated: not queueable
  });
});
