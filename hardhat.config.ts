import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

/**
 * Solidity compiles offline: the wasm compiler shipped in the pinned `solc` npm package, never a download.
 * Keep `version` equal to the `solc` package's version in package.json.
 */
const soljson = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    profiles: {
      default: {
        version: "0.8.28",
        path: soljson,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
    },
  },
  paths: {
    sources: "contracts",
    tests: { solidity: "test/solidity" },
  },
  test: {
    solidity: {
      // The real Uniswap V2 bytecode, read by Solidity tests from the npm artifacts (no stand-in DEX).
      fsPermissions: { readDirectory: ["node_modules/@uniswap/v2-core/build", "node_modules/@uniswap/v2-periphery/build"] },
      fuzz: { runs: 256 },
      invariant: { runs: 256, depth: 64, failOnRevert: false },
    },
  },
  networks: {
    // A real network: the RPC URL and the deployer's key come from the environment or Hardhat's encrypted keystore.
    remote: {
      type: "http",
      chainType: "l1",
      url: configVariable("IFX_RPC_URL"),
      accounts: [configVariable("IFX_DEPLOYER_KEY")],
    },
  },
});
