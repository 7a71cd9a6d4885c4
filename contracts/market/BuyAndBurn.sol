// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IBuyAndBurn} from "../interfaces/IBuyAndBurn.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IIFXToken} from "../interfaces/IIFXToken.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";
import {UsdMath} from "../libraries/UsdMath.sol";
import {ParamKeys} from "../params/ParamKeys.sol";

interface IUniswapV2RouterSwap {
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);
}

/// @title BuyAndBurn
/// @notice See `IBuyAndBurn`. The IFXDollar's burn receiver.
/// @dev The stablecoin is valued at 1 USD per unit (it is what ifxDollar is pegged to). Minimum out =
///      stable in USD / IFX TWAP price x (1 - max slippage), rounded down; the router reverts below it. The TWAP fails
///      closed, so no batch runs on an unknown price.
contract BuyAndBurn is ReentrancyGuard, IBuyAndBurn {
    using SafeERC20 for IERC20;

    uint256 internal constant _BPS = 10_000;

    IERC20 public immutable stablecoin;
    uint8 internal immutable _stableDecimals;
    IIFXToken public immutable ifx;
    IPriceSource public immutable ifxUsd;
    IUniswapV2RouterSwap public immutable router;
    IParameterRegistry public immutable params;
    IEpochClock public immutable clock;

    mapping(uint256 epoch => uint256) public burnedInEpoch;
    /// @inheritdoc IBuyAndBurn
    uint256 public totalBurned;
    /// @inheritdoc IBuyAndBurn
    uint256 public totalStableSpent;
    uint256 public lastBurnAt;

    constructor(
        IERC20Metadata stablecoin_,
        IIFXToken ifx_,
        IPriceSource ifxUsd_,
        IUniswapV2RouterSwap router_,
        IParameterRegistry params_,
        IEpochClock clock_
    ) {
        stablecoin = stablecoin_;
        _stableDecimals = stablecoin_.decimals();
        ifx = ifx_;
        ifxUsd = ifxUsd_;
        router = router_;
        params = params_;
        clock = clock_;
        lastBurnAt = block.timestamp;
    }

    /// @inheritdoc IBuyAndBurn
    function nextBurnAt() public view returns (uint256) {
        return lastBurnAt + params.get(ParamKeys.BURN_INTERVAL_SECONDS);
    }

    /// @inheritdoc IBuyAndBurn
    function burn(uint256 maxStableIn) external nonReentrant returns (uint256 ifxBurned) {
        uint256 balance = stablecoin.balanceOf(address(this));
        uint256 stableIn = balance < maxStableIn ? balance : maxStableIn;
        if (stableIn == 0) revert BurnNothingToBurn();
        uint256 minBatch = UsdMath.toStableUp(params.get(ParamKeys.BURN_MIN_BATCH_USD_WAD), _stableDecimals);
        uint256 nextAt = nextBurnAt();
        if (balance < minBatch && block.timestamp < nextAt) revert BurnNotDue(balance, minBatch, nextAt);

        uint256 priceWad = ifxUsd.usdPriceWad();
        uint256 usdWad = stableIn * 10 ** (18 - _stableDecimals);
        uint256 fairIfx = UsdMath.toTokensDown(usdWad, priceWad, 18);
        uint256 minOut = (fairIfx * (_BPS - params.get(ParamKeys.BURN_MAX_SLIPPAGE_BPS))) / _BPS;

        lastBurnAt = block.timestamp;
        address[] memory path = new address[](2);
        path[0] = address(stablecoin);
        path[1] = address(ifx);
        stablecoin.forceApprove(address(router), stableIn);
        uint256[] memory amounts = router.swapExactTokensForTokens(stableIn, minOut, path, address(this), block.timestamp);
        ifxBurned = amounts[1];
        ifx.burn(ifxBurned);

        uint256 epoch = clock.currentEpoch();
        burnedInEpoch[epoch] += ifxBurned;
        totalBurned += ifxBurned;
        totalStableSpent += stableIn;
        emit Burned(epoch, stableIn, ifxBurned, minOut, priceWad);
    }
}
