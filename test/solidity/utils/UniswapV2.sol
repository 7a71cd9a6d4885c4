// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";

interface IUniswapV2FactoryLike {
    function createPair(address tokenA, address tokenB) external returns (address pair);
}

interface IUniswapV2PairLike {
    function token0() external view returns (address);
    function mint(address to) external returns (uint256 liquidity);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function sync() external;
}

interface IWETH9Like {
    function deposit() external payable;
    function transfer(address to, uint256 value) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}

/// @notice Deploys the real Uniswap V2 (factory, WETH9) from the bytecode in the @uniswap npm packages' build folders,
///         which Hardhat's test runner may read (hardhat.config.ts `fsPermissions`).
library UniswapV2 {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    function deployFactory(address feeToSetter) internal returns (IUniswapV2FactoryLike) {
        bytes memory code = _bytecode("node_modules/@uniswap/v2-core/build/UniswapV2Factory.json");
        return IUniswapV2FactoryLike(_create(abi.encodePacked(code, abi.encode(feeToSetter))));
    }

    function deployRouter(address factory, address weth) internal returns (address) {
        bytes memory code = _bytecode("node_modules/@uniswap/v2-periphery/build/UniswapV2Router02.json");
        return _create(abi.encodePacked(code, abi.encode(factory, weth)));
    }

    function deployWeth() internal returns (IWETH9Like) {
        return IWETH9Like(_create(_bytecode("node_modules/@uniswap/v2-periphery/build/WETH9.json")));
    }

    /// @notice Swaps `amountIn` of `tokenIn`, already transferred into `pair`, for the other token at Uniswap V2's
    ///         own getAmountOut (0.3% fee), paid to `to`. Returns the amount out.
    function swapIn(IUniswapV2PairLike pair, address tokenIn, uint256 amountIn, address to) internal returns (uint256 out) {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        bool inIs0 = pair.token0() == tokenIn;
        (uint256 rIn, uint256 rOut) = inIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        out = (amountIn * 997 * rOut) / (rIn * 1_000 + amountIn * 997);
        pair.swap(inIs0 ? 0 : out, inIs0 ? out : 0, to, "");
    }

    function _bytecode(string memory path) private view returns (bytes memory) {
        return vm.parseJsonBytes(vm.readFile(path), ".bytecode");
    }

    function _create(bytes memory initCode) private returns (address deployed) {
        assembly {
            deployed := create(0, add(initCode, 0x20), mload(initCode))
        }
        require(deployed != address(0), "UniswapV2: deployment failed");
    }
}
