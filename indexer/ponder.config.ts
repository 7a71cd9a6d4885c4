import { createConfig, factory } from "ponder";
import { getAbiItem } from "viem";
import {
  buyAndBurnAbi, epochClockAbi, ifxDollarAbi, epochRewardsAbi, guaranteedBuybackAbi, ifxGovernorAbi, ifxTokenAbi, jobDisputesAbi, jobMarketAbi, nodeLicenseAbi,
  nodeRegistryAbi, nodeStakingAbi, parameterRegistryAbi, penaltyPoolAbi, ecosystemFundAbi, merkleAirdropAbi, tokenGenerationEventAbi,
  trancheVestingWalletAbi, ifxTimelockAbi,
} from "../keepers/chain/abis.generated.js";
import { loadIndexerEnv } from "./lib/indexerEnv.js";

/**
 * The indexer reads what every other reader reads (DESIGN "Chain access", STYLE 15): addresses and the first block
 * from the deployment file our deploy module writes (`IFX_DEPLOYMENT`), ABIs generated from the build's artifacts.
 * The chain is the deployment's; its RPC is `IFX_RPC_URL` (or Ponder's own `PONDER_RPC_URL_<chainId>`).
 * The database is Ponder's embedded PGlite unless `DATABASE_URL` names a PostgreSQL server.
 */
const { deployment, rpcUrl, databaseUrl, pgliteDirectory, pollingIntervalMs, getLogsBlockRange } = await loadIndexerEnv(process.env);
const startBlock = Number(deployment.startBlock);
const c = deployment.contracts;
const on = <const A extends readonly unknown[]>(abi: A, address: `0x${string}`) => ({ chain: "inferix", abi, address, startBlock }) as const;

export default createConfig({
  database: databaseUrl === undefined ? { kind: "pglite", directory: pgliteDirectory } : { kind: "postgres", connectionString: databaseUrl },
  chains: {
    inferix: { id: deployment.chainId, rpc: rpcUrl, pollingInterval: pollingIntervalMs, ...(getLogsBlockRange === undefined ? {} : { ethGetLogsBlockRange: getLogsBlockRange }) },
  },
  contracts: {
    NodeLicense: on(nodeLicenseAbi, c.NodeLicense),
    NodeRegistry: on(nodeRegistryAbi, c.NodeRegistry),
    NodeStaking: on(nodeStakingAbi, c.NodeStaking),
    JobMarket: on(jobMarketAbi, c.JobMarket),
    JobDisputes: on(jobDisputesAbi, c.JobDisputes),
    EpochClock: on(epochClockAbi, c.EpochClock),
    EpochRewards: on(epochRewardsAbi, c.EpochRewards),
    BuyAndBurn: on(buyAndBurnAbi, c.BuyAndBurn),
    PenaltyPool: on(penaltyPoolAbi, c.PenaltyPool),
    GuaranteedBuyback: on(guaranteedBuybackAbi, c.GuaranteedBuyback),
    IFXToken: on(ifxTokenAbi, c.IFXToken),
    IFXGovernor: on(ifxGovernorAbi, c.IFXGovernor),
    ParameterRegistry: on(parameterRegistryAbi, c.ParameterRegistry),
    IFXDollar: on(ifxDollarAbi, c.IFXDollar),
    IFXTimelock: on(ifxTimelockAbi, c.IFXTimelock),
    TokenGenerationEvent: on(tokenGenerationEventAbi, c.TokenGenerationEvent),
    MerkleAirdrop: on(merkleAirdropAbi, c.MerkleAirdrop),
    EcosystemFund: on(ecosystemFundAbi, c.EcosystemFund),
    // The vesting wallets are created by the TGE, possibly long after deployment: found from its `AllocationMinted`
    // (an unlocked tranche's recipient is its holder, which never emits `ERC20Released`; the handler skips it anyway).
    TrancheVestingWallet: {
      chain: "inferix",
      abi: trancheVestingWalletAbi,
      address: factory({ address: c.TokenGenerationEvent, event: getAbiItem({ abi: tokenGenerationEventAbi, name: "AllocationMinted" }), parameter: "recipient" }),
      startBlock,
    },
  },
});
