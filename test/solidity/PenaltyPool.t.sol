// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {NodesFixture} from "./utils/NodesFixture.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";
import {IPenaltyPool} from "../../contracts/interfaces/IPenaltyPool.sol";

/// @notice PenaltyPool: slashes booked per epoch, shared by verifiers pro rata to their credited work once the epoch
///         is over, roll-over of epochs without work, roles.
contract PenaltyPoolTest is NodesFixture {
    address internal carol = address(0xCA401);
    address internal dave = address(0xDA7E);
    address internal stranger = address(0x57A6);

    uint256 internal worker; // alice's worker, staked 4,000 IFX: each slash takes 10% of what is at stake
    uint256 internal v1; // bob's verifier
    uint256 internal v2; // carol's verifier

    function setUp() public {
        deployNodes();
        runTgeAndSeedIfxPool();
        worker = buyWithUsd(alice, INodeLicense.Kind.Worker);
        v1 = buyWithUsd(bob, INodeLicense.Kind.Verifier);
        v2 = buyWithUsd(carol, INodeLicense.Kind.Verifier);
        registerWorker(alice, worker, aliceOperator);
        vm.prank(bob);
        registry.register(v1, bobOperator, encKey, 0, "");
        vm.prank(carol);
        registry.register(v2, address(0xC0), encKey, 0, "");
        vm.prank(timelock);
        token.transfer(alice, 4_000e18);
        vm.startPrank(alice);
        IERC20(address(token)).approve(address(staking), type(uint256).max);
        staking.stake(worker, 4_000e18);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ helpers

    function _credit(uint256 licenseId, uint256 work) internal {
        vm.prank(market);
        pool.creditVerification(licenseId, work);
    }

    function _slash() internal returns (uint256 amount) {
        vm.prank(market);
        amount = staking.slash(worker);
    }

    function _nextEpoch() internal {
        vm.warp(block.timestamp + 72 hours);
    }

    function _claim(uint256 epoch, uint256 licenseId) internal returns (uint256) {
        return pool.claim(epoch, licenseId);
    }

    // ------------------------------------------------------------------ pro rata

    function test_claim_proRataToWork() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 1);
        _credit(v2, 3);
        uint256 slashed = _slash();
        assertEq(slashed, 400e18, "10% of 4,000");
        assertEq(pool.poolOf(epoch), 400e18, "pool of the epoch");
        assertEq(pool.totalWorkOf(epoch), 4, "work of the epoch");
        assertEq(pool.claimable(epoch, v1), 0, "nothing claimable during the epoch");

        _nextEpoch();
        assertEq(pool.claimable(epoch, v1), 100e18, "25%");
        assertEq(pool.claimable(epoch, v2), 300e18, "75%");
        vm.expectEmit(true, true, true, true);
        emit IPenaltyPool.PenaltyClaimed(epoch, v1, bob, 100e18);
        vm.prank(stranger); // anyone may trigger a claim; it pays the license holder
        _claim(epoch, v1);
        _claim(epoch, v2);
        assertEq(token.balanceOf(bob), 100e18, "bob's share");
        assertEq(token.balanceOf(carol), 300e18, "carol's share");
        assertEq(token.balanceOf(stranger), 0, "nothing to the caller");
        assertEq(pool.totalClaimed(), 400e18, "all claimed");
        assertEq(token.balanceOf(address(pool)), 0, "pool emptied");
        assertEq(pool.claimable(epoch, v1), 0, "nothing left for v1");
    }

    function test_claim_creditsAndSlashesAddUpWithinEpoch() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 2);
        _slash(); // 400
        _credit(v2, 3);
        _credit(v2, 3);
        _slash(); // 360
        _nextEpoch();
        assertEq(pool.poolOf(epoch), 760e18, "both slashes in the epoch's pool");
        assertEq(pool.workOf(epoch, v2), 6, "v2's work added up");
        assertEq(_claim(epoch, v1), 190e18, "2/8 of 760");
        assertEq(_claim(epoch, v2), 570e18, "6/8 of 760");
    }

    function test_claim_epochsAreSeparate() public {
        uint256 e0 = clock.currentEpoch();
        _credit(v1, 1);
        _slash(); // 400 into e0
        _nextEpoch();
        _credit(v2, 1);
        _slash(); // 360 into e1
        _nextEpoch();
        assertEq(pool.claimable(e0, v1), 400e18, "v1 owns e0");
        assertEq(pool.claimable(e0, v2), 0, "v2 did nothing in e0");
        assertEq(pool.claimable(e0 + 1, v2), 360e18, "v2 owns e1");
        assertEq(pool.claimable(e0 + 1, v1), 0, "v1 did nothing in e1");
    }

    function test_claim_paysTheCurrentHolder() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 1);
        _slash();
        _nextEpoch();
        vm.prank(bob);
        license.transferFrom(bob, dave, v1);
        _claim(epoch, v1);
        assertEq(token.balanceOf(dave), 400e18, "the share follows the license");
        assertEq(token.balanceOf(bob), 0, "not the previous holder");
    }

    function testFuzz_claims_neverExceedPool(uint256 w1, uint256 w2, uint256 w3, uint256 stakeAmount) public {
        w1 = bound(w1, 1, 1e24);
        w2 = bound(w2, 1, 1e24);
        w3 = bound(w3, 0, 1e24);
        stakeAmount = bound(stakeAmount, 1, 100_000_000e18);
        vm.prank(timelock);
        token.transfer(alice, stakeAmount);
        vm.prank(alice);
        staking.stake(worker, stakeAmount);
        uint256 v3 = buyWithUsd(address(0xD0D), INodeLicense.Kind.Verifier);
        vm.prank(address(0xD0D));
        registry.register(v3, address(0xD0), encKey, 0, "");
        uint256 epoch = clock.currentEpoch();
        _credit(v1, w1);
        _credit(v2, w2);
        if (w3 != 0) _credit(v3, w3);
        uint256 slashed = _slash();
        _nextEpoch();
        uint256 total;
        uint256 total3 = w1 + w2 + w3;
        uint256 c1 = pool.claimable(epoch, v1);
        uint256 c2 = pool.claimable(epoch, v2);
        uint256 c3 = pool.claimable(epoch, v3);
        assertEq(c1, (slashed * w1) / total3, "v1 pro rata");
        assertEq(c2, (slashed * w2) / total3, "v2 pro rata");
        if (c1 != 0) total += _claim(epoch, v1);
        if (c2 != 0) total += _claim(epoch, v2);
        if (c3 != 0) total += _claim(epoch, v3);
        assertLe(total, slashed, "claims never exceed the pool");
        assertLe(slashed - total, 2, "dust of at most one wei per claimant");
        assertEq(token.balanceOf(address(pool)), pool.totalSlashed() - pool.totalClaimed(), "pool backed");
    }

    // ------------------------------------------------------------------ roll-over

    function test_rollOver_movesPoolOfEpochWithoutWork() public {
        uint256 e0 = clock.currentEpoch();
        uint256 slashed = _slash(); // nobody verified anything in e0
        _nextEpoch();
        _nextEpoch();
        uint256 e2 = clock.currentEpoch();
        vm.expectEmit(true, true, false, true);
        emit IPenaltyPool.PoolRolledOver(e0, e2, slashed);
        pool.rollOver(e0);
        assertEq(pool.poolOf(e0), 0, "emptied");
        assertEq(pool.poolOf(e2), slashed, "moved to the current epoch");
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolNotRollable.selector, e0, uint256(0), uint256(0)));
        pool.rollOver(e0);

        _credit(v1, 5);
        _nextEpoch();
        assertEq(_claim(e2, v1), slashed, "claimed by the verifier of the epoch it rolled into");
        assertEq(pool.totalClaimed(), pool.totalSlashed(), "all paid");
    }

    function test_rollOver_revertsWhenEpochHadWork() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 7);
        uint256 slashed = _slash();
        _nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolNotRollable.selector, epoch, slashed, uint256(7)));
        pool.rollOver(epoch);
    }

    function test_rollOver_revertsWhenPoolEmpty() public {
        uint256 epoch = clock.currentEpoch();
        _nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolNotRollable.selector, epoch, uint256(0), uint256(0)));
        pool.rollOver(epoch);
    }

    function test_rollOver_revertsDuringEpoch() public {
        uint256 epoch = clock.currentEpoch();
        _slash();
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolEpochNotOver.selector, epoch, epoch));
        pool.rollOver(epoch);
    }

    // ------------------------------------------------------------------ claim reverts

    function test_claim_revertsDuringEpoch() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 1);
        _slash();
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolEpochNotOver.selector, epoch, epoch));
        pool.claim(epoch, v1);
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolEpochNotOver.selector, epoch + 3, epoch));
        pool.claim(epoch + 3, v1);
    }

    function test_claim_revertsTwice() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 1);
        _credit(v2, 1);
        _slash();
        _nextEpoch();
        _claim(epoch, v1);
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolAlreadyClaimed.selector, epoch, v1));
        pool.claim(epoch, v1);
        assertEq(token.balanceOf(bob), 200e18, "paid once");
    }

    function test_claim_revertsWithoutWork() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 1);
        _slash();
        _nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolNothingToClaim.selector, epoch, v2));
        pool.claim(epoch, v2);
    }

    function test_claim_revertsWithoutSlash() public {
        uint256 epoch = clock.currentEpoch();
        _credit(v1, 1);
        _nextEpoch();
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolNothingToClaim.selector, epoch, v1));
        pool.claim(epoch, v1);
        assertTrue(!pool.claimed(epoch, v1), "not marked claimed");
    }

    // ------------------------------------------------------------------ zero amounts and roles

    function test_creditVerification_revertsOnZero() public {
        vm.prank(market);
        vm.expectRevert(IPenaltyPool.PoolZeroAmount.selector);
        pool.creditVerification(v1, 0);
    }

    function test_notifySlashed_revertsOnZero() public {
        vm.prank(address(staking));
        vm.expectRevert(IPenaltyPool.PoolZeroAmount.selector);
        pool.notifySlashed(0);
    }

    function test_notifySlashed_onlyNotifierRole() public {
        bytes32 role = pool.NOTIFIER_ROLE();
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, market, role));
        pool.notifySlashed(1e18);
    }

    function test_creditVerification_revertsForNonVerifiers() public {
        vm.startPrank(market);
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolNotVerifier.selector, worker));
        pool.creditVerification(worker, 1);
        vm.expectRevert(abi.encodeWithSelector(IPenaltyPool.PoolNotVerifier.selector, 999));
        pool.creditVerification(999, 1);
        vm.stopPrank();
    }

    function test_creditVerification_onlyCreditorRole() public {
        bytes32 role = pool.CREDITOR_ROLE();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, role));
        pool.creditVerification(v1, 1);
    }
}
