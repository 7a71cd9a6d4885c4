// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {NodesFixture} from "./utils/NodesFixture.sol";
import {UniswapV2} from "./utils/UniswapV2.sol";
import {BuyAndBurn, IUniswapV2RouterSwap} from "../../contracts/market/BuyAndBurn.sol";
import {IBuyAndBurn} from "../../contracts/interfaces/IBuyAndBurn.sol";
import {UniswapV2TwapOracle} from "../../contracts/oracles/UniswapV2TwapOracle.sol";

/// @notice Buy-and-burn through the real Uniswap V2 router and pool, bounded by the IFX TWAP.
contract BuyAndBurnTest is NodesFixture {
    BuyAndBurn internal burner;

    function setUp() public {
        deployNodes();
        runTgeAndSeedIfxPool();
        ageOracles();
        address router = UniswapV2.deployRouter(address(factory), address(weth));
        burner = new BuyAndBurn(usd, token, ifxUsd, IUniswapV2RouterSwap(router), params, clock);
    }

    function test_burn_buysAtTheTwapAndBurns() public {
        usd.faucet(address(burner), 400e6); // 80% of $500 of spent credit
        uint256 supplyBefore = token.totalSupply();
        uint256 burned = burner.burn(type(uint256).max);
        // $400 at $0.10 is 4,000 IFX before the pool's 0.3% fee and price impact on a $100,000 pool.
        assertTrue(burned > 3_940e18 && burned < 4_000e18, "about 4,000 IFX");
        assertEq(supplyBefore - token.totalSupply(), burned, "burned, not held");
        assertEq(token.totalMinted(), 500_000_000e18, "the cap's headroom does not reopen");
        assertEq(burner.burnedInEpoch(clock.currentEpoch()), burned, "recorded per epoch");
        assertEq(burner.totalStableSpent(), 400e6, "stable spent");
        assertEq(usd.balanceOf(address(burner)), 0, "whole balance used");
    }

    function test_burn_revertsWhenNotDue() public {
        usd.faucet(address(burner), 50e6); // below the $100 batch
        uint256 nextAt = burner.nextBurnAt();
        vm.expectRevert(abi.encodeWithSelector(IBuyAndBurn.BurnNotDue.selector, 50e6, 100e6, nextAt));
        burner.burn(type(uint256).max);
        vm.warp(nextAt);
        ageOracles();
        assertTrue(burner.burn(type(uint256).max) > 0, "due once the interval has passed");
    }

    function test_burn_revertsWithNothing() public {
        vm.expectRevert(IBuyAndBurn.BurnNothingToBurn.selector);
        burner.burn(type(uint256).max);
    }

    /// A sandwich that pushes the price up before the batch makes the router refuse the swap: the TWAP bound holds.
    function test_burn_sandwichCannotTakeMoreThanTheBound() public {
        usd.faucet(address(burner), 1_000e6);
        usd.faucet(address(ifxUsdPair), 5_000e6); // front-run: buy IFX with $5,000
        UniswapV2.swapIn(ifxUsdPair, address(usd), 5_000e6, address(this));
        vm.expectRevert(bytes("UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT"));
        burner.burn(type(uint256).max);
    }

    /// A batch too big for the pool's depth fails the bound; the keeper burns it in smaller batches.
    function test_burn_largeBalanceBurnsInBatches() public {
        usd.faucet(address(burner), 2_000e6);
        vm.expectRevert(bytes("UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT"));
        burner.burn(type(uint256).max);
        burner.burn(500e6);
        assertEq(usd.balanceOf(address(burner)), 1_500e6, "the rest waits for the next batch");
    }

    function test_burn_failsClosedOnStalePrice() public {
        usd.faucet(address(burner), 1_000e6);
        vm.warp(block.timestamp + 3 hours);
        // The newest observation a window old is 3 hours old: beyond 4 windows (2 hours), so no price and no burn.
        vm.expectRevert(abi.encodeWithSelector(UniswapV2TwapOracle.OracleStale.selector, 3 hours, 2 hours));
        burner.burn(type(uint256).max);
    }

    /// Whatever the batch size within the pool's depth, the IFX burned is at least the TWAP amount less the bound.
    function testFuzz_burn_neverBelowTheTwapBound(uint256 stableIn) public {
        stableIn = bound(stableIn, 100e6, 500e6);
        usd.faucet(address(burner), stableIn);
        uint256 fair = (stableIn * 1e12 * 1e18) / ifxUsd.usdPriceWad();
        uint256 burned = burner.burn(type(uint256).max);
        assertGe(burned, (fair * 9_900) / 10_000, "never below the TWAP bound");
    }
}
