import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenDatabase } from "../../../keepers/db/openDatabase.js";
import { paymentLedger } from "../../../keepers/verifier/paymentLedger.js";
import { cidToWord } from "../../../keepers/market/cidWord.js";
import { settlementOf, type TaskOutcome } from "../../../keepers/market/taskOutcomes.js";
import { unpackRejection } from "../../../keepers/market/typedData.js";
import { checkSettlement, type OwnVerdict, type SettlementToSign } from "../../../keepers/verifier/checkSettlement.js";
import type { JobQuote } from "../../../keepers/verifier/openVerifierChain.js";

const WAD = 10n ** 18n;
const JOB_A = `0x${"0a".repeat(32)}`;
const JOB_B = `0x${"0b".repeat(32)}`;
const CIDS = [
  "bafybeihi4vpkqguuofccvmtkq7acd2lidr4s7nb6ve7eeexk44xgwigy6e",
  "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
  "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq",
] as const;

interface Row {
  taskIndex: number;
  workerId: bigint;
  cid: string;
  accepted: boolean;
  attemptId: number;
  /** Default 1 WAD. */
  workWad?: bigint;
}

/** A settlement to sign, built from `rows` the way the manager builds it (`settlementOf`). */
function toSign(jobId: string, rows: readonly Row[]): SettlementToSign {
  const outcomes: TaskOutcome[] = rows.map((r) => ({ taskIndex: r.taskIndex, workerId: r.workerId, resultCid: cidToWord(r.cid), accepted: r.accepted, workWad: r.workWad ?? WAD }));
  const { settlement } = settlementOf(outcomes);
  return {
    jobId, settlementIndex: 0, outcomesRoot: settlement.outcomesRoot, workers: settlement.workers.map(String), rejected: settlement.rejected.map(String),
    outcomes: rows.map((r) => ({ taskIndex: r.taskIndex, workerId: r.workerId.toString(), resultCid: r.cid, resultWord: cidToWord(r.cid), accepted: r.accepted, workWad: (r.workWad ?? WAD).toString(), attemptId: r.attemptId })),
  };
}

describe("a verifier checks a settlement against its own verdicts before signing", () => {
  const rows: Row[] = [
    { taskIndex: 0, workerId: 7n, cid: CIDS[0], accepted: true, attemptId: 1 },
    { taskIndex: 1, workerId: 8n, cid: CIDS[1], accepted: true, attemptId: 2 },
  ];
  const judged = new Map<number, OwnVerdict>([
    [1, { jobId: JOB_A, taskIndex: 0, accepted: true, resultCid: CIDS[0], workerId: 7n, workWad: WAD }],
    [2, { jobId: JOB_A, taskIndex: 1, accepted: true, resultCid: CIDS[1], workerId: 8n, workWad: WAD }],
  ]);
  /** Job A's quote as the chain would give it: three one-frame tasks of 1 IBM each. */
  const quote: JobQuote = { frameStart: 0, frameEnd: 2, taskCount: 3, workWad: 3n * WAD };
  const own = { ownVerdict: async (attemptId: number) => judged.get(attemptId) ?? null, quote, paidElsewhereWad: 0n };

  it("signs the outcomes it judged, for the job and tasks it judged them for", async () => {
    expect(await checkSettlement(toSign(JOB_A, rows), own)).toBeNull();
  });

  it("refuses to complete job B with frames verified for job A", async () => {
    expect(await checkSettlement(toSign(JOB_B, rows), own)).toMatch(/attempt 1 was judged for job 0x0a.*, not 0x0b/);
  });

  it("refuses an attempt moved onto another task of the job", async () => {
    const moved = [{ ...rows[0]!, taskIndex: 1 }, { ...rows[1]!, taskIndex: 0 }];
    expect(await checkSettlement(toSign(JOB_A, moved), own)).toMatch(/attempt 1 was judged for task 0, the settlement says task 1/);
  });

  it("refuses an honest worker's accepted task credited to another worker (the manager's own), even with a consistent root", async () => {
    const moved = [rows[0]!, { ...rows[1]!, workerId: 9n }];
    expect(await checkSettlement(toSign(JOB_A, moved), own)).toBe("attempt 2: the settlement names worker 9, the result was signed by worker 8");
  });

  it("refuses inflated work, and work beyond what the job's quote allows", async () => {
    const inflated = [rows[0]!, { ...rows[1]!, workWad: 2n * WAD }];
    expect(await checkSettlement(toSign(JOB_A, inflated), own)).toBe(`attempt 2: the settlement says work ${2n * WAD}, task 1's quoted work is ${WAD}`);
    // The quote the chain holds is smaller than what the verdict was kept with: the quote wins.
    expect(await checkSettlement(toSign(JOB_A, rows), { ...own, quote: { ...quote, workWad: WAD / 2n } })).toBe(`attempt 1: work ${WAD} is more than the whole quote's ${WAD / 2n}`);
    expect(await checkSettlement(toSign(JOB_A, rows), { ...own, quote: { ...quote, taskCount: 1 } })).toBe("attempt 2: task 1 is beyond the quote's 1 tasks");
    // Paid in other settlements this verifier signed, plus this one: at most the quote's work.
    expect(await checkSettlement(toSign(JOB_A, rows), { ...own, paidElsewhereWad: 2n * WAD })).toBe(`the job's paid work would be ${4n * WAD} (${2n * WAD} signed before, ${2n * WAD} here), more than its quoted ${3n * WAD}`);
    expect(await checkSettlement(toSign(JOB_A, rows), { ...own, paidElsewhereWad: WAD })).toBeNull();
  });

  it("refuses an outcome whose verdict was kept without its worker and work (before they were recorded)", async () => {
    const legacy = { ...own, ownVerdict: async (attemptId: number) => ({ ...judged.get(attemptId)!, workerId: null, workWad: null }) };
    expect(await checkSettlement(toSign(JOB_A, rows), legacy)).toMatch(/^attempt 1 was judged before this verifier recorded its worker and work/);
  });

  it("slashes a task once: only its first rejected attempt is a rejection entry", async () => {
    const twice: Row[] = [
      { taskIndex: 2, workerId: 7n, cid: CIDS[0], accepted: false, attemptId: 3 },
      { taskIndex: 2, workerId: 8n, cid: CIDS[1], accepted: false, attemptId: 4 },
      { taskIndex: 2, workerId: 9n, cid: CIDS[2], accepted: true, attemptId: 5 },
    ];
    const s = toSign(JOB_A, twice);
    expect(s.rejected.map((e) => unpackRejection(BigInt(e)))).toEqual([{ licenseId: 7n, taskIndex: 2 }]);
    expect(s.workers).toHaveLength(1);
  });

  it("refuses entries that are not the outcomes' (a rejection slipped under a root it checked)", async () => {
    const s = toSign(JOB_A, rows);
    const slipped: SettlementToSign = { ...s, rejected: [((8n << 32n) | 1n).toString()] };
    expect(await checkSettlement(slipped, own)).toBe("the packed entries are not the outcomes'");
    const rootless: SettlementToSign = { ...s, outcomesRoot: `0x${"00".repeat(32)}` as Hex };
    expect(await checkSettlement(rootless, own)).toBe("the outcomes root is not the root of the outcomes");
  });
});

