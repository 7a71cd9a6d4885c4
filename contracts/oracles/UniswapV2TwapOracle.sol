// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV2PairPrices as IUniswapV2Pair} from "../interfaces/external/IUniswapV2PairPrices.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";

/// @title UniswapV2TwapOracle
/// @notice The USD price of `asset` as the time-weighted average of a real Uniswap V2 pool against a USD stablecoin.
/// @dev Mechanics of Uniswap's oracles: a ring of cumulative-price observations recorded by anyone through `update()`
///      at most once per `GRANULARITY_SECONDS` (v2-periphery `ExampleSlidingWindowOracle`), and, as in Uniswap v3's
///      `Oracle.observe`, a binary search for the newest observation at least one window old; the price is the average
///      between it and now (counterfactual cumulative, no `sync`).
///      The granularity is fixed and the ring spans more than the longest governed window (1 day), so a governed
///      window change, within its bounds (5 minutes .. 1 day), finds observations of the right age at once: no price
///      blackout. (A ring sized on the window itself spans only a few *old* windows, and a longer window found nothing
///      old enough for a day.)
///      Fails closed: reverts when no observation is old enough (a pool too young, or the oracle just deployed) or when
///      the usable one is older than `STALENESS_FACTOR` windows (nobody kept it updated, so the "average" would span a
///      stale range).
contract UniswapV2TwapOracle is IPriceSource {
    /// @notice The least time between two observations.
    uint256 public constant GRANULARITY_SECONDS = 5 minutes;
    /// @notice Observations kept: with an update every slot the ring spans 299 x 5 min = 24 h 55 min, more than the
    ///         longest window the parameter registry allows (1 day).
    uint256 public constant SLOTS = 300;
    uint256 public constant STALENESS_FACTOR = 4;
    uint256 internal constant _Q112 = 2 ** 112;

    /// @dev One word: a uint32 timestamp (Uniswap V2's own clock) and the cumulative price, which wraps by design (only
    ///      differences are used), truncated to 224 bits.
    struct Observation {
        uint32 timestamp;
        uint224 cumulative;
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

    /// @notice The seconds between two recorded observations (fixed, whatever the window).
    function granularitySeconds() external pure returns (uint256) {
        return GRANULARITY_SECONDS;
    }

    /// @notice Records the pool's cumulative price if the newest observation is at least one slot old. Anyone may call
    ///         it; keepers do so every few minutes. Returns whether an observation was recorded.
    function update() external returns (bool recorded) {
        (uint256 cumulative, uint32 nowTs) = _currentCumulative();
        if (observationCount != 0) {
            // uint32 wrap-around is intended, as in Uniswap V2.
            unchecked {
                if (uint256(nowTs - _observations[_newest].timestamp) < GRANULARITY_SECONDS) return false;
            }
            _newest = (_newest + 1) % SLOTS;
        }
        // Truncation to 224 bits keeps differences exact modulo 2^224: exact while the average price (UQ112x112) times
        // the age stays below 2^224, i.e. for ages up to 4 days (< 2^19 s) any price below 2^93 quote units per asset
        // unit, far beyond any real pool.
        _observations[_newest] = Observation(nowTs, uint224(cumulative));
        if (observationCount < SLOTS) ++observationCount;
        emit Observed(_newest, nowTs, cumulative);
        return true;
    }

    /// @inheritdoc IPriceSource
    function usdPriceWad() external view returns (uint256) {
        uint256 window = params.get(keccak256("twapWindowSeconds"));
        (uint256 cumulative, uint32 nowTs) = _currentCumulative();
        uint256 count = observationCount;
        // Oldest first: position i is slot (oldest + i) % SLOTS, and ages decrease with i.
        uint256 oldest = count < SLOTS ? 0 : (_newest + 1) % SLOTS;
        uint256 oldestAge = count == 0 ? 0 : _ageOf(oldest, nowTs);
        if (count == 0 || oldestAge < window) revert OracleWindowTooShort(oldestAge, window);
        // Invariant: position `low` is at least a window old; positions from `high` on are younger.
        uint256 low;
        uint256 high = count;
        while (high - low > 1) {
            uint256 mid = (low + high) / 2;
            if (_ageOf((oldest + mid) % SLOTS, nowTs) >= window) low = mid;
            else high = mid;
        }
        Observation memory o = _observations[(oldest + low) % SLOTS];
        uint256 age = _ageOf((oldest + low) % SLOTS, nowTs);
        if (age > window * STALENESS_FACTOR) revert OracleStale(age, window * STALENESS_FACTOR);
        uint256 averageQ112;
        unchecked {
            // Cumulative prices overflow by design; the difference over the window is exact modulo 2^224.
            averageQ112 = ((cumulative - o.cumulative) & type(uint224).max) / age;
        }
        // averageQ112 = quote units per asset unit, UQ112x112. Scale to USD Wad per whole asset, rounded down.
        return Math.mulDiv(averageQ112, 10 ** _assetDecimals * 10 ** (18 - _quoteDecimals), _Q112);
    }

    function _ageOf(uint256 slot, uint32 nowTs) internal view returns (uint256 age) {
        unchecked {
            age = uint256(nowTs - _observations[slot].timestamp); // uint32 wrap-around is intended
        }
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
