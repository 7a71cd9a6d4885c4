import { hkdfSync } from "node:crypto";

/** Domain separation of every PoR derivation; bump the version with any change to what derives from the secret. */
export const POR_KDF_SALT = "inferix/por/v1";

/**
 * The secret a task's PoR key is drawn from (WP §III-D): HKDF-SHA256 (RFC 5869) keyed by the manager's secret, with
 * the task id as context. The WP's own reading (the key computed from the task id alone) lets anyone who knows the id,
 * a worker included, compute where the marks are: the attack of WP §IV-1. Knowing task ids, or other tasks' keys,
 * tells nothing about this one without the manager's secret.
 */
export function deriveTaskSecret(managerSecret: Uint8Array, taskId: string): Uint8Array {
  if (managerSecret.length < 32) throw new RangeError(`the manager's secret must be at least 32 bytes, got ${managerSecret.length}`);
  if (taskId.length === 0) throw new RangeError("the task id is empty");
  return new Uint8Array(hkdfSync("sha256", managerSecret, POR_KDF_SALT, `task:${taskId}`, 32));
}
