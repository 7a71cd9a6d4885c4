/**
 * `npm run deploy -- [options]`: deploys the protocol to a network with the deploy module.
 *
 *   npm run deploy                                   # the in-process local chain (a dry run: the chain ends with the process)
 *   npm run deploy -- --network localhost            # a running `npx hardhat node`
 *   IFX_RPC_URL=... IFX_DEPLOYER_KEY=... npm run deploy -- --network remote --stablecoin 0x... --dex 0xF,0xR,0xW \
 *     --holders holders.json --airdrop airdrop.json --whitelist whitelist.json --managers 0xM1,0xM2 \
 *     --tge-not-before 1767225600
 *
 * holders.json: {"seed": "0x..", "strategic": "0x..", "kol": "0x..", "publicSale": "0x..", "liquidity": "0x..",
 * "foundation": "0x.."}. airdrop.json: [{"account": "0x..", "amount": "1000000000000000000000"}, ...] (IFX wei).
 * whitelist.json: the same shape, `amount` a license quota. --managers: accounts given the benchmark role.
 */
import { readFile } from "node:fs/promises";
import { Command, InvalidArgumentError } from "commander";
import hre from "hardhat";
import { getAddress, isAddress, type Address } from "viem";
import { deployProtocol, type DeployOptions, type TgeHolders } from "./deployProtocol.js";

const address = (value: string): Address => {
  if (!isAddress(value)) throw new InvalidArgumentError(`not an address: ${value}`);
  return getAddress(value);
};

async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch (cause) {
    throw new Error(`cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

const program = new Command("deploy")
  .description("Deploy the Inferix protocol and write deployments/<chainId>.json")
  .option("--network <name>", "Hardhat network (see hardhat.config.ts)", "default")
  .option("--stablecoin <address>", "existing USD stablecoin (default: deploy DevStablecoin)", address)
  .option("--dex <factory,router,weth>", "existing Uniswap V2 deployment (default: deploy it from npm artifacts)")
  .option("--holders <file>", "TGE holders JSON (required off the local chain)")
  .option("--airdrop <file>", "airdrop list JSON (required off the local chain)")
  .option("--whitelist <file>", "license whitelist JSON (required off the local chain)")
  .option("--managers <addresses>", "comma-separated accounts with the IB benchmark role")
  .option("--eth-usd-feed <address>", "Chainlink-style ETH/USD feed (default: the WETH/stablecoin TWAP)", address)
  .option("--feed-max-age <seconds>", "oldest feed answer accepted", "3900")
  .option("--tge-not-before <unix>", "earliest TGE time (default: now)")
  .option("--no-execute-tge", "deploy without running the TGE")
  .option("--out <dir>", "where to write the deployment file", "deployments");

async function main(): Promise<void> {
  program.parse();
  const o = program.opts<{
    network: string;
    stablecoin?: Address;
    dex?: string;
    holders?: string;
    airdrop?: string;
    whitelist?: string;
    managers?: string;
    ethUsdFeed?: Address;
    feedMaxAge: string;
    tgeNotBefore?: string;
    executeTge: boolean;
    out: string;
  }>();
  const options: DeployOptions = { outDir: o.out, log: (m) => process.stdout.write(`${m}\n`), executeTge: o.executeTge };
  const external: NonNullable<DeployOptions["external"]> = {};
  if (o.stablecoin) external.stablecoin = o.stablecoin;
  if (o.dex) {
    const [factory, router, weth] = o.dex.split(",").map((s) => address(s.trim()));
    if (!factory || !router || !weth) throw new Error("--dex needs factory,router,weth");
    Object.assign(external, { uniswapV2Factory: factory, uniswapV2Router: router, weth });
  }
  options.external = external;
  if (o.holders) options.holders = await readJson<TgeHolders>(o.holders);
  const readList = async (file: string) =>
    (await readJson<{ account: string; amount: string }[]>(file)).map((e) => ({ account: address(e.account), amount: BigInt(e.amount) }));
  if (o.airdrop) options.airdrop = await readList(o.airdrop);
  if (o.whitelist) options.licenseWhitelist = await readList(o.whitelist);
  if (o.managers) options.benchmarkManagers = o.managers.split(",").map((s) => address(s.trim()));
  if (o.ethUsdFeed) options.ethUsdFeed = { address: o.ethUsdFeed, maxAgeSeconds: BigInt(o.feedMaxAge) };
  if (o.tgeNotBefore) options.tgeNotBefore = BigInt(o.tgeNotBefore);
  const connection = await hre.network.connect({ network: o.network });
  const { deployment, file } = await deployProtocol(connection, options);
  process.stdout.write(`deployed to chain ${deployment.chainId} from block ${deployment.startBlock}: ${file}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