describe("a verifier signs a task's payment in one settlement only", () => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await openDatabase({});
  });
  afterAll(async () => open.close());

  it("refuses a later settlement that pays a task again, and lets the same settlement be signed again", async () => {
    const ledger = paymentLedger(open.db, 31n);
    const first = toSign(JOB_A, [{ taskIndex: 0, workerId: 7n, cid: CIDS[0], accepted: true, attemptId: 1 }, { taskIndex: 1, workerId: 8n, cid: CIDS[1], accepted: false, attemptId: 2 }]);
    expect(await ledger.earlierPayment(first)).toBeNull();
    await ledger.record(first);
    expect(await ledger.earlierPayment(first)).toBeNull(); // a restart signs the same settlement again
    const twice = { ...toSign(JOB_A, [{ taskIndex: 0, workerId: 7n, cid: CIDS[0], accepted: true, attemptId: 1 }]), settlementIndex: 1 };
    expect(await ledger.earlierPayment(twice)).toBe("task 0 was paid already (attempt 1, settlement #0): a task is paid once");
    // The rejected task 1 was not paid: a later settlement may pay its redo; another job's task 0 is another task.
    const redo = { ...toSign(JOB_A, [{ taskIndex: 1, workerId: 9n, cid: CIDS[2], accepted: true, attemptId: 3 }]), settlementIndex: 1 };
    expect(await ledger.earlierPayment(redo)).toBeNull();
    expect(await ledger.earlierPayment({ ...twice, jobId: JOB_B })).toBeNull();
    // Another verifier's ledger is its own.
    expect(await paymentLedger(open.db, 32n).earlierPayment(twice)).toBeNull();
  });

  it("sums the work of a job it signed in other settlements", async () => {
    const ledger = paymentLedger(open.db, 33n);
    const first = toSign(JOB_A, [{ taskIndex: 0, workerId: 7n, cid: CIDS[0], accepted: true, attemptId: 1, workWad: 2n * WAD }, { taskIndex: 1, workerId: 8n, cid: CIDS[1], accepted: false, attemptId: 2 }]);
    await ledger.record(first);
    const later = { ...toSign(JOB_A, [{ taskIndex: 1, workerId: 9n, cid: CIDS[2], accepted: true, attemptId: 3 }]), settlementIndex: 1 };
    expect(await ledger.paidElsewhereWad(later)).toBe(2n * WAD); // the rejected attempt paid nothing
    expect(await ledger.paidElsewhereWad(first)).toBe(0n); // a settlement is not counted against itself
    expect(await ledger.paidElsewhereWad({ ...later, jobId: JOB_B })).toBe(0n);
  });
});
