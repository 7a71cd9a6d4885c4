import type { Migration, MigrationProvider } from "kysely/migration";
import { manager } from "./0001_manager.js";
import { workerProgress } from "./0002_worker_progress.js";
import { verifier } from "./0003_verifier.js";
import { settlementSignatures } from "./0004_settlement_signatures.js";
import { benchmarks } from "./0005_benchmarks.js";
import { settlementReads } from "./0006_settlement_reads.js";
import { resultSignatures } from "./0007_result_signatures.js";
import { signedPayments } from "./0008_signed_payments.js";
import { verdictAttribution } from "./0009_verdict_attribution.js";
import { disputes } from "./0010_disputes.js";

/**
 * Every migration, in order, by name. Imported, not read from a directory: the daemons run from TypeScript through
 * tsx, and a bundled or compiled build would not find the files. Never edit a released migration; add the next one.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_manager": manager,
  "0002_worker_progress": workerProgress,
  "0003_verifier": verifier,
  "0004_settlement_signatures": settlementSignatures,
  "0005_benchmarks": benchmarks,
  "0006_settlement_reads": settlementReads,
  "0007_result_signatures": resultSignatures,
  "0008_signed_payments": signedPayments,
  "0009_verdict_attribution": verdictAttribution,
  "0010_disputes": disputes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
