// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {NodesFixture} from "./utils/NodesFixture.sol";
import {IUniswapV2PairLike} from "./utils/UniswapV2.sol";
import {UniswapV2TwapOracle} from "../../contracts/oracles/UniswapV2TwapOracle.sol";
import {IUniswapV2PairPrices} from "../../contracts/interfaces/external/IUniswapV2PairPrices.sol";

/// @notice The TWAP oracles on the fixture's real Uniswap V2 pools: WETH/dUSD at $3,000 per ETH (observed once at
///         deployment, T0) and IFX/dUSD at $0.10 per IFX (empty until runTgeAndSeedIfxPool).
contract UniswapV2TwapOracleTest is NodesFixture {
    uint256 internal constant WINDOW = 30 minutes;
    uint256 internal constant GRANULARITY = 5 minutes;
    bytes32 internal constant TWAP_WINDOW = keccak256("twapWindowSeconds");

    function setUp() public {
        deployNodes();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev The pool's spot price of `asset` in USD Wad, from the reserves (dUSD has 6 decimals).
    function _spotWad(IUniswapV2PairLike pair, address asset) internal view returns (uint256) {
        (uint112 r0, uint112 r1,) = pair.getReserves();
        (uint256 rAsset, uint256 rUsd) = pair.token0() == asset ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        return (rUsd * 1e12 * 1e18) / rAsset;
    }

    function _absDiff(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }




    // ------------------------------------------------------------------ reverts

    function test_constructor_revertsOnWrongPair() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                UniswapV2TwapOracle.OracleWrongPair.selector, address(ifxUsdPair), address(weth), address(usd)
            )
        );
        new UniswapV2TwapOracle(IUniswapV2PairPrices(address(ifxUsdPair)), address(weth), address(usd), params);
    }

    function test_constructor_revertsWhenAssetIsQuote() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                UniswapV2TwapOracle.OracleWrongPair.selector, address(wethUsdPair), address(usd), address(usd)
            )
        );
        new UniswapV2TwapOracle(IUniswapV2PairPrices(address(wethUsdPair)), address(usd), address(usd), params);
    }

    function test_constructor_acceptsEitherTokenOrder() public {
        UniswapV2TwapOracle inverse =
            new UniswapV2TwapOracle(IUniswapV2PairPrices(address(wethUsdPair)), address(usd), address(weth), params);
        assertEq(inverse.asset(), address(usd), "asset");
        assertEq(inverse.quote(), address(weth), "quote");
    }

    function test_update_revertsOnEmptyPool() public {
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleEmptyPool.selector, address(ifxUsdPair)));
        ifxUsd.update();
        assertEq(ifxUsd.observationCount(), 0, "nothing recorded");
    }

    function test_usdPriceWad_revertsOnEmptyPool() public {
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleEmptyPool.selector, address(ifxUsdPair)));
        ifxUsd.usdPriceWad();
    }

    function test_usdPriceWad_revertsRightAfterFirstObservation() public {
        assertEq(ethUsd.observationCount(), 1, "observed at deployment");
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleWindowTooShort.selector, 0, WINDOW));
        ethUsd.usdPriceWad();
        vm.warp(block.timestamp + WINDOW - 1);
        vm.expectRevert(
            abi.encodeWithSelector(UniswapV2TwapOracle.OracleWindowTooShort.selector, WINDOW - 1, WINDOW)
        );
        ethUsd.usdPriceWad();
    }

    function test_usdPriceWad_revertsRightAfterDeployment() public {
        UniswapV2TwapOracle fresh =
            new UniswapV2TwapOracle(IUniswapV2PairPrices(address(wethUsdPair)), address(weth), address(usd), params);
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleWindowTooShort.selector, 0, WINDOW));
        fresh.usdPriceWad();
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleWindowTooShort.selector, 0, WINDOW));
        fresh.usdPriceWad();
    }

    function test_usdPriceWad_revertsWhenOnlyYoungObservations() public {
        // Observations one slot apart, none a window old yet: the error names the oldest one's age.
        vm.warp(block.timestamp + GRANULARITY);
        ethUsd.update();
        vm.warp(block.timestamp + GRANULARITY);
        ethUsd.update();
        assertEq(ethUsd.observationCount(), 3, "three observations");
        vm.warp(block.timestamp + 10);
        vm.expectRevert(
            abi.encodeWithSelector(UniswapV2TwapOracle.OracleWindowTooShort.selector, 2 * GRANULARITY + 10, WINDOW)
        );
        ethUsd.usdPriceWad();
    }

    function test_usdPriceWad_revertsWhenStale() public {
        ageOracles();
        ethUsd.update();
        vm.warp(block.timestamp + 3 hours);
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleStale.selector, 3 hours, 4 * WINDOW));
        ethUsd.usdPriceWad();
    }

    function test_usdPriceWad_staleBoundaryIsFourWindows() public {
        vm.warp(T0 + 4 * WINDOW);
        uint256 atBoundary = ethUsd.usdPriceWad();
        assertTrue(atBoundary > 0, "exactly 4 windows old is usable");
        vm.warp(T0 + 4 * WINDOW + 1);
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleStale.selector, 4 * WINDOW + 1, 4 * WINDOW));
        ethUsd.usdPriceWad();
        // One fresh observation is not enough: it is not yet a window old, and the older one is stale.
        ethUsd.update();
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleStale.selector, 4 * WINDOW + 1, 4 * WINDOW));
        ethUsd.usdPriceWad();
        vm.warp(block.timestamp + WINDOW);
        assertTrue(ethUsd.usdPriceWad() > 0, "usable again one window after the fresh observation");
    }

    // ------------------------------------------------------------------ prices

    function test_usdPriceWad_ethAtPoolPrice() public {
        ageOracles();
        uint256 price = ethUsd.usdPriceWad();
        assertEq(_spotWad(wethUsdPair, address(weth)), 3_000e18, "spot $3,000");
        assertLe(_absDiff(price, 3_000e18), 1, "TWAP = $3,000 within rounding");
        assertLe(price, 3_000e18, "rounded down");
    }

    function test_usdPriceWad_ifxAtPoolPrice() public {
        runTgeAndSeedIfxPool();
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleWindowTooShort.selector, 0, WINDOW));
        ifxUsd.usdPriceWad();
        ageOracles();
        uint256 price = ifxUsd.usdPriceWad();
        assertEq(_spotWad(ifxUsdPair, address(token)), 0.1e18, "spot $0.10");
        assertLe(_absDiff(price, 0.1e18), 1, "TWAP = $0.10 within rounding");
    }

    function test_granularity_isFixedWhateverTheWindow() public {
        assertEq(ethUsd.granularitySeconds(), GRANULARITY, "5 minutes");
        vm.prank(timelock);
        params.set(TWAP_WINDOW, 1 days);
        assertEq(ethUsd.granularitySeconds(), GRANULARITY, "unchanged by the governed window");
        assertGt((ethUsd.SLOTS() - 1) * GRANULARITY, 1 days, "the ring spans more than the longest window");
    }

    function test_update_recordsNothingTwiceInOneSlot() public {
        assertEq(ethUsd.observationCount(), 1, "deployment observation at T0");
        assertTrue(!ethUsd.update(), "same block: not recorded");
        vm.warp(T0 + GRANULARITY - 1);
        assertTrue(!ethUsd.update(), "one second short of a slot: not recorded");
        assertEq(ethUsd.observationCount(), 1, "count unchanged");
        // Had the refused update overwritten the T0 observation, nothing would be a window old at T0 + WINDOW.
        vm.warp(T0 + WINDOW);
        assertLe(_absDiff(ethUsd.usdPriceWad(), 3_000e18), 1, "the T0 observation is intact");
        vm.warp(T0 + GRANULARITY);
        assertTrue(ethUsd.update(), "a full slot later: recorded");
        assertEq(ethUsd.observationCount(), 2, "count");
        assertTrue(!ethUsd.update(), "again in the same slot: not recorded");
        assertEq(ethUsd.observationCount(), 2, "count unchanged");
    }

    function test_update_ringHoldsSlots() public {
        uint256 slots = ethUsd.SLOTS();
        for (uint256 i; i < slots + 20; ++i) {
            vm.warp(block.timestamp + GRANULARITY);
            assertTrue(ethUsd.update(), "one observation per slot");
        }
        assertEq(ethUsd.observationCount(), slots, "capped at SLOTS");
        assertLe(_absDiff(ethUsd.usdPriceWad(), 3_000e18), 1, "still priced after wrapping the ring");
        vm.prank(timelock);
        params.set(TWAP_WINDOW, 1 days);
        assertLe(_absDiff(ethUsd.usdPriceWad(), 3_000e18), 1, "and over a day, from the wrapped ring");
    }

    // ------------------------------------------------------------------ governed window changes

    /// @dev Half a slot at a time until `until`: a keeper's `update()` (recording every other call), and the price,
    ///      which must answer at every step.
    function _keepPricing(uint256 until) internal {
        while (block.timestamp < until) {
            vm.warp(block.timestamp + GRANULARITY / 2);
            ethUsd.update();
            assertLe(_absDiff(ethUsd.usdPriceWad(), 3_000e18), 1, "priced at every step");
        }
    }

    /// @dev Regular keeper updates until `until`, the price not read (an oracle younger than its window fails closed).
    function _keepUpdating(uint256 until) internal {
        while (block.timestamp < until) {
            vm.warp(block.timestamp + GRANULARITY / 2);
            ethUsd.update();
        }
    }

    function _setWindow(uint256 seconds_) internal {
        vm.prank(timelock);
        params.set(TWAP_WINDOW, seconds_);
    }

    /// 30 minutes -> 1 day, with a keeper updating regularly: the price never reverts.
    function test_usdPriceWad_neverRevertsWhenTheWindowGrowsToOneDay() public {
        _keepUpdating(T0 + WINDOW);
        _keepPricing(T0 + 26 hours);
        _setWindow(1 days);
        assertLe(_absDiff(ethUsd.usdPriceWad(), 3_000e18), 1, "priced right after the change");
        _keepPricing(block.timestamp + 2 days);
    }

    /// 1 day -> 5 minutes, with a keeper updating regularly: the price never reverts.
    function test_usdPriceWad_neverRevertsWhenTheWindowShrinksToFiveMinutes() public {
        _setWindow(1 days);
        // The 1-day window answers once the oracle's first observation is a day old (fail closed before).
        _keepUpdating(T0 + 1 days + 6 hours);
        _keepPricing(block.timestamp + 1 hours);
        _setWindow(5 minutes);
        assertLe(_absDiff(ethUsd.usdPriceWad(), 3_000e18), 1, "priced right after the change");
        _keepPricing(block.timestamp + 1 days);
        _setWindow(1 days);
        assertLe(_absDiff(ethUsd.usdPriceWad(), 3_000e18), 1, "and back to a day at once");
    }

    /// A pool moved just before a window change: the new window's average is over the new window, not the old one.
    function test_usdPriceWad_averagesOverTheNewWindow() public {
        _keepUpdating(T0 + 26 hours);
        uint256 oldSpot = _spotWad(wethUsdPair, address(weth));
        sellWeth(100 ether);
        uint256 newSpot = _spotWad(wethUsdPair, address(weth));
        vm.warp(block.timestamp + 1 hours);
        ethUsd.update();
        _setWindow(1 days);
        uint256 twap = ethUsd.usdPriceWad();
        // The observation used is 1 day to 1 day + 5 min old: about 23 h at the old price, 1 h at the new one.
        assertLe(twap, oldSpot - (oldSpot - newSpot) / 30, "the new hour weighs in");
        assertGe(twap, oldSpot - (oldSpot - newSpot) / 20, "by about a twenty-fourth");
    }

    function test_usdPriceWad_resistsSameBlockManipulation() public {
        ageOracles(); // observations at T0 and T0 + 30 min
        uint256 before = ethUsd.usdPriceWad();
        uint256 spotBefore = _spotWad(wethUsdPair, address(weth));
        sellWeth(100 ether); // doubles the pool's ETH
        uint256 spotAfter = _spotWad(wethUsdPair, address(weth));
        assertLe(spotAfter * 3, spotBefore, "spot dropped by more than two thirds");
        assertEq(ethUsd.usdPriceWad(), before, "TWAP unmoved in the same block");
        // A keeper update in the manipulated block changes nothing either.
        ethUsd.update();
        assertEq(ethUsd.usdPriceWad(), before, "still unmoved after an update");
    }

    function test_usdPriceWad_movesByTimeWeightedShare() public {
        ageOracles(); // observations at T0 and T0 + 30 min; the T0 one is used until T0 + 60 min
        uint256 oldSpot = _spotWad(wethUsdPair, address(weth));
        sellWeth(100 ether);
        uint256 newSpot = _spotWad(wethUsdPair, address(weth));
        uint256 dt = 10 minutes;
        vm.warp(block.timestamp + dt);
        uint256 twap = ethUsd.usdPriceWad();
        // The average since the T0 observation: 30 min at the old price, 10 min at the new one.
        uint256 expected = (oldSpot * WINDOW + newSpot * dt) / (WINDOW + dt);
        assertLe(_absDiff(twap, expected), 2, "time-weighted average");
        assertLe(twap, oldSpot - (oldSpot - newSpot) / 4 + 2, "moved by a quarter of the spot move");
        assertGe(twap, oldSpot - (oldSpot - newSpot) / 4 - 2, "and no more");
        // Once the post-swap observation is a window old, the TWAP reaches the new spot.
        ethUsd.update(); // T0 + 40 min: recorded (a slot after T0 + 30 min)
        vm.warp(block.timestamp + WINDOW);
        assertLe(_absDiff(ethUsd.usdPriceWad(), newSpot), 1, "converged to the new price");
    }

    function test_usdPriceWad_sandwichLeavesNoTrace() public {
        ageOracles();
        uint256 before = ethUsd.usdPriceWad();
        (uint112 r0, uint112 r1,) = wethUsdPair.getReserves();
        // Push the price up and back down within one block.
        sellUsdForWeth(1_000_000e6);
        sellWeth(weth.balanceOf(address(this)));
        vm.warp(block.timestamp + 10 minutes);
        uint256 after_ = ethUsd.usdPriceWad();
        (uint112 s0, uint112 s1,) = wethUsdPair.getReserves();
        // The pool now sits near its original price (minus fees); the TWAP reflects only that.
        uint256 spotNow = _spotWad(wethUsdPair, address(weth));
        uint256 expected = (before * WINDOW + spotNow * 10 minutes) / (WINDOW + 10 minutes);
        assertLe(_absDiff(after_, expected), 3, "only the post-block price is averaged in");
        assertTrue(s0 != r0 || s1 != r1, "the pool did trade");
    }

    // ------------------------------------------------------------------ fuzz

    /// @notice A pool held at a constant price (any price, set by a swap before the observation) has a TWAP equal to
    ///         its spot price at any age of the observation between one and four windows.
    function testFuzz_usdPriceWad_constantPoolEqualsSpot(uint256 age, uint256 swapIn, bool sellEth) public {
        age = bound(age, WINDOW, 4 * WINDOW);
        vm.warp(T0 + 1 hours);
        if (sellEth) sellWeth(bound(swapIn, 1e12, 1_000 ether));
        else sellUsdForWeth(bound(swapIn, 1, 3_000_000e6));
        assertTrue(ethUsd.update(), "observation after the swap");
        uint256 spot = _spotWad(wethUsdPair, address(weth));
        vm.warp(block.timestamp + age);
        uint256 twap = ethUsd.usdPriceWad();
        assertLe(_absDiff(twap, spot), 1, "TWAP = spot for a constant pool");
    }
}
