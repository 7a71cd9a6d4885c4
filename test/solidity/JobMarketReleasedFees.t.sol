// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";

/// @notice Disputes never reach fees already spent.
contract JobMarketReleasedFeesTest is MarketFixture {
    uint256 internal constant WINDOW = 2 days;

    function setUp() public {
        deployMarket();
    }

    /// Settlement 0's fee was released (its window over): a later settlement of the same job reopens the window, but
    /// not for settlement 0, whose fee is spent.
    function test_dispute_revertsOnReleasedSettlement() public {
        IJobMarket.Quote memory q = quoteFor(2_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.TaskOutcome memory a = IJobMarket.TaskOutcome(0, workerIds[0], keccak256("cid0"), true, 600e18);
        IJobMarket.TaskOutcome memory b = IJobMarket.TaskOutcome(1, workerIds[1], keccak256("cid1"), true, 400e18);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        s.outcomesRoot = Hashes.commutativeKeccak256(_leaf(a), _leaf(b));
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        submitSettlement(q.jobId, s, committee, sigs);
        uint256 t0 = block.timestamp;

        vm.warp(t0 + WINDOW + 1);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = q.jobId;
        jobMarket.releaseFees(ids); // settlement 0's 50 are spent: its window is over
        assertEq(credits.totalSpentCredits(), 50e18, "settlement 0 released");

        IJobMarket.Settlement memory s1 = settlementOf(250e18, 250e18);
        sigs = signSettlement(q.jobId, 1, s1, committee, 2);
        submitSettlement(q.jobId, s1, committee, sigs); // 25 pending

        bytes32[] memory proof = new bytes32[](1);
        proof[0] = _leaf(a);
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketSettlementReleased.selector, q.jobId, 0, 1));
        disputeTask(q.jobId, 0, b, proof);
    }

    /// A free job would earn epoch rewards without a fee to burn: refused.
    function test_createJob_revertsOnZeroPrice() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.pricePerIbmWad = 0;
        q.fee = 0;
        bytes memory sig = signDigest(MANAGER_PK, jobMarket.quoteDigest(q));
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
        jobMarket.createJob(q, sig);
    }
}
