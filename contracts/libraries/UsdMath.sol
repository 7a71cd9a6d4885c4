// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title UsdMath
/// @notice Conversions between USD amounts (18 decimals, "Wad") and token amounts at a USD price per whole token.
///         The rounding direction is in the name and is always chosen by the caller in the protocol's favour.
library UsdMath {
    uint256 internal constant WAD = 1e18;

    /// @notice Token units worth `usdWad` at `priceWad` USD per whole token, rounded up (what a payer owes).
    function toTokensUp(uint256 usdWad, uint256 priceWad, uint8 decimals) internal pure returns (uint256) {
        return Math.mulDiv(usdWad, 10 ** decimals, priceWad, Math.Rounding.Ceil);
    }

    /// @notice Token units worth `usdWad` at `priceWad` USD per whole token, rounded down (what the protocol pays).
    function toTokensDown(uint256 usdWad, uint256 priceWad, uint8 decimals) internal pure returns (uint256) {
        return Math.mulDiv(usdWad, 10 ** decimals, priceWad);
    }

    /// @notice Stablecoin units for `usdWad`, at 1 stablecoin unit = 1 USD, rounded up.
    function toStableUp(uint256 usdWad, uint8 stableDecimals) internal pure returns (uint256) {
        return Math.mulDiv(usdWad, 10 ** stableDecimals, WAD, Math.Rounding.Ceil);
    }
}
