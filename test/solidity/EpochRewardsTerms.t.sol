// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketFixture} from "./utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {IEpochRewards} from "../../contracts/interfaces/IEpochRewards.sol";

/// @notice An epoch is paid by the terms it ran under: its own length, E_p and split, fixed at its first credit.
contract EpochRewardsTermsTest is MarketFixture {
    uint256 internal constant EPOCH = 72 hours;

    function setUp() public {
        deployMarket();
    }


    /// The clock keeps epoch 0 at 72 h after a governed change to 24 h; its apparent IBM should be IB x 4,320 min.
    function test_closeEpoch_apparentIbmUsesTheEpochsOwnLength() public {
        vm.prank(timelock);
        params.set(keccak256("epochLengthSeconds"), 24 hours);
        clock.checkpoint();
        (, uint256 length) = clock.currentEpochBounds();
        assertEq(length, 72 hours, "the running epoch keeps its 72 h");
        settleJob(600e18, 400e18, 2);
        vm.warp(T0 + EPOCH);
        assertEq(clock.currentEpoch(), 1, "epoch 0 ended after 72 h");
        rewards.closeEpoch(0);
        // 1,000 paid IBM over an apparent 1 IB x 4,320 min (a 24 h epoch would give 1,440 min and 6,944 bps).
        assertEq(rewards.epochTotals(0).ibmeBps, 2_314, "IBME over the apparent IBM of a 72 h epoch");
    }

    /// E_p changed by governance after epoch 0 ended (before anyone closed it) does not re-price epoch 0.
    function test_closeEpoch_emissionRateFixedAtFirstCredit() public {
        settleJob(600e18, 400e18, 2);
        vm.warp(T0 + EPOCH + 1);
        vm.prank(timelock);
        params.set(keccak256("emissionRatePerIbm"), 100e18);
        rewards.closeEpoch(0);
        assertEq(rewards.epochTotals(0).mintedIfx, 1_000e18, "T = W_0 x E_0 with the E_p in force during epoch 0");
    }
}

/// @notice A worker's forfeit is decided once per epoch, at its first credit.
contract EpochRewardsForfeitOncePerEpochTest is MarketFixture {
    function setUp() public {
        deployMarket();
    }


    /// A worker with no unclaimed rewards (its first epoch) that restakes after forfeiting still forfeits the epoch.
    function test_creditSettlement_forfeitHoldsForTheWholeEpoch() public {
        vm.prank(nodeOwner);
        staking.requestUnstake(workerIds[1], 9_000e18);
        settleJob(100e18, 100e18, 2);
        assertTrue(rewards.accountOf(workerIds[1]).forfeited, "forfeits at its first credit of epoch 0");
        restakeWithFreshIfx(workerIds[1], 9_000e18); // the unstaked 9,000 are unbonding
        settleJob(100e18, 100e18, 2);
        assertEq(rewards.epochTotals(0).forfeitedWorkWad, 200e18, "the whole epoch forfeited");
    }

    /// A stale price at a worker's first credit of the epoch (no epoch priced before) forfeits nothing: the outage is
    /// not the worker's doing. Its decision is still taken once: the price coming back later in the epoch changes it
    /// for nobody already joined.
    function test_creditSettlement_priceFailureForfeitsNothing() public {
        vm.warp(T0 + 72 hours + 1 hours); // epoch 1, stale TWAP
        settleJob(600e18, 400e18, 2);
        ageOracles();
        settleJob(300e18, 0, 2);
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(1);
        assertEq(t.forfeitedWorkWad, 0, "nothing forfeited");
        assertEq(rewards.accountOf(workerIds[0]).workWad, 900e18, "both settlements credited");
        assertTrue(rewards.accountOf(workerIds[0]).checked, "joined once");
        assertEq(t.paidWorkWad, 1_300e18, "both settlements");
    }
}
