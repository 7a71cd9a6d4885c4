// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The part of Uniswap V2's pair interface that a TWAP oracle reads (the full one, shipped without a license
///         header in the Uniswap v2-core package, has the same functions and ABI).
interface IUniswapV2PairPrices {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function price0CumulativeLast() external view returns (uint256);
    function price1CumulativeLast() external view returns (uint256);
}
