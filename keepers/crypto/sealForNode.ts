import { decrypt, encrypt } from "eciesjs";
import { hexToBytes, type Hex } from "viem";

export class SealError extends Error {
  override readonly name = "SealError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Encrypts `plaintext` to a node's registered encryption key (NodeRegistry `encryptionKey`: a secp256k1 public key,
 * 33 or 65 bytes) with ECIES (eciesjs: an ephemeral key, ECDH, HKDF-SHA256, AES-256-GCM). This is how a manager hands
 * each task's PoR key to the job's committee (DESIGN step 6): only the verifier holding the private key can read it, and
 * any change to the sealed bytes fails authentication.
 */
export function sealForNode(encryptionKey: Hex, plaintext: Uint8Array): Uint8Array {
  const key = hexToBytes(encryptionKey);
  if (key.length !== 33 && key.length !== 65) throw new SealError(`an encryption key is a 33- or 65-byte secp256k1 public key, got ${key.length} bytes`);
  try {
    return encrypt(key, plaintext);
  } catch (error) {
    throw new SealError(`cannot seal to ${encryptionKey}: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens what `sealForNode` sealed to this node's key; a SealError for another node's key or tampered bytes. */
export function openSealed(privateKey: Hex, sealed: Uint8Array): Uint8Array {
  try {
    return decrypt(hexToBytes(privateKey), sealed);
  } catch (error) {
    throw new SealError(`cannot open the sealed message (not sealed to this key, or altered): ${(error as Error).message}`, { cause: error });
  }
}
