import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/**
 * A node's encryption public key from its private key, as it registers it (NodeRegistry accepts 33 or 65 bytes):
 * the 65-byte uncompressed secp256k1 point viem derives. A node keeps this key apart from its operator key, so that a
 * leaked signing key does not also open the PoR keys sealed to it.
 */
export function encryptionKeyOf(privateKey: Hex): Hex {
  return privateKeyToAccount(privateKey).publicKey;
}
