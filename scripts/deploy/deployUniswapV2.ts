import { createRequire } from "node:module";
import type { Abi, Address, Hex } from "viem";
import type { ProtocolClients } from "./protocolClients.js";

const require = createRequire(import.meta.url);

interface NpmArtifact {
  abi: Abi;
  bytecode: string;
}

/** The compiled artifacts shipped in the `@uniswap/v2-*` npm packages: the real DEX, not a stand-in. */
function artifact(path: string): { abi: Abi; bytecode: Hex } {
  const a = require(path) as NpmArtifact;
  const bytecode = a.bytecode.startsWith("0x") ? a.bytecode : `0x${a.bytecode}`;
  return { abi: a.abi, bytecode: bytecode as Hex };
}

export interface UniswapV2 {
  factory: Address;
  router: Address;
  weth: Address;
}

/** Deploys WETH9, UniswapV2Factory and UniswapV2Router02 from their npm build artifacts. */
export async function deployUniswapV2({ wallet, publicClient }: ProtocolClients): Promise<UniswapV2> {
  const deploy = async (path: string, args: readonly unknown[]): Promise<Address> => {
    const { abi, bytecode } = artifact(path);
    const hash = await wallet.deployContract({ abi, bytecode, args, account: wallet.account, chain: wallet.chain });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) throw new Error(`deploying ${path} failed in ${hash}`);
    return receipt.contractAddress;
  };
  const weth = await deploy("@uniswap/v2-periphery/build/WETH9.json", []);
  const factory = await deploy("@uniswap/v2-core/build/UniswapV2Factory.json", [wallet.account.address]);
  const router = await deploy("@uniswap/v2-periphery/build/UniswapV2Router02.json", [factory, weth]);
  return { factory, router, weth };
}
