import hre from "hardhat";
import { BaseError, ContractFunctionRevertedError, type Account, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { allAbis } from "../../../keepers/chain/abis.generated.js";
import { decodeRevert } from "../../../keepers/chain/decodeRevert.js";
import type { Deployment } from "../../../keepers/chain/deploymentFile.js";
import { protocolContracts, type ProtocolContracts } from "../../../keepers/chain/protocolContracts.js";
import { deployProtocol } from "../../../scripts/deploy/deployProtocol.js";
import { rejection } from "../helpers/rejection.js";

describe("the keepers' typed contracts (generated ABIs + the deployment file)", () => {
  let deployment: Deployment;
  let contracts: ProtocolContracts;
  let stranger: WalletClient<Transport, Chain, Account>;

  beforeAll(async () => {
    const connection = await hre.network.create();
    ({ deployment } = await deployProtocol(connection, { outDir: null }));
    const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient<Transport, Chain>;
    const wallets = await connection.viem.getWalletClients();
    stranger = wallets[7] as unknown as WalletClient<Transport, Chain, Account>;
    contracts = protocolContracts(deployment, { public: publicClient, wallet: stranger });
  });

  it("reads every contract of the deployment through its ABI", async () => {
    expect(await contracts.token.read.symbol()).toBe("IFX");
    expect(await contracts.token.read.totalMinted()).toBe(500_000_000n * 10n ** 18n);
    expect(await contracts.market.read.registry()).toBe(deployment.contracts.NodeRegistry);
    expect(await contracts.ifxUsdOracle.read.asset()).toBe(deployment.contracts.IFXToken);
    // A fresh TWAP has no window yet: the price source fails closed, and the revert is named whichever source it is.
    const stale = decodeRevert(await rejection(contracts.ifxUsdOracle.read.usdPriceWad()), allAbis);
    expect(stale?.message).toBe("OracleWindowTooShort(0, 1800)");
    expect(await contracts.stablecoin.read.decimals()).toBe(deployment.external.stablecoinDecimals);
  });

  it("decodes a revert to the contract's custom error and its values", async () => {
    const error = await rejection(contracts.market.simulate.cancel([`0x${"11".repeat(32)}`], { account: stranger.account.address }));
    const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    expect(revert).toBeInstanceOf(ContractFunctionRevertedError);
    expect((revert as ContractFunctionRevertedError).data?.errorName).toBe("MarketUnknownJob");
    expect(decodeRevert(error, allAbis)?.message).toBe(`MarketUnknownJob(0x${"11".repeat(32)})`);
  });
});
