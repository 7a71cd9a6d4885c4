// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV2PairPrices as IUniswapV2Pair} from "../interfaces/external/IUniswapV2PairPrices.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";

/// @title UniswapV2TwapOracle
/// @notice The USD price of `asset` as the time-weighted average of a real Uniswap V2 pool against a USD stablecoin.
/// @dev Mechanics of Uniswap's own sliding-window oracle (v2-periphery `ExampleSlidingWindowOracle`): a ring of
///      cumulative-price observations, recorded by anyone through `update()` at most once per slot; the price is the
///      average between the newest observation at least one window old and now (counterfactual cumulative, no `sync`).
///      The window (`twapWindowSeconds`) is governed. Fails closed: reverts when no observation is old enough (a pool
///      too young, or the oracle just deployed) or when the usable one is older than `STALENESS_FACTOR` windows
///      (nobody kept it updated, so the "average" would span a stale range).
contract UniswapV2TwapOracle is IPriceSource {
    uint256 public constant SLOTS = 12;
    uint256 public constant STALENESS_FACTOR = 4;
    uint256 internal constant _Q112 = 2 ** 112;

    struct Observation {
        uint32 timestamp;
        uint256 cumulative;
    }

    /// @notice No observation is at least one window old.
    error OracleWindowTooShort(uint256 oldestAgeSeconds, uint256 windowSeconds);
    /// @notice The newest usable observation is too old to give a recent average.
    error OracleStale(uint256 ageSeconds, uint256 maxAgeSeconds);
    /// @notice The pool has no liquidity.
    error OracleEmptyPool(address pair);
    /// @notice The pair does not hold `asset` and `quote`.
    error OracleWrongPair(address pair, address asset, address quote);

    /// @notice Emitted after an observation is recorded.
    event Observed(uint256 indexed slot, uint32 timestamp, uint256 cumulative);

    IUniswapV2Pair public immutable pair;
    address public immutable asset;
    address public immutable quote;
    IParameterRegistry public immutable params;
    bool internal immutable _assetIsToken0;
    uint8 internal immutable _assetDecimals;
    uint8 internal immutable _quoteDecimals;

    Observation[SLOTS] internal _observations;
    uint256 internal _newest;
    uint256 public observationCount;

    constructor(IUniswapV2Pair pair_, address asset_, address quote_, IParameterRegistry params_) {
        address t0 = pair_.token0();
        address t1 = pair_.token1();
        if (!((t0 == asset_ && t1 == quote_) || (t0 == quote_ && t1 == asset_))) {
            revert OracleWrongPair(address(pair_), asset_, quote_);
        }
        pair = pair_;
        asset = asset_;
        quote = quote_;
        params = params_;
        _assetIsToken0 = t0 == asset_;
        _assetDecimals = IERC20Metadata(asset_).decimals();
        _quoteDecimals = IERC20Metadata(quote_).decimals();
    }

    /// @notice The seconds between two recorded observations: the ring spans three windows.
    function granularitySeconds() public view returns (uint256) {
        return (params.get(keccak256("twapWindowSeconds")) * 3) / SLOTS;
    }

    /// @notice Records the pool's cumulative price if the newest observation is at least one slot old. Anyone may call
    ///         it; keepers do so every few minutes. Returns whether an observation was recorded.
    function update() external returns (bool recorded) {
        (uint256 cumulative, uint32 nowTs) = _currentCumulative();
        if (observationCount != 0) {
            Observation storage last = _observations[_newest];
            // uint32 wrap-around is intended, as in Uniswap V2.
            unchecked {
                if (uint256(nowTs - last.timestamp) < granularitySeconds()) return false;
            }
            _newest = (_newest + 1) % SLOTS;
        }
        _observations[_newest] = Observation(nowTs, cumulative);
        if (observationCount < SLOTS) ++observationCount;
        emit Observed(_newest, nowTs, cumulative);
        return true;
    }

    /// @inheritdoc IPriceSource
    function usdPriceWad() external view returns (uint256) {
        uint256 window = params.get(keccak256("twapWindowSeconds"));
        (uint256 cumulative, uint32 nowTs) = _currentCumulative();
        uint256 oldestAge;
        for (uint256 i; i < observationCount; ++i) {
            Observation memory o = _observations[(_newest + SLOTS - i) % SLOTS];
            uint256 age;
            unchecked {
                age = uint256(nowTs - o.timestamp);
            }
            if (age >= window) {
                if (age > window * STALENESS_FACTOR) revert OracleStale(age, window * STALENESS_FACTOR);
                uint256 averageQ112;
                unchecked {
                    // Cumulative prices overflow by design; the difference over the window is exact.
                    averageQ112 = (cumulative - o.cumulative) / age;
                }
                // averageQ112 = quote units per asset unit, UQ112x112. Scale to USD Wad per whole asset.
                return Math.mulDiv(averageQ112, 10 ** _assetDecimals * 10 ** (18 - _quoteDecimals), _Q112);
            }
            oldestAge = age;
        }
        revert OracleWindowTooShort(oldestAge, window);
    }

    /// @dev The asset's cumulative price now, with the counterfactual accrual since the pair's last update.
    function _currentCumulative() internal view returns (uint256 cumulative, uint32 nowTs) {
        nowTs = uint32(block.timestamp); // truncation to uint32 is Uniswap V2's own clock
        (uint112 reserve0, uint112 reserve1, uint32 lastTs) = pair.getReserves();
        if (reserve0 == 0 || reserve1 == 0) revert OracleEmptyPool(address(pair));
        cumulative = _assetIsToken0 ? pair.price0CumulativeLast() : pair.price1CumulativeLast();
        if (lastTs != nowTs) {
            unchecked {
                uint256 elapsed = uint256(nowTs - lastTs);
                uint256 spotQ112 = _assetIsToken0
                    ? (uint256(reserve1) * _Q112) / reserve0
                    : (uint256(reserve0) * _Q112) / reserve1;
                cumulative += spotQ112 * elapsed;
            }
        }
    }
}
