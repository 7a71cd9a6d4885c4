import { decryptKeystoreJson, encryptKeystoreJson, isKeystoreJson } from "ethers";
import { isHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { KeyError } from "./keyError.js";

/**
 * Web3 Secret Storage v3 keystores (the JSON geth, Foundry's `cast wallet`, MetaMask exports and ethers write):
 * scrypt-derived AES-128-CTR with a MAC. Through ethers 6's keystore functions only (README "Libraries, and why").
 */
export async function encryptKeystore(privateKey: Hex, password: string): Promise<string> {
  const address = privateKeyToAccount(privateKey).address;
  return encryptKeystoreJson({ address, privateKey }, password);
}

/** The private key in a keystore; a wrong password or a damaged file is a KeyError, never a stack trace. */
export async function decryptKeystore(json: string, password: string, file: string): Promise<Hex> {
  if (!isKeystoreJson(json)) throw new KeyError("KEYSTORE_INVALID", `${file} is not a Web3 Secret Storage (v3) keystore`);
  try {
    const account = await decryptKeystoreJson(json, password);
    if (!isHex(account.privateKey)) throw new Error("no private key inside");
    return account.privateKey;
  } catch (error) {
    const wrongPassword = error instanceof Error && /incorrect password/i.test(error.message);
    throw new KeyError(wrongPassword ? "KEYSTORE_PASSWORD" : "KEYSTORE_INVALID", wrongPassword ? `wrong password for the keystore ${file}` : `cannot decrypt the keystore ${file}`, { cause: error });
  }
}
