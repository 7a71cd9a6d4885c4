import { formatUnits } from "viem";

/** A dispute as `JobDisputes.dispute` returns it (the fields a person needs). */
export interface DisputeView {
  state: number;
  ruling: number;
  appealed: boolean;
  panelSize: number;
  openedAt: number;
  ruledAt: number;
  upheldSeats: number;
  dismissedSeats: number;
  bondWad: bigint;
  heldFee: bigint;
  workerId: bigint;
}

/** The governed times a dispute runs on (ParameterRegistry), in seconds. */
export interface DisputeTimes {
  panelSeconds: number;
  appealSeconds: number;
  resolutionSeconds: number;
}

const STATES = ["none", "open", "resolved"] as const;
const RULINGS = ["none", "upheld", "dismissed"] as const;

function at(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", " UTC").replace("T", " ");
}

function bits(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) ++n;
  return n;
}

/**
 * What a person reads of a dispute: where it stands, who may act next and until when, and the command to do it
 * (IJobDisputes: panel vote, appeal, the DAO's last word, finalize). `now` is the chain's time.
 */
export function describeDispute(d: DisputeView, t: DisputeTimes, finalAt: number, now: number, command: string): string {
  if (d.state === 0) return `no dispute is open on this task: open one with \`${command}\``;
  const lines = [`state ${STATES[d.state]}; bond ${formatUnits(d.bondWad, 18)} ifxDollar, held fee ${formatUnits(d.heldFee, 18)} ifxDollar; worker #${d.workerId}`];
  if (d.state === 2) return `${lines[0]}\nresolved: see the DisputeResolved event for the outcome (\`ifx status\` or the indexer).`;
  const votingEnds = d.openedAt + t.panelSeconds;
  const voted = `${bits(d.upheldSeats) + bits(d.dismissedSeats)} of ${d.panelSize} voted (upheld ${bits(d.upheldSeats)}, dismissed ${bits(d.dismissedSeats)})`;
  if (d.panelSize === 0) lines.push(`panel: not drawn yet${now <= votingEnds ? ` (anyone draws it until ${at(votingEnds)}; the verifiers' daemons do)` : "; its vote is over"}`);
  else lines.push(`panel: ${voted}${d.ruling ? `, ruled ${RULINGS[d.ruling]} at ${at(d.ruledAt)}` : `, voting until ${at(votingEnds)}`}`);
  const resolutionEnds = d.openedAt + t.resolutionSeconds;
  if (d.appealed) lines.push(`appealed: the DAO may rule until ${at(resolutionEnds)}; otherwise the panel's ruling stands (or the dispute lapses without one)`);
  else {
    const from = d.ruling ? d.ruledAt : votingEnds;
    const who = d.ruling === 1 ? "the worker" : d.ruling === 2 ? "the artist" : "the artist or the worker";
    lines.push(`appeal: ${who} may appeal to the DAO from ${at(from)} until ${at(from + t.appealSeconds)} (\`${command} --appeal\`)`);
  }
  const outcome = d.ruling === 1 ? "upheld (fee and bond back, the worker slashed)" : d.ruling === 2 ? "dismissed (the bond spent)"
    : now <= votingEnds ? "the panel rules, or lapsed without a ruling (the bond back, the fee spent)" : "lapsed (the bond back, the fee spent)";
  lines.push(now > finalAt
    ? `next: anyone ends it now as ${outcome}: \`${command} --finalize\``
    : `next: unless the DAO rules first, it ends as ${outcome} once ${at(finalAt)} has passed (\`${command} --finalize\`)`);
  return lines.join("\n");
}
