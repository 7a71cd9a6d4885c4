// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {NodesFixture} from "./utils/NodesFixture.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";
import {IPenaltyPool} from "../../contracts/interfaces/IPenaltyPool.sol";

/// @notice PenaltyPool: slashes booked as pending, released whole to the epoch minter (here the fixture's `market`
///         address holds the releaser role), roles and totals. Sharing among verifiers is EpochRewards' (see its tests).
contract PenaltyPoolTest is NodesFixture {
    address internal stranger = address(0x57A6);
    uint256 internal worker; // alice's worker, staked 4,000 IFX: each slash takes 10% of what is at stake

    function setUp() public {
        deployNodes();
        runTgeAndSeedIfxPool();
        worker = buyWithUsd(alice, INodeLicense.Kind.Worker);
        registerWorker(alice, worker, aliceOperator);
        vm.prank(timelock);
        token.transfer(alice, 4_000e18);
        vm.startPrank(alice);
        IERC20(address(token)).approve(address(staking), type(uint256).max);
        staking.stake(worker, 4_000e18);
        vm.stopPrank();
    }

    function _slash() internal returns (uint256 amount) {
        vm.prank(market);
        amount = staking.slash(worker);
    }

    function test_notifySlashed_accumulatesPending() public {
        vm.expectEmit(true, true, true, true);
        emit IPenaltyPool.SlashReceived(400e18, 400e18);
        assertEq(_slash(), 400e18, "10% of 4,000");
        vm.warp(block.timestamp + 72 hours); // epochs do not matter: pending until released
        assertEq(_slash(), 360e18, "10% of 3,600");
        assertEq(pool.pending(), 760e18, "both pending");
        assertEq(pool.totalSlashed(), 760e18, "total slashed");
        assertEq(token.balanceOf(address(pool)), 760e18, "held");
    }

    function test_release_sendsEverythingPendingToTheReleaser() public {
        _slash();
        vm.expectEmit(true, true, true, true);
        emit IPenaltyPool.PenaltiesReleased(market, 400e18);
        vm.prank(market);
        assertEq(pool.release(), 400e18, "released");
        assertEq(token.balanceOf(market), 400e18, "to the releaser");
        assertEq(pool.pending(), 0, "nothing pending");
        assertEq(pool.totalReleased(), 400e18, "total released");
        assertEq(token.balanceOf(address(pool)), 0, "empty");
        // Nothing pending: a release is a no-op, not an error (the minter calls it at every close with verifier work).
        vm.prank(market);
        assertEq(pool.release(), 0, "nothing to release");
        assertEq(pool.totalReleased(), 400e18, "unchanged");
    }

    function test_release_onlyReleaser() public {
        _slash();
        bytes32 role = pool.RELEASER_ROLE();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, role));
        pool.release();
        assertEq(pool.pending(), 400e18, "kept");
    }

    function test_notifySlashed_onlyNotifier() public {
        bytes32 role = pool.NOTIFIER_ROLE();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, role));
        pool.notifySlashed(1);
    }

    function test_notifySlashed_revertsOnZero() public {
        vm.prank(address(staking));
        vm.expectRevert(IPenaltyPool.PoolZeroAmount.selector);
        pool.notifySlashed(0);
    }

    /// Books equal what came in: slashed == pending + released, and the pool holds exactly what is pending.
    function testFuzz_slashAndRelease_booksBalance(uint8 slashes, uint8 releaseEvery) public {
        slashes = uint8(bound(slashes, 1, 20));
        releaseEvery = uint8(bound(releaseEvery, 1, 5));
        for (uint256 i; i < slashes; ++i) {
            _slash();
            if (i % releaseEvery == 0) {
                vm.prank(market);
                pool.release();
            }
            assertEq(pool.totalSlashed(), pool.pending() + pool.totalReleased(), "slashed == pending + released");
            assertEq(token.balanceOf(address(pool)), pool.pending(), "holds what is pending");
        }
    }
}
