// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPriceSource
/// @notice The one price interface of the protocol: the USD price of one whole unit of `asset()`. Served by the TWAP
///         of a Uniswap V2 pool against a USD stablecoin (`UniswapV2TwapOracle`), or by a Chainlink-style feed adapter
///         on a real network. No spot price ever decides money (DESIGN "Prices on-chain").
/// @dev Warning: implementations fail closed: when they cannot give a manipulation-resistant price (a pool too young
///      for the window, observations too stale) they revert rather than answer.
interface IPriceSource {
    /// @notice The asset priced (IFX, WETH).
    function asset() external view returns (address);
    /// @notice USD per one whole unit of the asset, with 18 decimals.
    function usdPriceWad() external view returns (uint256);
}
