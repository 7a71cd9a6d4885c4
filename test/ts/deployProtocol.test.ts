import hre from "hardhat";
import type { Abi, Hex } from "viem";
import { beforeAll, describe, expect, it } from "vitest";
import { deployProtocol } from "../../scripts/deploy/deployProtocol.js";
import { LOCAL_POOLS } from "../../scripts/deploy/localDefaults.js";
import type { Deployment } from "../../keepers/chain/deploymentFile.js";

const IFX = 10n ** 18n;

describe("deployProtocol on a local chain", () => {
  let connection: Awaited<ReturnType<typeof hre.network.create>>;
  let deployment: Deployment;

  beforeAll(async () => {
    connection = await hre.network.create();
    ({ deployment } = await deployProtocol(connection, { outDir: null }));
  });

  it("runs the TGE: 500M minted, every tranche where the table says", async () => {
    const { viem } = connection;
    const token = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken);
    expect(await token.read.totalMinted()).toBe(500_000_000n * IFX);
    expect(await token.read.balanceOf([deployment.contracts.IFXTimelock])).toBe(141_000_000n * IFX);
    expect(await token.read.balanceOf([deployment.contracts.MerkleAirdrop])).toBe(3_000_000n * IFX);
    // The liquidity tranche (6M) seeded the local IFX/dUSD pool with 1M.
    expect(await token.read.balanceOf([deployment.tge.holders.liquidity!])).toBe(6_000_000n * IFX - LOCAL_POOLS.ifxAmount);
    expect(await token.read.balanceOf([deployment.external.ifxStablePair])).toBe(LOCAL_POOLS.ifxAmount);
    expect(Object.keys(deployment.tge.vestingWallets).sort()).toEqual(
      ["foundation", "kol", "publicSale", "seed", "strategic"].sort(),
    );
    expect(await token.read.balanceOf([deployment.tge.vestingWallets.foundation!])).toBe(125_000_000n * IFX);
  });

  it("leaves the deployer with no role anywhere: only the timelock governs", async () => {
    const { viem } = connection;
    const { deployer, contracts } = deployment;
    const admin = `0x${"00".repeat(32)}` as const;
    const timelock = await viem.getContractAt("IFXTimelock", contracts.IFXTimelock);
    const eco = await viem.getContractAt("EcosystemFund", contracts.EcosystemFund);
    const credits = await viem.getContractAt("IFXDollar", contracts.IFXDollar);
    const params = await viem.getContractAt("ParameterRegistry", contracts.ParameterRegistry);
    const nodeContracts = await Promise.all([
      viem.getContractAt("NodeLicense", contracts.NodeLicense),
      viem.getContractAt("NodeRegistry", contracts.NodeRegistry),
      viem.getContractAt("NodeStaking", contracts.NodeStaking),
      viem.getContractAt("PenaltyPool", contracts.PenaltyPool),
      viem.getContractAt("EpochRewards", contracts.EpochRewards),
      viem.getContractAt("JobMarket", contracts.JobMarket),
    ]);
    const token = await viem.getContractAt("IFXToken", contracts.IFXToken);
    for (const c of [token, eco, credits, ...nodeContracts]) {
      expect(await c.read.hasRole([admin, deployer])).toBe(false);
      expect(await c.read.hasRole([admin, contracts.IFXTimelock])).toBe(true);
    }
    expect(await timelock.read.hasRole([admin, deployer])).toBe(false);
    expect(await timelock.read.hasRole([await timelock.read.PROPOSER_ROLE(), contracts.IFXGovernor])).toBe(true);
    expect((await params.read.owner()).toLowerCase()).toBe(contracts.IFXTimelock.toLowerCase());
    // The money flow is wired to the contracts, not to people.
    expect(await eco.read.hasRole([await eco.read.EPOCH_MINTER_ROLE(), contracts.EpochRewards])).toBe(true);
    expect(await credits.read.hasRole([await credits.read.MARKET_ROLE(), contracts.JobMarket])).toBe(true);
    expect((await credits.read.burnReceiver()).toLowerCase()).toBe(contracts.BuyAndBurn.toLowerCase());
    expect((await credits.read.foundation()).toLowerCase()).toBe(deployment.tge.holders.foundation!.toLowerCase());
  });

  it("flags the holders that cannot vote, so that quorum counts the supply that can", async () => {
    const { viem } = connection;
    const { contracts } = deployment;
    const token = await viem.getContractAt("IFXToken", contracts.IFXToken);
    const flagged = [...Object.values(deployment.tge.vestingWallets), contracts.IFXTimelock, contracts.MerkleAirdrop, contracts.NodeStaking, contracts.GuaranteedBuyback];
    for (const holder of flagged) expect(await token.read.isNonVoting([holder]), holder).toBe(true);
    // Holders whose IFX moves with everyday traffic stay unflagged (a checkpoint per change would tax every swap, close
    // and claim): their balances count as votable, which only makes quorum harder.
    const everyday = [deployment.tge.holders.liquidity!, deployment.external.ifxStablePair, contracts.EpochRewards, contracts.PenaltyPool, contracts.BuyAndBurn];
    for (const holder of everyday) expect(await token.read.isNonVoting([holder]), holder).toBe(false);
    // 350M in vesting wallets, 141M in the treasury, 3M unclaimed airdrop: 6M (the pool's 1M included) votable at TGE.
    expect(await token.read.nonVotingSupply()).toBe(494_000_000n * IFX);
  });

  it("leaves protocol roles with contracts only: the market's stand-in account (#19) keeps none", async () => {
    const { viem } = connection;
    const { contracts } = deployment;
    const publicClient = await viem.getPublicClient();
    const standIn = (await viem.getWalletClients())[19]!.account.address;
    const names = ["EcosystemFund", "IFXDollar", "NodeLicense", "NodeRegistry", "NodeStaking", "PenaltyPool", "EpochRewards", "JobMarket", "JobDisputes"] as const;
    for (const name of names) {
      const abi = (await hre.artifacts.readArtifact(name)).abi as Abi;
      const roleGetters = abi.filter(
        (item) => item.type === "function" && item.name.endsWith("_ROLE") && item.inputs.length === 0,
      ) as { name: string }[];
      expect(roleGetters.length).toBeGreaterThan(0);
      for (const { name: getter } of roleGetters) {
        const read = { address: contracts[name], abi };
        const role = (await publicClient.readContract({ ...read, functionName: getter })) as Hex;
        const held = await publicClient.readContract({ ...read, functionName: "hasRole", args: [role, standIn] });
        expect(held, `${name}.${getter}`).toBe(false);
      }
    }
    const registry = await viem.getContractAt("NodeRegistry", contracts.NodeRegistry);
    const staking = await viem.getContractAt("NodeStaking", contracts.NodeStaking);
    expect(await staking.read.hasRole([await staking.read.SLASHER_ROLE(), contracts.JobMarket])).toBe(true);
    // Disputes hold bonds and held fees (ifxDollar) and slash upheld workers; the market knows them, once and for good.
    expect(await staking.read.hasRole([await staking.read.SLASHER_ROLE(), contracts.JobDisputes])).toBe(true);
    const credits = await viem.getContractAt("IFXDollar", contracts.IFXDollar);
    expect(await credits.read.hasRole([await credits.read.MARKET_ROLE(), contracts.JobDisputes])).toBe(true);
    const market = await viem.getContractAt("JobMarket", contracts.JobMarket);
    expect((await market.read.disputes()).toLowerCase()).toBe(contracts.JobDisputes.toLowerCase());
    expect(await registry.read.hasRole([await registry.read.REPORTER_ROLE(), contracts.EpochRewards])).toBe(true);
    expect(await registry.read.hasRole([await registry.read.REPORTER_ROLE(), contracts.NodeStaking])).toBe(true);
  });

  it("deploys the real Uniswap V2 from npm and a 6-decimal dev stablecoin", async () => {
    const { viem } = connection;
    const publicClient = await viem.getPublicClient();
    const code = await publicClient.getCode({ address: deployment.external.uniswapV2Router });
    expect(code && code.length > 1000).toBe(true);
    expect(deployment.external.stablecoinDecimals).toBe(6);
    const credits = await viem.getContractAt("IFXDollar", deployment.contracts.IFXDollar);
    expect(await credits.read.creditsPerStableUnit()).toBe(10n ** 12n);
  });

  it("airdrop claims from the deployment's proofs pay out", async () => {
    const { viem } = connection;
    const airdrop = await viem.getContractAt("MerkleAirdrop", deployment.contracts.MerkleAirdrop);
    const token = await viem.getContractAt("IFXToken", deployment.contracts.IFXToken);
    const claim = deployment.airdrop.claims[0]!;
    const before = await token.read.balanceOf([claim.account]);
    await airdrop.write.claim([claim.account, claim.amount, claim.proof]);
    expect((await token.read.balanceOf([claim.account])) - before).toBe(claim.amount);
  });
});

describe("deployProtocol with a Chainlink-style ETH/USD feed", () => {
  it("prices licenses in ETH from the feed instead of the TWAP", async () => {
    const connection = await hre.network.create();
    const { viem, networkHelpers } = connection;
    // Chainlink's network cannot run here: a feed that replays a recorded round, with Chainlink's ABI.
    const feed = await viem.deployContract("RecordedFeed", [8]);
    await feed.write.record!([1n, 2_500n * 10n ** 8n, BigInt(await networkHelpers.time.latest()), 1n]);
    const { deployment } = await deployProtocol(connection, {
      outDir: null,
      ethUsdFeed: { address: feed.address, maxAgeSeconds: 3_900n },
    });
    const oracle = await viem.getContractAt("ChainlinkPriceSource", deployment.contracts.EthUsdOracle);
    expect(await oracle.read.usdPriceWad()).toBe(2_500n * IFX);
    const license = await viem.getContractAt("NodeLicense", deployment.contracts.NodeLicense);
    const [usdPrice, , , wei] = await license.read.quote([0, false]);
    expect(wei).toBe((usdPrice * IFX + 2_500n * IFX - 1n) / (2_500n * IFX));
  });
});
