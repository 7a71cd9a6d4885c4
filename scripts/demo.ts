/**
 * `npm run demo`: starts a local chain (Hardhat's in-process EDR), deploys the whole protocol through the deploy
 * module, runs the TGE, and prints the addresses and the allocation table. Then an artist tops up credits, a node
 * owner buys a license, registers, is benchmarked and stakes S(n), a render job runs through the money flow (escrow,
 * committee settlement, buy-and-burn, epoch minting, claims), and the DAO changes a parameter. Until the end-to-end issue lands, this is the
 * protocol's main job.
 */
import hre from "hardhat";
import { encodeFunctionData, getAddress, type Abi } from "viem";
import { paramKey } from "../keepers/chain/paramKeys.js";
import { deployProtocol, trancheName } from "./deploy/deployProtocol.js";
import { passProposalLocally } from "./governance/passProposalLocally.js";
import { prepareLocalVoter } from "./governance/prepareLocalVoter.js";
import { moneyFlow } from "./demo/moneyFlow.js";
import { nodeOwnerJourney } from "./demo/nodeOwnerJourney.js";
import { describeSchedule, formatIfx, renderTable } from "./lib/format.js";

const say = (line = "") => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const connection = await hre.network.connect();
  const { viem } = connection;
  say("Inferix demo: local chain, full deployment, TGE\n");
  const { deployment, file } = await deployProtocol(connection, { log: (m) => say(`  - ${m}`) });

  say(`\nChain ${deployment.chainId}, start block ${deployment.startBlock}, deployment file ${file}`);
  const rows = Object.entries({ ...deployment.contracts, ...deployment.external })
    .filter(([, v]) => typeof v === "string")
    .map(([name, address]) => [name, getAddress(String(address))]);
  say(renderTable(["contract", "address"], rows));

  const tge = await viem.getContractAt("TokenGenerationEvent", deployment.contracts.TokenGenerationEvent);
  const token = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken);
  const maxSupply = await token.read.MAX_SUPPLY();
  const table = await tge.read.allocations();
  const allocationRows = await Promise.all(
    table.map(async (row, i) => {
      const recipient = await tge.read.recipientOf([BigInt(i)]);
      const pct = (Number((row.amount * 10_000n) / maxSupply) / 100).toFixed(1);
      return [trancheName(row.name), `${pct}%`, formatIfx(row.amount), describeSchedule(row.tgeUnlockBps, row.cliffSeconds, row.linearSeconds), recipient];
    }),
  );
  const eco = await viem.getContractAt("EcosystemFund", deployment.contracts.EcosystemFund);
  allocationRows.push(["ecosystem", "50.0%", formatIfx(await eco.read.ALLOCATION()), "minted only by BMW, buyback, grants; 4-year unlock", eco.address]);
  say("\nTGE allocation (WP Fig. 17, Table II)");
  say(renderTable(["tranche", "share", "IFX", "schedule", "held by"], allocationRows));
  say(`total minted at TGE: ${formatIfx(await token.read.totalMinted())} IFX of ${formatIfx(maxSupply)} max`);

  // An artist tops up credits: 1 USD = 1 ifxDollar.
  const [, , , , , , , artist] = await viem.getWalletClients();
  const usd = await viem.getContractAt("DevStablecoin", deployment.external.stablecoin, { client: { wallet: artist! } });
  const credits = await viem.getContractAt("IFXDollar", deployment.contracts.IFXDollar, { client: { wallet: artist! } });
  await usd.write.faucet([artist!.account.address, 250_000_000n]);
  await usd.write.approve([credits.address, 250_000_000n]);
  await credits.write.topUp([artist!.account.address, 250_000_000n]);
  say(`\nArtist ${artist!.account.address} topped up 250 dUSD: ${formatIfx(await credits.read.balanceOf([artist!.account.address]))} ifxDollar`);

  // A node owner joins the network.
  for (const line of await nodeOwnerJourney(connection, deployment, 13)) say(line);

  // A render job's money flow: escrow, committee settlement, burn, epoch minting, claims.
  say("");
  for (const line of await moneyFlow(connection, deployment, 15, 16)) say(line);

  // The DAO changes E_p: the public-sale holder, fully vested after 7 months, delegates and passes a proposal.
  const { voter } = await prepareLocalVoter(connection, deployment);
  const abi = (await hre.artifacts.readArtifact("ParameterRegistry")).abi as Abi;
  const calldata = encodeFunctionData({ abi, functionName: "set", args: [paramKey("emissionRatePerIbm"), 2n * 10n ** 18n] });
  const proposal = await passProposalLocally(connection, deployment, voter, [{ target: deployment.contracts.ParameterRegistry, value: 0n, calldata }], "Raise E_p to 2 IFX per IBM");
  await proposal.execute();
  const params = await viem.getContractAt("ParameterRegistry", deployment.contracts.ParameterRegistry);
  say(`DAO proposal ${proposal.proposalId.toString().slice(0, 12)}... executed: E_p is now ${formatIfx(await params.read.emissionRatePerIbm())} IFX per IBM`);
  say("\nDemo complete.");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
