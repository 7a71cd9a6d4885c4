import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { and, asc, count, eq, graphql, gt, sql, sum } from "ponder";
import type { EpochSummary, NetworkTotals, NodeEarnings } from "../../lib/apiTypes.js";

/**
 * Ponder's GraphQL (at / and /graphql) over every table, plus the few read endpoints the CLI needs, each typed in
 * `lib/apiTypes.ts`. Ponder serves /health, /ready, /status and /metrics itself.
 */
const app = new Hono();

app.use("/", graphql({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

/** A path segment that must be a non-negative integer; undefined otherwise. */
function parseId(text: string): bigint | undefined {
  return /^\d{1,78}$/.test(text) ? BigInt(text) : undefined;
}

const text = (v: bigint | null | undefined): string | null => (v === null || v === undefined ? null : v.toString());
/** A SQL sum of a numeric column, as a decimal string (`null` from an empty table is "0"). */
const total = (v: string | null | undefined): string => (v === null || v === undefined ? "0" : BigInt(v).toString());

app.get("/nodes/:id/earnings", async (c) => {
  const id = parseId(c.req.param("id"));
  if (id === undefined) return c.json({ error: "the node id is a license id (a non-negative integer)" }, 400);
  // Two queries, issued together: the node's epochs (with whether each is closed), and its role with what it claimed.
  const [rows, [nodeRow]] = await Promise.all([
    db
      .select({ row: schema.nodeEpoch, closed: schema.epoch.closed })
      .from(schema.nodeEpoch)
      .leftJoin(schema.epoch, eq(schema.epoch.id, schema.nodeEpoch.epoch))
      .where(eq(schema.nodeEpoch.nodeId, id))
      .orderBy(asc(schema.nodeEpoch.epoch)),
    db
      .select({
        role: schema.node.role,
        claimed: sql<string>`(select coalesce(sum(${schema.claim.amount}), 0) from ${schema.claim} where ${schema.claim.nodeId} = ${id.toString()}::numeric)`,
      })
      .from(schema.node)
      .where(eq(schema.node.id, id)),
  ]);
  if (nodeRow === undefined && rows.length === 0) return c.json({ error: `no node ${id}` }, 404);
  const body: NodeEarnings = {
    nodeId: id.toString(),
    role: nodeRow?.role ?? null,
    epochs: rows.map(({ row, closed }) => ({
      epoch: row.epoch.toString(), role: row.role, workWad: row.workWad.toString(), forfeited: row.forfeited, closed: closed === true,
      earnedIfx: text(row.earnedIfx),
    })),
    earnedIfx: rows.reduce((acc, { row }) => acc + (row.earnedIfx ?? 0n), 0n).toString(),
    claimedIfx: total(nodeRow?.claimed),
  };
  return c.json(body);
});

app.get("/epochs/:n", async (c) => {
  const n = parseId(c.req.param("n"));
  if (n === undefined) return c.json({ error: "the epoch is a non-negative integer" }, 400);
  const [e] = await db.select().from(schema.epoch).where(eq(schema.epoch.id, n));
  if (e === undefined) return c.json({ error: `no epoch ${n} indexed` }, 404);
  const [nodes] = await db.select({ n: count() }).from(schema.nodeEpoch).where(eq(schema.nodeEpoch.epoch, n));
  const body: EpochSummary = {
    epoch: e.id.toString(), closed: e.closed, startedAt: text(e.startedAt), lengthSeconds: text(e.lengthSeconds),
    paidIbmWad: e.paidIbmWad.toString(), apparentIbmWad: text(e.apparentIbmWad), ibmeBps: text(e.ibmeBps),
    mintedIfx: text(e.mintedIfx), emissionIfx: text(e.emissionIfx),
    pools: e.closed ? { workersIfx: text(e.workersPoolIfx)!, verifiersIfx: text(e.verifiersPoolIfx)!, managersIfx: text(e.managersPoolIfx)! } : null,
    penaltyIfx: text(e.penaltyIfx), toDaoIfx: text(e.toDaoIfx), feesSettled: e.feesSettled.toString(), burnedIfx: e.burnedIfx.toString(),
    settlements: e.settlements, nodes: nodes?.n ?? 0,
  };
  return c.json(body);
});

app.get("/totals", async (c) => {
  const one = async <T>(query: Promise<T[]>): Promise<T> => (await query)[0]!;
  const [licenses, nodes, jobs, epochs, burns, claims, slashes, supply, holders, proposals, changes] = await Promise.all([
    one(db.select({ n: count() }).from(schema.license)),
    one(db.select({ n: count(), staked: sum(schema.node.stake) }).from(schema.node)),
    one(db.select({ n: count(), settlements: sum(schema.job.settlements), paid: sum(schema.job.paidWorkWad), settled: sum(schema.job.feesSettled), released: sum(schema.job.feesReleased) }).from(schema.job)),
    one(db.select({ n: count(), minted: sum(schema.epoch.mintedIfx) }).from(schema.epoch).where(eq(schema.epoch.closed, true))),
    one(db.select({ burned: sum(schema.burn.ifxBurned) }).from(schema.burn)),
    one(db.select({ claimed: sum(schema.claim.amount) }).from(schema.claim)),
    one(db.select({ slashed: sum(schema.slash.amount) }).from(schema.slash)),
    db.select().from(schema.tokenSupply).where(eq(schema.tokenSupply.id, "IFX")),
    one(db.select({ n: count() }).from(schema.tokenHolder).where(gt(schema.tokenHolder.balance, 0n))),
    one(db.select({ n: count() }).from(schema.proposal)),
    one(db.select({ n: count() }).from(schema.parameterChange)),
  ]);
  const [active] = await db.select({ n: count() }).from(schema.node).where(and(eq(schema.node.active, true), eq(schema.node.retired, false)));
  const body: NetworkTotals = {
    licenses: licenses.n, nodes: nodes.n, activeNodes: active?.n ?? 0, totalStaked: total(nodes.staked),
    jobs: jobs.n, settlements: Number(jobs.settlements ?? 0), paidWorkWad: total(jobs.paid), feesSettled: total(jobs.settled),
    feesReleased: total(jobs.released), epochsClosed: epochs.n, mintedByEpochsIfx: total(epochs.minted), burnedIfx: total(burns.burned),
    claimedIfx: total(claims.claimed), slashedIfx: total(slashes.slashed), ifxSupply: (supply[0]?.totalSupply ?? 0n).toString(),
    ifxHolders: holders.n, proposals: proposals.n, parameterChanges: changes.n,
  };
  return c.json(body);
});

export default app;
