/**
 * `npm run sim:committee`: the probability that a committee drawn by `JobMarket.drawCommittee` has an attacker majority
 * (the signatures a settlement needs), for an attacker holding a fraction f of the live verifier licenses, at the WP's
 * scale (25,000 verifiers, WP §VI-H) and on a young network (100), for committee sizes k the parameter registry allows
 * (threshold a strict majority). And what grinding for such a committee costs through cancel-and-retry: one try per
 * cancelled job, each paying the governed cancel fee once the committee can be computed. Writes docs/committee-capture.md.
 */
import { renderTable } from "../lib/format.js";
import { writeBenchDocument } from "../lib/writeBenchDoc.js";
import { captureProbability, majorityOf } from "./committeeOdds.js";

const FRACTIONS = [0.01, 0.1, 0.33] as const;
const SIZES = [3, 5, 7, 11, 21] as const;
const NETWORKS = [25_000, 100] as const;
/** `cancelFeeBps` default: 5% of the escrow. */
const CANCEL_FEE = 0.05;

const percent = (p: number) => (p === 0 ? "0" : p < 1e-6 ? p.toExponential(1) : `${(100 * p).toPrecision(3)}%`);

function main(): Promise<void> {
  const tables = NETWORKS.map((total) => {
    const rows = SIZES.map((k) => [
      `${k} (${majorityOf(k)} to sign)`,
      ...FRACTIONS.map((f) => percent(captureProbability(total, Math.round(f * total), k, majorityOf(k)))),
    ]);
    return `### ${total.toLocaleString("en-US")} live verifiers\n\n${renderTable(["committee k", ...FRACTIONS.map((f) => `f = ${f * 100}%`)], rows, true)}`;
  });
  const grind = SIZES.map((k) => [
    `${k}`,
    ...FRACTIONS.map((f) => {
      const p = captureProbability(25_000, Math.round(f * 25_000), k, majorityOf(k));
      return p === 0 ? "never" : `${(CANCEL_FEE / p).toPrecision(3)} x`;
    }),
  ]);
  const body = [
    "P(attacker majority) for one draw: the attacker holds a fraction f of the live verifiers (each seat is uniform over the live set, distinct seats, so its seat count is hypergeometric; `scripts/sim/committeeOdds.ts`, checked against a brute-force count of every draw in `test/ts/keepers/committeeOdds.test.ts`).",
    ...tables,
    "### Grinding by cancel-and-retry (25,000 verifiers)\n\nExpected cancel fees an artist pays to get one captured committee by cancelling every other job once its seed block is mined, in multiples of the job's fee (1 / P tries, 5% each). Running many jobs in parallel instead grinds nothing for free either: each job escrows its fee and a committee it does not like can only be cancelled at this price or left to its deadline.\n\n" +
      renderTable(["committee k", ...FRACTIONS.map((f) => `f = ${f * 100}%`)], grind, true),
  ];
  const doc = { file: "docs/committee-capture.md", title: "Committee capture", command: "npm run sim:committee", facts: [["model", "JobMarket._draw: k distinct live verifiers, each uniform over the live set"]] as const, body };
  process.stdout.write(`${body.join("\n\n")}\n\nwrote ${doc.file}\n`);
  return writeBenchDocument(doc);
}

await main();
