// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IBuyAndBurn
/// @notice The burn of WP §VI-D: the stablecoin behind spent ifxDollar (its burn share, 80%) buys IFX on the
///         IFX/stablecoin Uniswap V2 pool and burns it. Batched: anyone may trigger a batch once the governed minimum
///         has accrued or the governed interval has passed; each batch's minimum out is the TWAP amount less the
///         governed maximum slippage, so a sandwich can take at most that bound. Burn totals are kept per epoch.
interface IBuyAndBurn {
    error BurnNotDue(uint256 balance, uint256 minBatch, uint256 nextAt);
    error BurnNothingToBurn();

    /// @notice Emitted after every batch, with the TWAP-bounded minimum the swap had to meet.
    event Burned(uint256 indexed epoch, uint256 stableIn, uint256 ifxBurned, uint256 minIfxOut, uint256 twapPriceWad);

    /// @notice Buys IFX with up to `maxStableIn` of the stablecoin balance and burns it, if a batch is due (anyone).
    ///         A batch too large for the pool's depth fails the slippage bound: keepers size batches to the pool.
    function burn(uint256 maxStableIn) external returns (uint256 ifxBurned);
    /// @notice IFX burned in `epoch`.
    function burnedInEpoch(uint256 epoch) external view returns (uint256);
    /// @notice IFX burned in total, and the stablecoin spent on it.
    function totalBurned() external view returns (uint256);
    function totalStableSpent() external view returns (uint256);
    /// @notice When the interval alone makes a batch due.
    function nextBurnAt() external view returns (uint256);
}
