import { compactSignatureToSignature, recoverTypedDataAddress, serializeSignature } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  marketDomain,
  packRejection,
  packWorker,
  settlementTypes,
  toCompactWords,
  unpackRejection,
  unpackWorker,
} from "../../keepers/market/typedData.js";

/** The settlement's packed entries and compact signatures, as `SettlementCodec` and `JobMarket` read them. */
describe("settlement encoding", () => {
  it("packs and unpacks worker and rejection entries", () => {
    const entry = packWorker(7n, 123n * 10n ** 18n);
    expect(entry).toBe((7n << 128n) | (123n * 10n ** 18n));
    expect(unpackWorker(entry)).toEqual({ licenseId: 7n, workWad: 123n * 10n ** 18n });
    expect(unpackRejection(packRejection(9n, 41))).toEqual({ licenseId: 9n, taskIndex: 41 });
  });

  it("refuses entries that do not fit their fields", () => {
    expect(() => packWorker(1n << 128n, 1n)).toThrow(RangeError);
    expect(() => packWorker(1n, 1n << 128n)).toThrow(RangeError);
    expect(() => packWorker(-1n, 1n)).toThrow(RangeError);
    expect(() => packRejection(1n, 2 ** 32)).toThrow(RangeError);
    expect(() => packRejection(1n, 1.5)).toThrow(RangeError);
  });

  it("turns a typed-data signature into the two compact words that recover the same signer", async () => {
    const verifier = privateKeyToAccount(generatePrivateKey());
    const domain = marketDomain(31337, "0x00000000000000000000000000000000000000aa");
    const message = {
      jobId: `0x${"11".repeat(32)}` as const,
      settlementIndex: 0n,
      outcomesRoot: `0x${"22".repeat(32)}` as const,
      workers: [packWorker(3n, 10n ** 18n)],
      rejected: [packRejection(4n, 1)],
    };
    const signature = await verifier.signTypedData({ domain, types: settlementTypes, primaryType: "Settlement", message });
    const [r, yParityAndS] = toCompactWords(signature);
    const full = serializeSignature(compactSignatureToSignature({ r, yParityAndS }));
    expect(full).toBe(signature);
    const recovered = await recoverTypedDataAddress({ domain, types: settlementTypes, primaryType: "Settlement", message, signature: full });
    expect(recovered).toBe(verifier.address);
  });
});
