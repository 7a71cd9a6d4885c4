import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { describe, expect, it } from "vitest";
import { readDeployment, DeploymentFileError } from "../../keepers/chain/deploymentFile.js";
import { buildAirdrop } from "../../scripts/deploy/buildAirdrop.js";
import { deployProtocol } from "../../scripts/deploy/deployProtocol.js";

describe("deployment file", () => {
  it("round-trips through disk with bigints intact", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ifx-deploy-"));
    const connection = await hre.network.create();
    const { deployment, file } = await deployProtocol(connection, { outDir: dir });
    expect(file).toBe(path.join(dir, "31337.json"));
    const read = await readDeployment(31337, dir);
    expect(read).toEqual(deployment);
    expect(typeof read.airdrop.claims[0]!.amount).toBe("bigint");
  });

  it("says what is missing instead of failing later", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ifx-deploy-"));
    await expect(readDeployment(1, dir)).rejects.toThrow(/no deployment for chain 1/);
    await writeFile(path.join(dir, "5.json"), JSON.stringify({ contracts: { IFXToken: "0x12" } }));
    await expect(readDeployment(5, dir)).rejects.toBeInstanceOf(DeploymentFileError);
    await expect(readDeployment(5, dir)).rejects.toThrow(/contracts.IFXToken is missing or not an address/);
  });

  it("refuses an airdrop list that the 3M unlock could not pay, or that lists an account twice", () => {
    const a = "0x00000000000000000000000000000000000000a1" as const;
    const b = "0x00000000000000000000000000000000000000b2" as const;
    expect(() => buildAirdrop([{ account: a, amount: 3_000_000n * 10n ** 18n + 1n }])).toThrow(/above the 3,000,000 IFX/);
    expect(() => buildAirdrop([{ account: a, amount: 1n }, { account: a, amount: 1n }])).toThrow(/twice/);
    expect(() => buildAirdrop([{ account: b, amount: 0n }])).toThrow(/must be positive/);
    expect(buildAirdrop([{ account: a, amount: 1n }, { account: b, amount: 2n }]).claims).toHaveLength(2);
  });

  it("requires holders and airdrop off the local chain", async () => {
    // The same function, pointed at a chain that is not 31337: it refuses to guess whose tokens these are.
    const connection = await hre.network.create({ override: { chainId: 8453 } });
    await expect(deployProtocol(connection, { outDir: null })).rejects.toThrow(/pass the TGE holders explicitly/);
  });
});
