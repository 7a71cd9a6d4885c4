import { createHmac } from "node:crypto";
import { keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { drawAtomicNoises, MIN_PERIOD, renderNoiseTexture } from "../../../por/atomicNoise.js";
import { deriveTaskSecret, POR_KDF_SALT } from "../../../por/deriveTaskSecret.js";
import { KeyStream } from "../../../por/keyStream.js";
import { createTaskKey, parseTaskKey, serializeTaskKey, taskKeyHash } from "../../../por/taskKey.js";

const MANAGER_SECRET = new Uint8Array(32).map((_, i) => i + 1);

/** HKDF-SHA256 written out from RFC 5869 (extract, then one block of expand): an independent check of the KDF. */
function hkdfByHand(ikm: Uint8Array, salt: string, info: string): string {
  const prk = createHmac("sha256", salt).update(ikm).digest();
  return toHex(createHmac("sha256", prk).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest());
}

describe("PoR keys (WP §III-A, §III-D)", () => {
  it("derives the task secret with HKDF-SHA256 keyed by the manager's secret (golden vector)", () => {
    const derived = toHex(deriveTaskSecret(MANAGER_SECRET, "job-1/task-7"));
    expect(derived).toBe("0xe372953c751e37c129b9f957b829f71317b0adfc4531ff5d825a984ba8310645");
    expect(derived).toBe(hkdfByHand(MANAGER_SECRET, POR_KDF_SALT, "task:job-1/task-7"));
  });

  it("cannot be predicted from the task id: another manager secret or task id gives an unrelated key", () => {
    const other = new Uint8Array(32).fill(9);
    const a = taskKeyHash(createTaskKey(MANAGER_SECRET, "job-1/task-7"));
    expect(taskKeyHash(createTaskKey(other, "job-1/task-7"))).not.toBe(a);
    expect(taskKeyHash(createTaskKey(MANAGER_SECRET, "job-1/task-8"))).not.toBe(a);
    expect(taskKeyHash(createTaskKey(MANAGER_SECRET, "job-1/task-7"))).toBe(a);
    expect(() => deriveTaskSecret(new Uint8Array(16), "t")).toThrow(/at least 32 bytes/);
    expect(() => deriveTaskSecret(MANAGER_SECRET, "")).toThrow(/empty/);
  });

  it("draws the noises of a key deterministically (golden vector)", () => {
    const key = createTaskKey(MANAGER_SECRET, "job-1/task-7", { n: 3 });
    expect(key.noises).toEqual([
      { periodX: 18.32793341688596, periodY: 31.88770482621574, phase: 5.368800549750848, amplitude: 1 },
      { periodX: 24.888578481967972, periodY: 26.46092895636437, phase: 0.5690788849062516, amplitude: 1 },
      { periodX: 35.83109373394031, periodY: 24.589439686282656, phase: 2.4676327024072653, amplitude: 1 },
    ]);
    expect(taskKeyHash(key)).toBe("0x4cff8a18f197277697125e4203711bbffb2b8edf84e78e612819808dfd79d1f4");
  });

  it("draws periods from N(mu, sigma^2) (WP eq. 9), never below two texels", () => {
    const noises = drawAtomicNoises(deriveTaskSecret(MANAGER_SECRET, "stats"), 256, { mu: 25, sigma: 5 });
    const periods = noises.flatMap((w) => [w.periodX, w.periodY]);
    const mean = periods.reduce((a, b) => a + b, 0) / periods.length;
    const sd = Math.sqrt(periods.reduce((a, b) => a + (b - mean) ** 2, 0) / (periods.length - 1));
    expect(Math.abs(mean - 25)).toBeLessThan(0.7); // 4 standard errors of 512 draws
    expect(Math.abs(sd - 5)).toBeLessThan(0.7);
    const wide = drawAtomicNoises(deriveTaskSecret(MANAGER_SECRET, "wide"), 256, { mu: 3, sigma: 4 });
    expect(Math.min(...wide.flatMap((w) => [w.periodX, w.periodY]))).toBeGreaterThanOrEqual(MIN_PERIOD);
    expect(() => drawAtomicNoises(MANAGER_SECRET, 0, { mu: 25, sigma: 5 })).toThrow(RangeError);
    expect(() => drawAtomicNoises(MANAGER_SECRET, 3, { mu: 1, sigma: 5 })).toThrow(RangeError);
  });

  it("streams are labelled: one kind of draw never shifts another", () => {
    const a = new KeyStream(MANAGER_SECRET, "periods");
    const b = new KeyStream(MANAGER_SECRET, "phases");
    const first = a.uniform();
    b.uniform();
    b.uniform();
    expect(new KeyStream(MANAGER_SECRET, "periods").uniform()).toBe(first);
    const u = Array.from({ length: 2_000 }, () => a.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(u.reduce((s, v) => s + v, 0) / u.length - 0.5)).toBeLessThan(0.03);
  });

  it("renders the texture of an atomic noise, periodic in both directions (golden vector)", () => {
    const noise = { periodX: 25, periodY: 20, phase: 1, amplitude: 1 };
    const texture = renderNoiseTexture(noise, 64, 32);
    expect(keccak256(texture)).toBe("0xb6cbba77f4dd8cef4651496350f14a9da66aa3ca5d0ce1e45898a6984266afab");
    const at = (x: number, y: number) => texture[y * 64 + x]!;
    expect(at(3, 4)).toBe(at(28, 4)); // one horizontal period later
    expect(at(3, 4)).toBe(at(3, 24)); // one vertical period later
    expect(Math.max(...texture)).toBe(255);
    expect(Math.min(...texture)).toBe(1);
    const faint = renderNoiseTexture({ ...noise, amplitude: 0.1 }, 64, 32);
    expect(Math.max(...faint) - Math.min(...faint)).toBeLessThanOrEqual(26);
  });

  it("round-trips a key through its versioned JSON and refuses malformed keys by name", () => {
    const key = createTaskKey(MANAGER_SECRET, "job-2/task-0", { n: 4, textureSize: 64 });
    key.placements.push({ frame: 3, regions: key.noises.map((_, i) => ({ x0: 10 * i, y0: 5, x1: 10 * i + 5, y1: 10 })) });
    const json = serializeTaskKey(key);
    const back = parseTaskKey(json);
    expect(back).toEqual(key);
    expect(taskKeyHash(back)).toBe(taskKeyHash(key));
    expect(() => parseTaskKey("{")).toThrow(/not JSON/);
    expect(() => parseTaskKey(json.replace('"version":1', '"version":3'))).toThrow(/unsupported key version 3/);
    expect(() => parseTaskKey(json.replace('"version":1', '"version":2'))).toThrow(/version 2 key needs its detector/);
    const broken = JSON.parse(json) as { placements: { regions: unknown[] }[] };
    broken.placements[0]!.regions.pop();
    expect(() => parseTaskKey(JSON.stringify(broken))).toThrow(/one region per noise/);
  });
});
