import { bytesToHex, toBytes } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { encryptionKeyOf } from "../../../keepers/crypto/encryptionKeyOf.js";
import { openSealed, SealError, sealForNode } from "../../../keepers/crypto/sealForNode.js";

describe("PoR keys sealed to a verifier's registered encryption key (ECIES)", () => {
  const verifier = generatePrivateKey();
  const other = generatePrivateKey();
  const key = toBytes(JSON.stringify({ version: 2, taskId: "job/0" }));

  it("opens with the verifier's private key only; each seal is fresh", () => {
    const sealed = sealForNode(encryptionKeyOf(verifier), key);
    expect(encryptionKeyOf(verifier)).toMatch(/^0x04[0-9a-f]{128}$/);
    expect(openSealed(verifier, sealed)).toEqual(key);
    expect(bytesToHex(sealForNode(encryptionKeyOf(verifier), key))).not.toBe(bytesToHex(sealed));
    expect(() => openSealed(other, sealed)).toThrow(SealError);
  });

  it("refuses altered bytes and malformed public keys", () => {
    const sealed = sealForNode(encryptionKeyOf(verifier), key);
    for (const at of [0, 70, sealed.length - 1]) {
      const altered = sealed.slice();
      altered[at]! ^= 1;
      expect(() => openSealed(verifier, altered)).toThrow(/not sealed to this key, or altered/);
    }
    expect(() => sealForNode("0x1234", key)).toThrow(/33- or 65-byte secp256k1 public key, got 2 bytes/);
    expect(() => sealForNode(`0x04${"00".repeat(64)}`, key)).toThrow(SealError);
  });
});
