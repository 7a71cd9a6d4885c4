import { getContract, type Account, type Address, type Chain, type PublicClient, type Transport, type WalletClient } from "viem";
import {
  buyAndBurnAbi, ecosystemFundAbi, epochClockAbi, epochRewardsAbi, erc20Abi, guaranteedBuybackAbi, ifxDollarAbi, ifxGovernorAbi,
  ifxTimelockAbi, ifxTokenAbi, iPriceSourceAbi, jobDisputesAbi, jobMarketAbi, merkleAirdropAbi, nodeLicenseAbi, nodeRegistryAbi, nodeStakingAbi,
  parameterRegistryAbi, penaltyPoolAbi, tokenGenerationEventAbi, uniswapV2Router02Abi,
} from "./abis.generated.js";
import type { Deployment } from "./deploymentFile.js";

export interface ChainClients {
  public: PublicClient<Transport, Chain | undefined>;
  /** Present for writers (daemons, the CLI with a key); reads need only `public`. */
  wallet?: WalletClient<Transport, Chain | undefined, Account>;
}

/**
 * Every contract of a deployment as a typed viem contract (reads, simulations, writes, events), from the generated
 * ABIs and the deployment file: the one way the keepers and the CLI reach the chain (DESIGN "Chain access").
 */
export function protocolContracts(deployment: Deployment, clients: ChainClients) {
  const client = clients.wallet ? { public: clients.public, wallet: clients.wallet } : { public: clients.public };
  const at = <const A extends readonly unknown[]>(abi: A, address: Address) => getContract({ abi, address, client });
  const c = deployment.contracts;
  return {
    token: at(ifxTokenAbi, c.IFXToken),
    timelock: at(ifxTimelockAbi, c.IFXTimelock),
    governor: at(ifxGovernorAbi, c.IFXGovernor),
    params: at(parameterRegistryAbi, c.ParameterRegistry),
    tge: at(tokenGenerationEventAbi, c.TokenGenerationEvent),
    ecosystemFund: at(ecosystemFundAbi, c.EcosystemFund),
    airdrop: at(merkleAirdropAbi, c.MerkleAirdrop),
    credits: at(ifxDollarAbi, c.IFXDollar),
    clock: at(epochClockAbi, c.EpochClock),
    ethUsdOracle: at(iPriceSourceAbi, c.EthUsdOracle),
    ifxUsdOracle: at(iPriceSourceAbi, c.IfxUsdOracle),
    license: at(nodeLicenseAbi, c.NodeLicense),
    registry: at(nodeRegistryAbi, c.NodeRegistry),
    staking: at(nodeStakingAbi, c.NodeStaking),
    penaltyPool: at(penaltyPoolAbi, c.PenaltyPool),
    buyback: at(guaranteedBuybackAbi, c.GuaranteedBuyback),
    rewards: at(epochRewardsAbi, c.EpochRewards),
    market: at(jobMarketAbi, c.JobMarket),
    disputes: at(jobDisputesAbi, c.JobDisputes),
    burn: at(buyAndBurnAbi, c.BuyAndBurn),
    stablecoin: at(erc20Abi, deployment.external.stablecoin),
    router: at(uniswapV2Router02Abi, deployment.external.uniswapV2Router),
  };
}

export type ProtocolContracts = ReturnType<typeof protocolContracts>;
