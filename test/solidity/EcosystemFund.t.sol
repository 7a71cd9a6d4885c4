// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Fixture} from "./utils/Fixture.sol";
import {IEcosystemFund} from "../../contracts/interfaces/IEcosystemFund.sol";

contract EcosystemFundTest is Fixture {
    address internal minter = address(0xE90C);
    address internal buyback = address(0xB1B1);
    address internal node = address(0x40DE);
    uint256 internal constant SCHEDULED = 490_000_000e18;

    function setUp() public {
        deployFoundation(bytes32(0));
        vm.startPrank(timelock);
        eco.grantRole(eco.EPOCH_MINTER_ROLE(), minter);
        eco.grantRole(eco.BUYBACK_ROLE(), buyback);
        vm.stopPrank();
    }

    function test_unlocked_zeroBeforeTge() public view {
        assertEq(eco.unlocked(), 0, "nothing before TGE");
    }

    function test_release_revertsBeforeTge() public {
        vm.prank(minter);
        vm.expectRevert(IEcosystemFund.EcosystemTgeNotExecuted.selector);
        eco.releaseEpochRewards(node, 1, bytes32(0));
    }

    function test_unlocked_linearOverFourYears() public {
        runTge();
        assertEq(eco.unlocked(), 0, "zero at TGE");
        vm.warp(TGE_AT + 365 days);
        assertEq(eco.unlocked(), SCHEDULED / 4, "a quarter after a year");
        vm.warp(TGE_AT + 4 * 365 days);
        assertEq(eco.unlocked(), SCHEDULED, "all within 4 years");
        vm.warp(TGE_AT + 10 * 365 days);
        assertEq(eco.unlocked(), SCHEDULED, "and no more after");
    }

    function test_releaseEpochRewards_mintsWithinSchedule() public {
        runTge();
        vm.warp(TGE_AT + 365 days);
        vm.prank(minter);
        eco.releaseEpochRewards(node, 1_000e18, bytes32(uint256(7)));
        assertEq(token.balanceOf(node), 1_000e18, "minted");
        assertEq(eco.releasedScheduled(), 1_000e18, "accounted");
    }

    /// The epoch minter asks for T; the fund mints at most what the schedule has unlocked and not released.
    function test_releaseEpochRewards_capsAtUnlocked() public {
        runTge();
        vm.warp(TGE_AT + 365 days);
        uint256 unlockedNow = eco.unlocked();
        vm.prank(minter);
        assertEq(eco.releaseEpochRewards(node, unlockedNow + 1, bytes32(0)), unlockedNow, "capped");
        assertEq(token.balanceOf(node), unlockedNow, "minted the room");
        assertEq(eco.releasedScheduled(), unlockedNow, "the schedule is used up");
        vm.prank(minter);
        assertEq(eco.releaseEpochRewards(node, 1e18, bytes32(0)), 0, "no room: nothing minted");
        assertEq(token.balanceOf(node), unlockedNow, "unchanged");
    }

    function test_releaseEpochRewards_revertsForOthers() public {
        runTge();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), eco.EPOCH_MINTER_ROLE()
            )
        );
        eco.releaseEpochRewards(node, 1, bytes32(0));
    }

    function test_release_revertsOnZeroRecipientOrAmount() public {
        runTge();
        vm.warp(TGE_AT + 365 days);
        vm.startPrank(minter);
        vm.expectRevert(abi.encodeWithSelector(IEcosystemFund.EcosystemInvalidRelease.selector, address(0), 1));
        eco.releaseEpochRewards(address(0), 1, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IEcosystemFund.EcosystemInvalidRelease.selector, node, 0));
        eco.releaseEpochRewards(node, 0, bytes32(0));
        vm.stopPrank();
    }

    function test_releaseBuyback_availableAtTgeAndCapped() public {
        runTge();
        vm.startPrank(buyback);
        eco.releaseBuyback(node, 10_000_000e18 - 1, bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(IEcosystemFund.EcosystemExceedsBuybackFund.selector, 10_000_000e18, 10_000_000e18 - 1, 2)
        );
        eco.releaseBuyback(node, 2, bytes32(0));
        vm.stopPrank();
    }

    function test_releaseBuyback_revertsForOthers() public {
        runTge();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), eco.BUYBACK_ROLE())
        );
        eco.releaseBuyback(node, 1, bytes32(0));
    }

    function test_grant_byDaoOnly() public {
        runTge();
        vm.warp(TGE_AT + 4 * 365 days);
        vm.prank(timelock);
        eco.grant(node, 5e18, "hackathon");
        assertEq(token.balanceOf(node), 5e18, "granted");
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), bytes32(0))
        );
        eco.grant(node, 1, bytes32(0));
    }

    /// Whatever the order of releases, BMW + grants never pass the schedule and the buyback never passes its fund.
    function testFuzz_releases_neverPassSchedule(uint256 dt, uint256 a, uint256 b) public {
        runTge();
        dt = bound(dt, 0, 6 * 365 days);
        vm.warp(TGE_AT + dt);
        uint256 cap = eco.unlocked();
        a = bound(a, 1, SCHEDULED);
        vm.prank(minter);
        uint256 released = eco.releaseEpochRewards(node, a, bytes32(0));
        assertEq(released, a < cap ? a : cap, "min(asked, room)");
        if (released < cap) {
            // What is left can still be granted, never more.
            vm.prank(timelock);
            vm.expectRevert(
                abi.encodeWithSelector(IEcosystemFund.EcosystemExceedsUnlocked.selector, cap, released, cap - released + 1)
            );
            eco.grant(node, cap - released + 1, bytes32(0));
        }
        b = bound(b, 1, 20_000_000e18);
        vm.prank(buyback);
        if (b > 10_000_000e18) {
            vm.expectRevert(abi.encodeWithSelector(IEcosystemFund.EcosystemExceedsBuybackFund.selector, 10_000_000e18, 0, b));
        }
        eco.releaseBuyback(node, b, bytes32(0));
        assertLe(eco.releasedScheduled(), cap, "scheduled within unlocked");
        assertLe(eco.releasedBuyback(), eco.BUYBACK_FUND(), "buyback within fund");
        assertLe(token.totalMinted(), token.MAX_SUPPLY(), "cap");
    }
}
