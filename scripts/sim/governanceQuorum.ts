/**
 * `npm run sim:governance`: what it takes to pass a DAO proposal at TGE, 6 months and 2 years after it. Deploys the
 * whole protocol on a local chain (deployProtocol's defaults: the TGE runs, the local pools are seeded), then at each
 * point in time releases every vesting wallet's vested tokens to its beneficiary and has the airdrop claimed (holders
 * who want to vote do both), and reads the token's total and votable supply and the governor's quorum and proposal
 * threshold at that moment. Writes docs/governance.md.
 *
 * To pass a proposal alone, an attacker needs the proposal threshold to propose, and For votes at least the quorum
 * with nobody voting against: max(threshold, quorum) delegated before the snapshot.
 */
import hre from "hardhat";
import type { Address, Hash } from "viem";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { waitForSuccess } from "../../keepers/chain/waitForSuccess.js";
import { deployProtocol } from "../deploy/deployProtocol.js";
import { formatIfx, renderTable } from "../lib/format.js";
import { writeBenchDocument } from "../lib/writeBenchDoc.js";

const OUT = "docs/governance.md";
const MONTH = (365n * 86_400n) / 12n;
const POINTS = [
  { label: "TGE", afterTge: 0n },
  { label: "TGE + 6 months", afterTge: 6n * MONTH },
  { label: "TGE + 2 years", afterTge: 24n * MONTH },
] as const;

interface Reading {
  label: string;
  totalSupply: bigint;
  votable: bigint;
  quorum: bigint;
  threshold: bigint;
  quorumOnTotal: bigint;
}

const percent = (part: bigint, whole: bigint): string => (whole === 0n ? "-" : `${(Number((part * 1_000_000n) / whole) / 10_000).toFixed(2)}%`);

async function main(): Promise<void> {
  const connection = await hre.network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const { deployment: d } = await deployProtocol(connection, { outDir: null });
  const token = await viem.getContractAt("IFXToken", d.contracts.IFXToken);
  const governor = await viem.getContractAt("IFXGovernor", d.contracts.IFXGovernor);
  const airdrop = await viem.getContractAt("MerkleAirdrop", d.contracts.MerkleAirdrop);
  const send = (hash: Promise<Hash>) => waitForSuccess(publicClient, hash);

  for (const claim of d.airdrop.claims) await send(airdrop.write.claim([claim.account, claim.amount, claim.proof]));
  const readings: Reading[] = [];
  for (const point of POINTS) {
    const at = d.tge.executedAt + point.afterTge;
    if (BigInt(await networkHelpers.time.latest()) < at) await networkHelpers.time.increaseTo(at);
    await releaseVested(connection, d);
    await networkHelpers.mine();
    const snapshot = BigInt(await networkHelpers.time.latest()) - 1n;
    const totalSupply = await token.read.getPastTotalSupply([snapshot]);
    const numerator = await governor.read["quorumNumerator"]([snapshot]);
    const denominator = await governor.read.quorumDenominator();
    readings.push({
      label: point.label,
      totalSupply,
      votable: await token.read.getPastVotableSupply([snapshot]),
      quorum: await governor.read.quorum([snapshot]),
      threshold: await governor.read.proposalThreshold(),
      quorumOnTotal: (totalSupply * numerator) / denominator,
    });
  }

  const header = [
    "when", "total supply (IFX)", "can vote (IFX)", "quorum (IFX)", "proposal threshold (IFX)",
    "to pass alone (IFX)", "of the votable supply", "of the total supply", "quorum on the total supply (before)",
  ];
  const rows = readings.map((r) => {
    const alone = r.quorum > r.threshold ? r.quorum : r.threshold;
    return [
      r.label, formatIfx(r.totalSupply), formatIfx(r.votable), formatIfx(r.quorum), formatIfx(r.threshold),
      formatIfx(alone), percent(alone, r.votable), percent(alone, r.totalSupply),
      `${formatIfx(r.quorumOnTotal)}${r.quorumOnTotal > r.votable ? " (unreachable)" : ""}`,
    ];
  });
  const table = renderTable(header, rows, true);
  await writeBenchDocument({
    file: OUT,
    title: "Governance: quorum on the supply that can vote",
    command: "npm run sim:governance",
    facts: [
      ["chain", "Hardhat local chain (EDR), the whole protocol deployed by deployProtocol with its defaults"],
      ["governor", `quorum ${d.governance.quorumPercent}% of the votable supply at the snapshot, proposal threshold ${formatIfx(d.governance.proposalThreshold)} IFX, voting delay ${d.governance.votingDelaySeconds / 86_400} day, period ${d.governance.votingPeriodSeconds / 86_400} days, timelock ${d.governance.timelockDelaySeconds / 86_400} days`],
    ],
    body: [
      table,
      [
        "How to read it:",
        "",
        "- *can vote*: the total supply minus the balances of the holders flagged non-voting on the token (IIFXToken,",
        "  \"Votable supply\"): the TGE's vesting wallets, the DAO treasury (the timelock), the airdrop contract, the",
        "  IFX/stablecoin pool, staking, the penalty pool, the buyback, epoch rewards and the burn. At each point every",
        "  vesting wallet's vested tokens have been released to their beneficiaries and the local airdrop's claims made",
        "  (3 x 1,000 IFX; the rest of the 3M tranche has no local claimant and stays in the flagged contract): the most",
        "  that can vote then.",
        "- *to pass alone*: max(proposal threshold, quorum): the votes one holder needs to propose and carry a proposal",
        "  when nobody else votes. Any For vote by others lowers what the attacker must hold for quorum, any Against vote",
        "  raises what the attacker needs to win (GovernorCountingSimple: more For than Against), and the timelock gives",
        "  two days to react to a passed proposal.",
        "- *quorum on the total supply (before)*: what OpenZeppelin's GovernorVotesQuorumFraction alone would ask, 4% of",
        "  the total supply; marked unreachable when it exceeds the supply that can vote at all.",
        "- Locally the liquidity tranche (6M) stays with its holder but for the 1M seeding the IFX pool, so it counts as",
        "  votable; on a real network the liquidity goes into pools, which are flagged, and the votable supply at TGE is",
        "  smaller by up to 5M. The simulation runs no work: the ecosystem fund's emissions (BMW epochs, minted to",
        "  EpochRewards, flagged, then claimed by node owners, who can vote) would add to both supplies.",
      ].join("\n"),
    ],
  });
  process.stdout.write(`${table}\n\nwrote ${OUT}\n`);
}

/** Releases every TGE vesting wallet's vested tokens to its beneficiary (anyone may call `release`). */
async function releaseVested(connection: Awaited<ReturnType<typeof hre.network.create>>, d: Deployment): Promise<void> {
  const { viem } = connection;
  const publicClient = await viem.getPublicClient();
  for (const wallet of Object.values(d.tge.vestingWallets) as Address[]) {
    const vesting = await viem.getContractAt("TrancheVestingWallet", wallet);
    if ((await vesting.read.releasable([d.contracts.IFXToken])) === 0n) continue;
    await waitForSuccess(publicClient, vesting.write.release([d.contracts.IFXToken]));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`simulation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
