import { ponder, type Context } from "ponder:registry";
import { creditAccount, creditTotals } from "ponder:schema";

const TOTALS = "IFXD";
const ZERO_TOTALS = { totalSupply: 0n, toppedUp: 0n, spent: 0n, refunded: 0n, toBurnStable: 0n, toFoundationStable: 0n };
const ZERO_ACCOUNT = { balance: 0n, toppedUp: 0n, spent: 0n, refunded: 0n };

type Totals = typeof ZERO_TOTALS;
type Account = typeof ZERO_ACCOUNT;

async function changeTotals(context: Context, change: (t: Totals) => Partial<Totals>): Promise<void> {
  const row = (await context.db.find(creditTotals, { id: TOTALS })) ?? { id: TOTALS, ...ZERO_TOTALS };
  await context.db.insert(creditTotals).values({ ...row, ...change(row) }).onConflictDoUpdate(change(row));
}

async function changeAccount(context: Context, id: `0x${string}`, change: (a: Account) => Partial<Account>): Promise<void> {
  const row = (await context.db.find(creditAccount, { id })) ?? { id, ...ZERO_ACCOUNT };
  await context.db.insert(creditAccount).values({ ...row, ...change(row) }).onConflictDoUpdate(change(row));
}

/** Credits bought with the stablecoin (1 USD = 1 ifxDollar): the account's balance and the supply grow. */
ponder.on("IFXDollar:ToppedUp", async ({ event, context }) => {
  const { account, credits } = event.args;
  await changeAccount(context, account, (a) => ({ balance: a.balance + credits, toppedUp: a.toppedUp + credits }));
  await changeTotals(context, (t) => ({ totalSupply: t.totalSupply + credits, toppedUp: t.toppedUp + credits }));
});

ponder.on("IFXDollar:Refunded", async ({ event, context }) => {
  const { account, credits } = event.args;
  await changeAccount(context, account, (a) => ({ balance: a.balance - credits, refunded: a.refunded + credits }));
  await changeTotals(context, (t) => ({ totalSupply: t.totalSupply - credits, refunded: t.refunded + credits }));
});

/** Escrow moves (artist -> market at createJob, market -> artist on refunds): balances only. */
ponder.on("IFXDollar:CreditsMoved", async ({ event, context }) => {
  const { from, to, credits } = event.args;
  await changeAccount(context, from, (a) => ({ balance: a.balance - credits }));
  await changeAccount(context, to, (a) => ({ balance: a.balance + credits }));
});

/** Credits spent on released work: burned from the market, their stablecoin owed to the burn and the foundation. */
ponder.on("IFXDollar:CreditsSpent", async ({ event, context }) => {
  const { from, credits } = event.args;
  await changeAccount(context, from, (a) => ({ balance: a.balance - credits, spent: a.spent + credits }));
  await changeTotals(context, (t) => ({ totalSupply: t.totalSupply - credits, spent: t.spent + credits }));
});

ponder.on("IFXDollar:SpentDistributed", async ({ event, context }) => {
  const { burnAmount, foundationAmount } = event.args;
  await changeTotals(context, (t) => ({ toBurnStable: t.toBurnStable + burnAmount, toFoundationStable: t.toFoundationStable + foundationAmount }));
});
