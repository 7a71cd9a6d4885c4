import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { NODE_HEADERS, signNodeRequest } from "../../../keepers/auth/nodeRequest.js";
import { NonceWindow } from "../../../keepers/auth/nonceWindow.js";
import { AuthError, verifyNodeRequest, type VerifyOptions } from "../../../keepers/auth/verifyNodeRequest.js";

const CHAIN = 31337;
const operator = privateKeyToAccount(generatePrivateKey());
const stranger = privateKeyToAccount(generatePrivateKey());
const NOW = 1_800_000_000;
const BODY = JSON.stringify({ task: "0xabc/3", resultCid: "bafy..." });

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  const nonces = new NonceWindow();
  return {
    chainId: CHAIN, operation: "submitResult", nowSeconds: NOW,
    operatorOf: async (id: bigint): Promise<Address | null> => (id === 7n ? operator.address : null),
    claimNonce: (id, nonce, until) => nonces.claim(id, nonce, until, NOW),
    ...overrides,
  };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: unknown) => (error instanceof AuthError ? error.code : String(error)));

describe("requests signed by a node's operator key (EIP-712 NodeRequest)", () => {
  it("accepts the node's operator once; the same request again is a replay", async () => {
    const headers = await signNodeRequest(operator, CHAIN, 7n, "submitResult", BODY, NOW);
    const o = options();
    expect(await verifyNodeRequest(headers, BODY, o)).toBe(7n);
    expect(await codeOf(verifyNodeRequest(headers, BODY, o))).toBe("REPLAYED");
  });

  it("refuses another signer, another node, another body or operation, a stale request, missing or malformed headers", async () => {
    const headers = await signNodeRequest(operator, CHAIN, 7n, "submitResult", BODY, NOW);
    const cases: [Promise<unknown>, string][] = [
      [verifyNodeRequest(await signNodeRequest(stranger, CHAIN, 7n, "submitResult", BODY, NOW), BODY, options()), "NOT_OPERATOR"],
      [verifyNodeRequest(await signNodeRequest(operator, CHAIN, 8n, "submitResult", BODY, NOW), BODY, options()), "NOT_OPERATOR"],
      [verifyNodeRequest(headers, `${BODY} `, options()), "NOT_OPERATOR"],
      [verifyNodeRequest(headers, BODY, options({ operation: "heartbeat" })), "NOT_OPERATOR"],
      [verifyNodeRequest(headers, BODY, options({ chainId: 1 })), "NOT_OPERATOR"],
      [verifyNodeRequest(headers, BODY, options({ nowSeconds: NOW + 121 })), "EXPIRED"],
      [verifyNodeRequest({ ...headers, [NODE_HEADERS.signature]: undefined }, BODY, options()), "MISSING"],
      [verifyNodeRequest({ ...headers, [NODE_HEADERS.nonce]: "0x12" }, BODY, options()), "MALFORMED"],
      [verifyNodeRequest({ ...headers, [NODE_HEADERS.node]: "-1" }, BODY, options()), "MALFORMED"],
      [verifyNodeRequest({ ...headers, [NODE_HEADERS.signature]: "0x1234" }, BODY, options()), "MALFORMED"],
    ];
    for (const [promise, code] of cases) expect(await codeOf(promise)).toBe(code);
  });

  it("forgets nonces once their window has passed", () => {
    const window = new NonceWindow();
    for (let i = 0; i < 3_000; i++) window.claim(1n, `0x${i.toString(16).padStart(32, "0")}`, i < 2_000 ? NOW - 1 : NOW + 100, NOW);
    expect(window.size).toBeLessThan(3_000);
    expect(window.claim(1n, `0x${(2_500).toString(16).padStart(32, "0")}`, NOW + 100, NOW)).toBe(false);
  });
});
