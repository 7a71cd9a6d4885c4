/**
 * `npm run bench:gas`: the gas of the foundation's user-facing transactions on a local chain, written to
 * docs/gas-foundation.md. Gas is deterministic for a given compiler, optimizer and EVM version, so one run is exact.
 */
import hre from "hardhat";
import { encodeFunctionData, type Abi, type Hash, type TransactionReceipt } from "viem";
import { paramKey } from "../../keepers/chain/paramKeys.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { deployProtocol } from "../deploy/deployProtocol.js";
import { passProposalLocally } from "../governance/passProposalLocally.js";
import { prepareLocalVoter } from "../governance/prepareLocalVoter.js";
import { writeBenchDoc } from "../lib/writeBenchDoc.js";

const OUT = "docs/gas-foundation.md";

async function main(): Promise<void> {
  const connection = await hre.network.connect();
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  const mined = (hash: Promise<Hash>): Promise<TransactionReceipt> => waitForSuccess(publicClient, hash);
  const rows: string[][] = [];
  const record = (what: string, receipt: TransactionReceipt | bigint, note = "") =>
    rows.push([what, (typeof receipt === "bigint" ? receipt : receipt.gasUsed).toLocaleString("en-US"), note]);

  const { deployment } = await deployProtocol(connection, { outDir: null, executeTge: false });
  const endBlock = await publicClient.getBlockNumber();
  let deployGas = 0n;
  for (let b = deployment.startBlock + 1n; b <= endBlock; b++) deployGas += (await publicClient.getBlock({ blockNumber: b })).gasUsed;
  record("deploy the whole protocol (DEX, stablecoin, 8 contracts, role handover)", deployGas, `${endBlock - deployment.startBlock} transactions`);

  const tge = await viem.getContractAt("TokenGenerationEvent", deployment.contracts.TokenGenerationEvent);
  record("TGE: TokenGenerationEvent.execute()", await mined(tge.write.execute()), "8 tranches, 5 vesting wallets deployed");

  const wallets = await viem.getWalletClients();
  const artist = wallets[10]!;
  const usd = await viem.getContractAt("DevStablecoin", deployment.external.stablecoin, { client: { wallet: artist } });
  const credits = await viem.getContractAt("IFXDollar", deployment.contracts.IFXDollar, { client: { wallet: artist } });
  await mined(usd.write.faucet([artist.account.address, 1_000_000_000n]));
  await mined(usd.write.approve([credits.address, 1_000_000_000n]));
  record("credits: IFXDollar.topUp() (first for an account)", await mined(credits.write.topUp([artist.account.address, 100_000_000n])));
  record("credits: IFXDollar.topUp() (again)", await mined(credits.write.topUp([artist.account.address, 100_000_000n])));
  record("credits: IFXDollar.refund()", await mined(credits.write.refund([50_000_000n, artist.account.address])));

  const claim = deployment.airdrop.claims[0]!;
  const airdrop = await viem.getContractAt("MerkleAirdrop", deployment.contracts.MerkleAirdrop);
  record("airdrop: MerkleAirdrop.claim()", await mined(airdrop.write.claim([claim.account, claim.amount, claim.proof])), `proof of ${claim.proof.length}`);

  const { voter, receipts } = await prepareLocalVoter(connection, deployment);
  record("vesting: TrancheVestingWallet.release(token)", receipts.release);
  record("governance: IFXToken.delegate(self)", receipts.delegate);

  const abi = (await hre.artifacts.readArtifact("ParameterRegistry")).abi as Abi;
  const calldata = encodeFunctionData({ abi, functionName: "set", args: [paramKey("emissionRatePerIbm"), 2n * 10n ** 18n] });
  const direct = await publicClient.estimateGas({ account: deployment.contracts.IFXTimelock, to: deployment.contracts.ParameterRegistry, data: calldata });
  const proposal = await passProposalLocally(connection, deployment, voter, [{ target: deployment.contracts.ParameterRegistry, value: 0n, calldata }], "bench: E_p to 2");
  record("governance: IFXGovernor.propose() (one action)", proposal.receipts.propose);
  record("governance: IFXGovernor.castVote()", proposal.receipts.vote, "a vote");
  record("governance: IFXGovernor.queue()", proposal.receipts.queue);
  record("governance: IFXGovernor.execute() of a parameter change", await proposal.execute(), "governor + timelock + registry");
  record("parameter change alone: ParameterRegistry.set() from the timelock", direct, "estimate, incl. 21,000 base");

  await writeBenchDoc(OUT, "Gas of the foundation contracts", "Hardhat 3 in-process EDR (evm cancun), solc 0.8.28, optimizer 200 runs", ["transaction", "gas used", "note"], rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
