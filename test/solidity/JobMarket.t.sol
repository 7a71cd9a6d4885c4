// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketFixture} from "./utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {IEpochRewards} from "../../contracts/interfaces/IEpochRewards.sol";

contract JobMarketTest is MarketFixture {
    function setUp() public {
        deployMarket();
    }

    function test_lifecycle_createSettleReleaseCloseClaim() public {
        uint256 daoBefore = token.balanceOf(timelock);
        IJobMarket.Quote memory q = quoteFor(1_000e18); // 1,000 IBM at $0.05 = 50 ifxDollar
        uint256[] memory committee = openJob(q);
        assertEq(committee.length, 3, "k = 3");
        assertEq(credits.balanceOf(address(jobMarket)), 50e18, "fee escrowed");
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        bytes[] memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        jobMarket.settle(q.jobId, s, committee, sigs);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Completed, "all work paid");
        assertEq(j.pendingFee, 50e18, "fee pending through the dispute window");
        assertEq(credits.balanceOf(address(jobMarket)), 50e18, "still held");

        vm.warp(block.timestamp + 2 days + 1);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = q.jobId;
        jobMarket.releaseFees(ids);
        assertEq(credits.totalSpentCredits(), 50e18, "spent after the window");
        assertEq(credits.balanceOf(address(jobMarket)), 0, "nothing left in escrow");

        // The settlement's epoch ends; closing it mints T = W x E_p = 1,000 IBM x 1 IFX and splits it by role.
        uint256 epoch = rewards.accountOf(workerIds[0]).epoch;
        vm.warp(block.timestamp + 3 days);
        rewards.closeEpoch(epoch);
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(epoch);
        assertEq(t.mintedIfx, 1_000e18, "T = W_p x E_p");
        assertEq(token.balanceOf(timelock) - daoBefore, 75e18, "7.5% to the DAO");
        assertEq(rewards.claimable(workerIds[0]), 450e18, "75% x 600/1000");
        assertEq(rewards.claimable(workerIds[1]), 300e18, "75% x 400/1000");
        assertEq(rewards.claimable(committee[0]), 75e18, "15% shared by the two signers");
        assertEq(rewards.claimable(committee[2]), 0, "a non-signer earns nothing");
        assertEq(rewards.claimable(managerId), 25e18, "2.5% to the manager");
        uint256 before = token.balanceOf(nodeOwner);
        vm.prank(nodeOwner);
        rewards.claim(workerIds[0]);
        assertEq(token.balanceOf(nodeOwner) - before, 450e18, "claimed");
        // IBME = paid IBM / apparent IBM: 1,000 / (2 workers x 0.5 IB x 4,320 min).
        assertEq(t.apparentIbmWad, 4_320e18, "apparent IBM");
    }
}
