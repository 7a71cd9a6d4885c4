import { sql, type Kysely } from "kysely";
import type { Migration } from "kysely/migration";

/**
 * Committee members' EIP-712 signatures over a built settlement (keepers/README step 7): kept until the settlement is
 * sent, so a restarted manager sends what was signed instead of asking again. One per verifier and settlement; the
 * seat is the verifier's position in the drawn committee (its bit in `Signatures.seats`).
 */
export const settlementSignatures: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable("settlement_signatures")
      .addColumn("job_id", "text", (c) => c.notNull())
      .addColumn("settlement_index", "integer", (c) => c.notNull())
      .addColumn("verifier_id", sql`numeric(78, 0)`, (c) => c.notNull())
      .addColumn("seat", "integer", (c) => c.notNull().check(sql`seat >= 0 and seat < 256`))
      .addColumn("signature", "text", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint("settlement_signatures_pk", ["job_id", "settlement_index", "verifier_id"])
      .addForeignKeyConstraint("settlement_signatures_settlement", ["job_id", "settlement_index"], "settlements", ["job_id", "settlement_index"], (c) => c.onDelete("cascade"))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable("settlement_signatures").ifExists().execute();
  },
};
