import hre from "hardhat";
import { getAddress, type Abi } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { rejection } from "./helpers/rejection.js";
import { decodeRevert } from "../../keepers/chain/decodeRevert.js";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";
import { deployProtocol } from "../../scripts/deploy/deployProtocol.js";

describe("ifxDollar credits against the deployed protocol", () => {
  let connection: Awaited<ReturnType<typeof hre.network.create>>;
  let deployment: Deployment;
  let creditsAbi: Abi;

  beforeAll(async () => {
    connection = await hre.network.create();
    ({ deployment } = await deployProtocol(connection, { outDir: null }));
    creditsAbi = (await hre.artifacts.readArtifact("IFXDollar")).abi as Abi;
  });

  it("tops up 1 USD = 1 ifxDollar and refunds unspent credit", async () => {
    const { viem } = connection;
    const [, , , , , , , , , , artist] = await viem.getWalletClients();
    const usd = await viem.getContractAt("DevStablecoin", deployment.external.stablecoin, { client: { wallet: artist! } });
    const credits = await viem.getContractAt("IFXDollar", deployment.contracts.IFXDollar, { client: { wallet: artist! } });
    const me = artist!.account.address;
    await usd.write.faucet([me, 12_345_678n]); // 12.345678 USD
    await usd.write.approve([credits.address, 12_345_678n]);
    await credits.write.topUp([me, 12_345_678n]);
    expect(await credits.read.balanceOf([me])).toBe(12_345_678n * 10n ** 12n);
    await credits.write.refund([2_345_678n, me]);
    expect(await credits.read.balanceOf([me])).toBe(10n * 10n ** 18n);
    expect(await usd.read.balanceOf([me])).toBe(2_345_678n);
  });

  it("has no way for a user to transfer credits, and refuses market moves from anyone else", async () => {
    const names = creditsAbi.filter((e) => e.type === "function").map((e) => (e as { name: string }).name);
    expect(names).not.toContain("transfer");
    expect(names).not.toContain("transferFrom");
    expect(names).not.toContain("approve");
    const { viem } = connection;
    const [, , , , , , , , , , artist, other] = await viem.getWalletClients();
    const credits = await viem.getContractAt("IFXDollar", deployment.contracts.IFXDollar, { client: { wallet: artist! } });
    const failure = await rejection(credits.write.move([artist!.account.address, other!.account.address, 1n]));
    expect(decodeRevert(failure, [creditsAbi])?.errorName).toBe("AccessControlUnauthorizedAccount");
  });

  it("refuses a refund beyond the balance with the balance and the need", async () => {
    const { viem } = connection;
    const [, , , , , , , , , , , , poor] = await viem.getWalletClients();
    const credits = await viem.getContractAt("IFXDollar", deployment.contracts.IFXDollar, { client: { wallet: poor! } });
    const failure = await rejection(credits.write.refund([1n, poor!.account.address]));
    expect(decodeRevert(failure, [creditsAbi])?.message).toBe(
      `CreditsInsufficientBalance(${getAddress(poor!.account.address)}, 0, ${10n ** 12n})`,
    );
  });
});
