import { signNodeRequest } from "../auth/nodeRequest.js";
import type { ManagerEndpoint } from "../daemon/callManager.js";

export class UploadError extends Error {
  override readonly name = "UploadError";
  constructor(message: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type { ManagerEndpoint };

/**
 * Stores `bytes` in the manager's content store (`POST /upload`, signed by the node's operator key) and checks the CID
 * it answers with the one the worker computed itself: a manager that stored something else is caught here, before the
 * worker reports a result it cannot stand behind. Network failures and 5xx are retryable; refusals are not.
 */
export async function uploadToManager(endpoint: ManagerEndpoint, bytes: Uint8Array, expectedCid: string, signal?: AbortSignal): Promise<void> {
  const headers = await signNodeRequest(endpoint.operator, endpoint.chainId, endpoint.nodeId, "upload", bytes);
  let response: Response;
  try {
    response = await fetch(new URL("/upload", endpoint.url), { method: "POST", headers: { ...headers, "content-type": "application/octet-stream" }, body: new Uint8Array(bytes), ...(signal ? { signal } : {}) });
  } catch (error) {
    throw new UploadError(`cannot reach the manager at ${endpoint.url}: ${(error as Error).message}`, true, { cause: error });
  }
  const answer = (await response.json().catch(() => ({}))) as { cid?: string; error?: string };
  if (!response.ok) throw new UploadError(`the manager refused the upload (${response.status}): ${answer.error ?? "no reason given"}`, response.status >= 500);
  if (answer.cid !== expectedCid) throw new UploadError(`the manager stored ${answer.cid ?? "nothing"}, the worker made ${expectedCid}`, false);
}
