// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketFixture} from "./utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";

/// @notice What an artist or a manager could game around a job's life (review of c2f7d35): redrawing a committee by
///         cancelling and ordering again, deadlines that outrun the unbonding period, settlements after the deadline,
///         and dust prices that made a fee release credit more work than was done.
contract JobMarketLimitsTest is MarketFixture {
    function setUp() public {
        deployMarket();
    }

    // ------------------------------------------------------------------ redraws

    /// In the block of its creation the committee cannot be computed yet: a cancel then is free.
    function test_cancel_freeBeforeTheSeedBlockIsMined() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        vm.roll(block.number + 1); // the seed block itself: its hash is not known before it is mined
        vm.prank(artist);
        jobMarket.cancel(q.jobId);
        assertEq(credits.balanceOf(artist), 1_000e18, "all refunded");
    }

    /// Regression (attack 1 on c2f7d35: the artist computed the draw once the seed block was mined, cancelled for a
    /// full refund and retried until its own verifiers held a majority). A cancel that could redraw costs 5%.
    function test_cancel_afterTheSeedBlockCostsTheCancelFee() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18); // fee 50 ifxDollar
        createQuoted(q);
        vm.roll(block.number + 2);
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.JobClosed(q.jobId, IJobMarket.Status.Cancelled, 47.5e18);
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.CancelFeeCharged(q.jobId, 2.5e18);
        vm.prank(artist);
        jobMarket.cancel(q.jobId);
        assertEq(credits.balanceOf(artist), 997.5e18, "5% of the escrow kept");
        assertEq(credits.totalSpentCredits(), 2.5e18, "and spent like a fee (burn and foundation)");
        assertEq(credits.balanceOf(address(jobMarket)), 0, "market empty");
    }

    /// What grinding a committee by cancel-and-retry costs: each try loses `cancelFeeBps` of the escrow, rounded up.
    function testFuzz_cancel_eachRedrawCostsTheFee(uint128 workWad, uint256 tries) public {
        workWad = uint128(bound(workWad, 1, 10_000e18));
        tries = bound(tries, 1, 5);
        uint256 lost;
        for (uint256 i; i < tries; ++i) {
            IJobMarket.Quote memory q = quoteFor(workWad);
            createQuoted(q);
            vm.roll(block.number + 2);
            vm.prank(artist);
            jobMarket.cancel(q.jobId);
            lost += (uint256(q.fee) * 500 + 9_999) / 10_000;
        }
        assertEq(credits.balanceOf(artist), 1_000e18 - lost, "every redraw paid its fee");
        assertGe(lost, tries, "never free, even for dust");
    }

    // ------------------------------------------------------------------ deadlines

    function test_createJob_revertsWithADeadlineBeyondTheLongestJob() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.deadline = uint64(block.timestamp + 7 days + 1);
        bytes memory sig = signDigest(MANAGER_PK, jobMarket.quoteDigest(q));
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketDeadlineTooFar.selector, q.deadline, block.timestamp + 7 days)
        );
        jobMarket.createJob(q, sig);
    }

    /// A settlement after the deadline would reopen the dispute window past what the unbonding period covers.
    function test_settle_revertsAfterTheDeadline() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(500e18, 500e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        vm.warp(q.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDeadlinePassed.selector, q.deadline, q.deadline + 1));
        jobMarket.settle(q.jobId, s, committee, new bytes32[](0), sigs, proofsFor(q.jobId, s));
        vm.warp(q.deadline); // the last second still settles
        submitSettlement(q.jobId, s, committee, sigs);
        assertTrue(jobMarket.job(q.jobId).status == IJobMarket.Status.Completed, "settled at the deadline");
    }

    // ------------------------------------------------------------------ dust

    /// Regression (item 6 on c2f7d35): a 1-wei fee at 1 wei per IBM credited its manager a whole IBM (the fee rounded
    /// up, then divided by the price). The credit is never more than the work paid.
    function test_releaseFees_neverCreditsTheManagerMoreThanThePaidWork() public {
        IJobMarket.Quote memory q = quoteFor(2);
        q.pricePerIbmWad = 1;
        q.fee = 1; // ceil(2 x 1 / 1e18)
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(1, 1);
        submitSettlement(q.jobId, s, committee, signSettlement(q.jobId, 0, s, committee, 2));
        vm.warp(block.timestamp + 2 days + 1);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = q.jobId;
        jobMarket.releaseFees(ids);
        assertEq(rewards.accountOf(managerId).workWad, 2, "2 wei of work, not 1e18");
    }
}
