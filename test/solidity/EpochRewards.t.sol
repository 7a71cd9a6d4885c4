// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {EpochRewards} from "../../contracts/market/EpochRewards.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {SettlementCodec} from "../../contracts/libraries/SettlementCodec.sol";
import {IEpochRewards} from "../../contracts/interfaces/IEpochRewards.sol";

/// @notice EpochRewards: closing epochs (T = W x E_p capped by the ecosystem schedule, split by role, IBME), forfeits,
///         shares of roles without work, O(1) claims across epochs with lazy closing, and the money bound of a close.
contract EpochRewardsTest is MarketFixture {
    uint256 internal constant EPOCH = 72 hours;
    uint8 internal constant WORKER = 0;
    address internal stranger = address(0x57A6);

    function setUp() public {
        deployMarket();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Moves to one hour into epoch `e` and refreshes the TWAPs, so that the epoch's IFX price can be read.
    function _toEpoch(uint256 e) internal {
        vm.warp(T0 + e * EPOCH + 1 hours);
        ageOracles();
        assertEq(clock.currentEpoch(), e, "in the epoch");
    }


    /// @dev Opens a job and returns the signed settlement, so that a test can expect events of `settle` alone.
    function _prepared(uint128 work0, uint128 work1)
        internal
        returns (bytes32 jobId, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee, IJobMarket.Signatures memory sigs)
    {
        IJobMarket.Quote memory q = quoteFor(work0 + work1);
        committee = openJob(q);
        jobId = q.jobId;
        s = settlementOf(work0, work1);
        sigs = signSettlement(jobId, 0, s, committee, 2);
    }

    function _oneWorker(uint256 id, uint128 work) internal pure returns (uint256[] memory workers) {
        workers = new uint256[](1);
        workers[0] = SettlementCodec.packWorker(id, work);
    }

    function _claim(uint256 id) internal returns (uint256 amount) {
        vm.prank(nodeOwner);
        amount = rewards.claim(id);
    }

    // ------------------------------------------------------------------ reverts and roles

    function test_closeEpoch_revertsForRunningEpoch() public {
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsEpochNotOver.selector, uint256(0), uint256(0)));
        rewards.closeEpoch(0);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsEpochNotOver.selector, uint256(7), uint256(0)));
        rewards.closeEpoch(7);
        vm.warp(T0 + EPOCH);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsEpochNotOver.selector, uint256(1), uint256(1)));
        rewards.closeEpoch(1);
        rewards.closeEpoch(0); // the first second of epoch 1 ends epoch 0
        assertTrue(rewards.epochTotals(0).closed, "closed");
    }

    function test_closeEpoch_revertsTwice() public {
        settleJob(600e18, 400e18, 2);
        vm.warp(T0 + EPOCH);
        rewards.closeEpoch(0);
        uint256 minted = rewards.totalMinted();
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsEpochClosed.selector, uint256(0)));
        rewards.closeEpoch(0);
        assertEq(rewards.totalMinted(), minted, "minted once");
        assertEq(minted, 1_000e18, "T");
    }

    function test_closeEpoch_mintsNothingWithoutWork() public {
        uint256 releasedBefore = eco.releasedScheduled();
        vm.warp(T0 + EPOCH);
        rewards.closeEpoch(0);
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(0);
        assertTrue(t.closed, "closed");
        assertEq(t.mintedIfx, 0, "no work, no emission");
        assertEq(eco.releasedScheduled(), releasedBefore, "nothing released");
        assertEq(token.balanceOf(address(rewards)), 0, "nothing held");
    }

    function test_claim_revertsForNonOwner() public {
        settleJob(600e18, 400e18, 2);
        vm.warp(T0 + EPOCH);
        uint256 id = workerIds[0];
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsNotOwner.selector, id, stranger, nodeOwner));
        rewards.claim(id);
    }

    function test_claim_revertsWithNothingToClaim() public {
        uint256 idle = verifierIds[0];
        vm.prank(nodeOwner);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsNothingToClaim.selector, idle));
        rewards.claim(idle);

        // Work of the running epoch is not claimable yet.
        settleJob(600e18, 400e18, 2);
        uint256 id = workerIds[0];
        vm.prank(nodeOwner);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsNothingToClaim.selector, id));
        rewards.claim(id);

        // Once claimed, nothing is left.
        vm.warp(T0 + EPOCH);
        assertEq(_claim(id), 450e18, "claimed");
        vm.prank(nodeOwner);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsNothingToClaim.selector, id));
        rewards.claim(id);
    }

    function test_creditSettlement_onlyMarket() public {
        uint256[] memory workers = _oneWorker(workerIds[0], 1_000e18);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsNotMarket.selector, stranger));
        rewards.creditSettlement(workers, new uint256[](0), 1_000e18);
        vm.prank(timelock); // not even the admin
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsNotMarket.selector, timelock));
        rewards.creditSettlement(workers, new uint256[](0), 1_000e18);
        assertEq(rewards.accountOf(workerIds[0]).workWad, 0, "nothing credited");
    }

    function test_setMarket_onceByAdmin() public {
        assertEq(rewards.market(), address(jobMarket), "wired by the fixture");
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsMarketAlreadySet.selector, address(jobMarket)));
        rewards.setMarket(stranger);
        bytes32 admin = rewards.DEFAULT_ADMIN_ROLE();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, admin));
        rewards.setMarket(stranger);
        EpochRewards fresh = new EpochRewards(token, eco, clock, params, registry, staking, ifxUsd, pool, timelock, timelock);
        vm.prank(timelock);
        vm.expectRevert(IEpochRewards.RewardsZeroAddress.selector);
        fresh.setMarket(address(0));
        vm.prank(timelock);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.MarketSet(stranger);
        fresh.setMarket(stranger);
        assertEq(fresh.market(), stranger, "set");
    }

    // ------------------------------------------------------------------ minting

    /// A huge E_p right after the TGE: T is capped by what the 4-year schedule has unlocked and not released.
    function test_closeEpoch_capsAtEcosystemSchedule() public {
        vm.prank(timelock);
        eco.grant(address(0xD0), 5_000e18, "grant"); // releasedScheduled != 0
        vm.prank(timelock);
        params.set(keccak256("emissionRatePerIbm"), 1_000e18);
        settleJob(6_000e18, 4_000e18, 2); // 10,000 IBM x 1,000 IFX = 10,000,000 IFX asked
        vm.warp(T0 + EPOCH);
        uint256 released = eco.releasedScheduled();
        assertEq(released, 5_000e18, "the grant is released");
        uint256 room = eco.unlocked() - released;
        assertTrue(room < 10_000_000e18, "the cap binds");
        uint256 daoBefore = rewards.daoOwed();

        rewards.closeEpoch(0);
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(0);
        assertEq(t.mintedIfx, room, "minted == unlocked - releasedScheduled");
        assertEq(rewards.totalMinted(), room, "total minted");
        assertEq(eco.releasedScheduled(), eco.unlocked(), "the schedule is used up");
        uint256 toDao = rewards.daoOwed() - daoBefore;
        assertEq(token.balanceOf(address(rewards)), room, "held for claims and the DAO");
        assertEq(rewards.payDao(), toDao, "the DAO's share paid out");
        assertEq(token.balanceOf(address(rewards)), room - toDao, "the rest held for claims");
        // Worker 0: 75% x 60% of the capped T (rounded down, at most a few wei).
        uint256 w0 = rewards.claimable(workerIds[0]);
        assertLe(w0, (room * 45) / 100, "never more than its share");
        assertGe(w0 + 1e6, (room * 45) / 100, "its share");
    }

    function test_closeEpoch_recordsIbme() public {
        settleJob(600e18, 400e18, 2);
        vm.warp(T0 + EPOCH);
        // apparent = 2 workers x 0.5 IB x 4,320 min; IBME = 1,000 / 4,320 = 23.14%.
        assertEq(registry.totalWorkerIbWad(), 1e18, "total worker IB");
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochClosed(0, 1_000e18, 4_320e18, 2_314, 1_000e18, 1_000e18, 0, 100e18);
        rewards.closeEpoch(0);
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(0);
        assertEq(t.ibmeBps, 2_314, "IBME recorded");
        assertEq(t.paidWorkWad, 1_000e18, "paid IBM");
        assertEq(t.verifierWorkWad, 2_000e18, "two signers x 1,000");
        assertEq(t.forfeitedWorkWad, 0, "nothing forfeited");
    }

    // ------------------------------------------------------------------ forfeits and roles without work

    function test_creditSettlement_understakedWorkerForfeitsToDao() public {
        vm.prank(nodeOwner);
        staking.requestUnstake(workerIds[1], 9_000e18); // 1,000 IFX left, S(n) is about 2,160
        uint256 daoBefore = rewards.daoOwed();
        (bytes32 jobId, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee, IJobMarket.Signatures memory sigs) =
            _prepared(600e18, 400e18);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochJoined(0, workerIds[0], WORKER, false);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochJoined(0, workerIds[1], WORKER, true);
        jobMarket.settle(jobId, s, committee, priorRoots(jobId), sigs, proofsFor(jobId, s));
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(0);
        assertEq(t.paidWorkWad - t.forfeitedWorkWad, 600e18, "covered work");
        assertEq(t.forfeitedWorkWad, 400e18, "forfeited work");
        assertEq(rewards.accountOf(workerIds[1]).workWad, 0, "nothing credited to the forfeiting worker");

        vm.warp(T0 + EPOCH);
        rewards.closeEpoch(0);
        assertEq(rewards.epochTotals(0).mintedIfx, 1_000e18, "T counts forfeited work too");
        assertEq(rewards.claimable(workerIds[0]), 450e18, "the covered worker's share is unchanged");
        assertEq(rewards.claimable(workerIds[1]), 0, "forfeited");
        assertEq(
            rewards.claimable(committee[0].verifierId) + rewards.claimable(committee[1].verifierId), 150e18, "verifiers"
        );
        assertEq(rewards.daoOwed() - daoBefore, 400e18, "DAO: 7.5% + the managers' 2.5% (no release) + the forfeited 300");
    }

    /// Before any epoch ever had an IFX price (the TWAP stale from the start of epoch 1, nothing credited in epoch 0),
    /// the stake cannot be valued: the work stands, nobody is forfeited for the outage.
    function test_creditSettlement_neverForfeitsForAnUnknownPrice() public {
        vm.warp(T0 + EPOCH + 1 hours); // epoch 1, the TWAP is stale
        vm.expectRevert();
        ifxUsd.usdPriceWad();
        (bytes32 jobId, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee, IJobMarket.Signatures memory sigs) =
            _prepared(600e18, 400e18);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochJoined(1, workerIds[0], WORKER, false);
        jobMarket.settle(jobId, s, committee, priorRoots(jobId), sigs, proofsFor(jobId, s));
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(1);
        assertEq(t.terms.ifxUsdPriceWad, 0, "no price known yet");
        assertEq(t.forfeitedWorkWad, 0, "nothing forfeited for an outage");
        assertEq(t.paidWorkWad, 1_000e18, "W_p counts it");
        assertEq(rewards.accountOf(workerIds[0]).workWad, 600e18, "credited");
        assertEq(rewards.accountOf(workerIds[1]).workWad, 400e18, "credited");
        assertEq(t.verifierWorkWad, 2_000e18, "verifiers are not priced");
        // The price comes back within the epoch: it is fixed then, for the epoch's later joiners.
        ageOracles();
        settleJob(100e18, 100e18, 2);
        assertGt(rewards.epochTotals(1).terms.ifxUsdPriceWad, 0, "fixed once known");
        vm.warp(T0 + 2 * EPOCH);
        rewards.closeEpoch(1);
        assertGt(rewards.claimable(workerIds[0]), 0, "paid");
    }

    /// A price outage at an epoch's first credit: the epoch is fixed at the last epoch's price, the workers are
    /// checked against it, and a worker covering S(n) is not forfeited.
    function test_creditSettlement_fallsBackToTheLastEpochPriceDuringAnOutage() public {
        settleJob(600e18, 400e18, 2); // epoch 0 fixes the TWAP price
        uint256 epoch0Price = rewards.epochTotals(0).terms.ifxUsdPriceWad;
        assertGt(epoch0Price, 0, "epoch 0 priced");
        assertEq(rewards.lastIfxUsdPriceWad(), epoch0Price, "remembered");
        vm.warp(T0 + EPOCH + 1 hours); // epoch 1, nobody updated the TWAP: it fails closed
        vm.expectRevert();
        ifxUsd.usdPriceWad();
        (bytes32 jobId, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee, IJobMarket.Signatures memory sigs) =
            _prepared(600e18, 400e18);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochPriceFallback(1, epoch0Price);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochJoined(1, workerIds[0], WORKER, false);
        jobMarket.settle(jobId, s, committee, priorRoots(jobId), sigs, proofsFor(jobId, s));
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(1);
        assertEq(t.terms.ifxUsdPriceWad, epoch0Price, "the last fixed price");
        assertEq(t.forfeitedWorkWad, 0, "a worker is not forfeited for the outage");
        assertEq(rewards.accountOf(workerIds[0]).workWad, 600e18, "credited");
        assertEq(rewards.accountOf(workerIds[1]).workWad, 400e18, "credited");
    }

    /// The fallback price still checks the stake: a worker short of S(n) at it forfeits, as at a live price.
    function test_creditSettlement_fallbackPriceStillChecksTheStake() public {
        settleJob(600e18, 400e18, 2);
        vm.prank(nodeOwner);
        staking.requestUnstake(workerIds[1], 9_000e18); // 1,000 IFX left, S(n) is about 2,160
        vm.warp(T0 + EPOCH + 1 hours);
        (bytes32 jobId, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee, IJobMarket.Signatures memory sigs) =
            _prepared(600e18, 400e18);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochJoined(1, workerIds[1], WORKER, true);
        jobMarket.settle(jobId, s, committee, priorRoots(jobId), sigs, proofsFor(jobId, s));
        assertEq(rewards.epochTotals(1).forfeitedWorkWad, 400e18, "the understaked worker forfeits");
    }

    /// The stake is checked at a worker's first credit of the epoch: dropping below S(n) later in the epoch does not
    /// forfeit the epoch's work.
    function test_creditSettlement_stakeCheckedAtFirstCreditOfEpoch() public {
        settleJob(600e18, 400e18, 2);
        vm.prank(nodeOwner);
        staking.requestUnstake(workerIds[1], 9_000e18);
        (bytes32 jobId, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee, IJobMarket.Signatures memory sigs) =
            _prepared(100e18, 100e18);
        jobMarket.settle(jobId, s, committee, priorRoots(jobId), sigs, proofsFor(jobId, s));
        assertTrue(!rewards.accountOf(workerIds[1]).forfeited, "not forfeited");
        assertEq(rewards.accountOf(workerIds[1]).workWad, 500e18, "both settlements credited");
        assertEq(rewards.epochTotals(0).forfeitedWorkWad, 0, "nothing forfeited");

        // In the next epoch its first credit finds the stake short: that epoch is forfeited.
        _toEpoch(1);
        settleJob(100e18, 100e18, 2);
        assertTrue(rewards.accountOf(workerIds[1]).forfeited, "forfeits epoch 1");
        assertEq(rewards.epochTotals(1).forfeitedWorkWad, 100e18, "epoch 1 forfeited work");
        assertEq(rewards.accountOf(workerIds[1]).accruedIfx, 375e18, "epoch 0 still paid: 75% x 500/1000 x 1,000");
    }

    /// A worker short of S(n) at its first credit of the epoch forfeits the whole epoch, even if it restakes.
    function test_creditSettlement_understakedWorkerForfeitsWholeEpoch() public {
        settleJob(600e18, 400e18, 2); // epoch 0: worker 1 accrues 300 IFX, not claimed
        _toEpoch(1);
        vm.prank(nodeOwner);
        staking.requestUnstake(workerIds[1], 9_000e18);
        settleJob(100e18, 100e18, 2);
        assertTrue(rewards.accountOf(workerIds[1]).forfeited, "forfeits at its first credit of epoch 1");
        restakeWithFreshIfx(workerIds[1], 9_000e18); // the unstaked 9,000 are unbonding
        (bytes32 jobId, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee, IJobMarket.Signatures memory sigs) =
            _prepared(100e18, 100e18);
        jobMarket.settle(jobId, s, committee, priorRoots(jobId), sigs, proofsFor(jobId, s));
        assertTrue(rewards.accountOf(workerIds[1]).forfeited, "still forfeited");
        assertEq(rewards.accountOf(workerIds[1]).workWad, 0, "nothing credited");
        assertEq(rewards.epochTotals(1).forfeitedWorkWad, 200e18, "both of epoch 1's settlements forfeited");
        assertEq(rewards.accountOf(workerIds[1]).accruedIfx, 300e18, "epoch 0's share kept");
    }

    function test_closeEpoch_roleWithoutWorkGoesToDao() public {
        // No verifier signed.
        vm.prank(address(jobMarket));
        rewards.creditSettlement(_oneWorker(workerIds[0], 1_000e18), new uint256[](0), 1_000e18);
        uint256 daoBefore = rewards.daoOwed();
        vm.warp(T0 + EPOCH);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochClosed(0, 1_000e18, 4_320e18, 2_314, 1_000e18, 1_000e18, 0, 250e18);
        rewards.closeEpoch(0);
        assertEq(rewards.daoOwed() - daoBefore, 250e18, "DAO: 7.5% + the verifiers' 15% + the managers' 2.5%");
        assertEq(rewards.epochTotals(0).verifierWorkWad, 0, "no verifier work");
        assertEq(rewards.epochTotals(0).managerWorkWad, 0, "no fees released");
        assertEq(_claim(workerIds[0]), 750e18, "worker 75%");
        assertEq(token.balanceOf(address(rewards)), 250e18, "the DAO's share waits");
        vm.prank(stranger); // anyone may pay the DAO
        assertEq(rewards.payDao(), 250e18, "paid to the DAO");
        assertEq(token.balanceOf(address(rewards)), 0, "everything paid out");
        assertEq(rewards.payDao(), 0, "nothing owed twice");
    }

    // ------------------------------------------------------------------ penalties, roles, the DAO

    /// A rejection slashes 10% of the worker's 10,000 IFX into the penalty pool; closing the epoch adds it to the
    /// verifiers' pool, shared by the signers pro rata to their verification work.
    function test_closeEpoch_foldsPenaltiesIntoTheVerifiersPool() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementWithRejection(600e18);
        submitSettlement(q.jobId, s, committee, signSettlement(q.jobId, 0, s, committee, 2));
        assertEq(pool.pending(), 1_000e18, "slashed into the pool");

        vm.warp(T0 + EPOCH);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.EpochClosed(0, 600e18, 4_320e18, 1_388, 600e18, 600e18, 1_000e18, 60e18);
        rewards.closeEpoch(0);
        assertEq(pool.pending(), 0, "released to the minter");
        assertEq(rewards.epochTotals(0).penaltyIfx, 1_000e18, "recorded");
        // Verifiers: 15% of 600 + 1,000 of penalties, split between the two signers.
        assertEq(rewards.claimable(committee[0].verifierId), 545e18, "(90 + 1,000) / 2");
        assertEq(rewards.claimable(committee[1].verifierId), 545e18, "(90 + 1,000) / 2");
        assertEq(rewards.claimable(committee[2].verifierId), 0, "a non-signer");
        assertEq(rewards.claimable(workerIds[0]), 450e18, "75% of 600");
        assertEq(token.balanceOf(address(rewards)), 1_600e18, "minted + penalties");
    }

    /// Slashes in an epoch without verification work wait in the pool for the next epoch that has some.
    function test_closeEpoch_keepsPenaltiesWithoutVerifierWork() public {
        vm.prank(market);
        staking.slash(workerIds[0]);
        assertEq(pool.pending(), 1_000e18, "pending");
        vm.warp(T0 + EPOCH);
        rewards.closeEpoch(0); // no work at all
        assertEq(pool.pending(), 1_000e18, "still pending");
        assertEq(rewards.epochTotals(0).penaltyIfx, 0, "none folded");
        _toEpoch(1);
        IJobMarket.Seat[] memory committee = settleJob(600e18, 400e18, 2);
        _toEpoch(2);
        rewards.closeEpoch(1);
        assertEq(rewards.epochTotals(1).penaltyIfx, 1_000e18, "folded into the next epoch with verifiers");
        assertEq(rewards.claimable(committee[0].verifierId), 575e18, "(150 + 1,000) / 2");
    }

    /// Managers earn the managers' pool of the epoch their jobs' fees are released in, by released work.
    function test_creditManagers_atFeeRelease() public {
        settleJob(600e18, 400e18, 2); // epoch 0: job a, 1,000 IBM, 50 ifxDollar pending
        bytes32 jobA = keccak256(abi.encode("job", jobNonce));
        _toEpoch(1);
        settleJob(300e18, 200e18, 2); // epoch 1: 500 IBM
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = jobA;
        jobMarket.releaseFees(ids); // the window of job a has passed
        assertEq(rewards.epochTotals(1).managerWorkWad, 1_000e18, "50 ifxDollar at $0.05 per IBM");
        assertEq(rewards.accountOf(managerId).workWad, 1_000e18, "credited to the manager");
        _toEpoch(2);
        rewards.closeEpoch(1);
        assertEq(rewards.claimable(managerId), 12.5e18, "2.5% of epoch 1's T (500 IFX)");
        assertEq(rewards.epochTotals(0).managerWorkWad, 0, "none in epoch 0");
    }

    /// A manager blacklisted before its fees are released cannot block the release: its share is forfeited.
    function test_creditManagers_blacklistedManagerForfeits() public {
        settleJob(600e18, 400e18, 2);
        bytes32 jobA = keccak256(abi.encode("job", jobNonce));
        vm.prank(timelock);
        registry.blacklist(managerId);
        _toEpoch(1);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = jobA;
        jobMarket.releaseFees(ids);
        assertEq(credits.totalSpentCredits(), 50e18, "released and spent");
        (,, uint256 managers) = rewards.forfeitedWork(1);
        assertEq(managers, 1_000e18, "forfeited");
        assertTrue(rewards.accountOf(managerId).forfeited, "the account says so");
    }

    /// A settlement naming a license in the wrong role is refused whole: nothing is credited.
    function test_creditSettlement_revertsOnWrongRole() public {
        vm.startPrank(address(jobMarket));
        vm.expectRevert(
            abi.encodeWithSelector(IEpochRewards.RewardsWrongRole.selector, verifierIds[0], uint8(0), uint8(1))
        );
        rewards.creditSettlement(_oneWorker(verifierIds[0], 1_000e18), new uint256[](0), 1_000e18);
        uint256[] memory notVerifiers = new uint256[](1);
        notVerifiers[0] = workerIds[0];
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsWrongRole.selector, workerIds[0], uint8(1), uint8(0)));
        rewards.creditSettlement(_oneWorker(workerIds[1], 1_000e18), notVerifiers, 1_000e18);
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsWrongRole.selector, workerIds[0], uint8(2), uint8(0)));
        rewards.creditManagers(_oneWorker(workerIds[0], 1_000e18), 1_000e18);
        vm.stopPrank();
        assertEq(rewards.epochTotals(0).paidWorkWad, 0, "nothing credited");
    }

    function test_payDao_paysWhatClosedEpochsOwe() public {
        settleJob(600e18, 400e18, 2);
        _toEpoch(1);
        settleJob(600e18, 400e18, 2); // closes epoch 0 lazily (the workers' accounts move on)
        // 7.5%, and the managers' 2.5%: no fees were released in epoch 0.
        assertEq(rewards.daoOwed(), 100e18, "epoch 0 owes 10%");
        uint256 before = token.balanceOf(timelock);
        vm.expectEmit(true, true, true, true);
        emit IEpochRewards.DaoPaid(timelock, 100e18);
        vm.prank(stranger);
        assertEq(rewards.payDao(), 100e18, "paid");
        assertEq(token.balanceOf(timelock) - before, 100e18, "to the treasury");
        assertEq(rewards.daoOwed(), 0, "nothing owed");
    }

    /// The running epoch is cached: a settlement after the cached epoch's end credits the new epoch, not the old one.
    function test_creditSettlement_followsTheClockPastTheCachedEnd() public {
        settleJob(600e18, 400e18, 2);
        vm.warp(T0 + EPOCH); // the first second of epoch 1, oracles still fresh enough
        ageOracles();
        settleJob(100e18, 100e18, 2);
        assertEq(rewards.epochTotals(0).paidWorkWad, 1_000e18, "epoch 0 unchanged");
        assertEq(rewards.epochTotals(1).paidWorkWad, 200e18, "credited to epoch 1");
        assertEq(rewards.accountOf(workerIds[0]).epoch, 1, "the account moved on");
        assertEq(rewards.accountOf(workerIds[0]).accruedIfx, 450e18, "epoch 0 converted");
    }

    // ------------------------------------------------------------------ claims

    /// Credited in epochs 1 and 3, claiming in 5: one claim pays both, closing both epochs on the way.
    function test_claim_severalEpochsInOneClaim() public {
        _toEpoch(1);
        settleJob(600e18, 400e18, 2); // worker 0: 450 IFX of epoch 1
        _toEpoch(3);
        settleJob(1_000e18, 0, 2); // worker 0: 750 IFX of epoch 3
        assertTrue(rewards.epochTotals(1).closed, "epoch 1 closed lazily by the next credit");
        IEpochRewards.Account memory a = rewards.accountOf(workerIds[0]);
        assertEq(a.epoch, 3, "account moved to epoch 3");
        assertEq(a.accruedIfx, 450e18, "epoch 1 converted");
        assertEq(a.workWad, 1_000e18, "epoch 3 work");

        _toEpoch(5);
        assertTrue(!rewards.epochTotals(3).closed, "epoch 3 not closed by anyone");
        uint256 before = token.balanceOf(nodeOwner);
        assertEq(_claim(workerIds[0]), 1_200e18, "both epochs' shares");
        assertEq(token.balanceOf(nodeOwner) - before, 1_200e18, "paid");
        assertTrue(rewards.epochTotals(3).closed, "epoch 3 closed by the claim");
        assertTrue(!rewards.epochTotals(2).closed && !rewards.epochTotals(4).closed, "idle epochs untouched");
        assertEq(token.balanceOf(address(rewards)), 2_000e18 - 1_200e18, "the rest held");
        assertEq(rewards.epochTotals(1).mintedIfx + rewards.epochTotals(3).mintedIfx, 2_000e18, "T of both");
        assertEq(rewards.totalMinted(), 2_000e18, "total minted");
        // Worker 1 (credited 400 in epoch 1 and 0 in epoch 3) also collects in one claim.
        assertEq(_claim(workerIds[1]), 300e18, "worker 1");
    }

    function test_claim_lazilyClosesEndedEpoch() public {
        settleJob(600e18, 400e18, 2);
        vm.warp(T0 + EPOCH);
        assertEq(rewards.claimable(workerIds[0]), 0, "the view waits for the close");
        uint256 daoBefore = rewards.daoOwed();
        assertEq(_claim(workerIds[0]), 450e18, "claimed without an explicit close");
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(0);
        assertTrue(t.closed, "closed by the claim");
        assertEq(t.mintedIfx, 1_000e18, "minted");
        assertEq(rewards.daoOwed() - daoBefore, 100e18, "the DAO's share owed on the lazy close (7.5% + 2.5%)");
        assertEq(rewards.claimable(workerIds[1]), 300e18, "the others can see their shares");
        vm.expectRevert(abi.encodeWithSelector(IEpochRewards.RewardsEpochClosed.selector, uint256(0)));
        rewards.closeEpoch(0);
    }

    function test_claim_paysOnlyEndedEpochs() public {
        settleJob(600e18, 400e18, 2); // epoch 0
        _toEpoch(1);
        settleJob(1_000e18, 0, 2); // epoch 1, running
        assertEq(_claim(workerIds[0]), 450e18, "epoch 0 only");
        IEpochRewards.Account memory a = rewards.accountOf(workerIds[0]);
        assertEq(a.accruedIfx, 0, "accrual paid");
        assertEq(a.workWad, 1_000e18, "the running epoch's work stays");
        _toEpoch(2);
        assertEq(_claim(workerIds[0]), 750e18, "epoch 1 later");
    }

    // ------------------------------------------------------------------ money bound

    /// For random work splits, E_p, signers and forfeits: minted == min(W x E_p, room) and what leaves the contract
    /// (claims + DAO) never exceeds it, short of it only by rounding dust.
    function testFuzz_closeEpoch_claimsAndDaoWithinMinted(
        uint128 work0,
        uint128 work1,
        uint256 rate,
        uint256 signers,
        bool understaked
    ) public {
        work0 = uint128(bound(work0, 0, 10_000e18));
        work1 = uint128(bound(work1, 0, 10_000e18));
        if (work0 == 0 && work1 == 0) work0 = 1;
        rate = bound(rate, 0, 1_000e18);
        signers = bound(signers, 2, 3);
        vm.prank(timelock);
        params.set(keccak256("emissionRatePerIbm"), rate);
        if (understaked) {
            vm.prank(nodeOwner);
            staking.requestUnstake(workerIds[1], 9_000e18);
        }
        IJobMarket.Seat[] memory committee = settleJob(work0, work1, signers);

        vm.warp(T0 + EPOCH + 1);
        uint256 room = eco.unlocked() - eco.releasedScheduled();
        uint256 daoBefore = rewards.daoOwed();
        rewards.closeEpoch(0);
        uint256 minted = rewards.epochTotals(0).mintedIfx;
        uint256 emission = ((uint256(work0) + work1) * rate) / 1e18;
        assertEq(minted, emission < room ? emission : room, "minted == min(W x E_p, room)");
        uint256 toDao = rewards.daoOwed() - daoBefore;

        uint256[] memory ids = new uint256[](3 + signers);
        ids[0] = workerIds[0];
        ids[1] = workerIds[1];
        ids[2] = managerId;
        for (uint256 i; i < signers; ++i) {
            ids[3 + i] = committee[i].verifierId;
        }
        uint256 claims;
        for (uint256 i; i < ids.length; ++i) {
            uint256 c = rewards.claimable(ids[i]);
            if (c == 0) continue;
            assertEq(_claim(ids[i]), c, "claim == claimable");
            claims += c;
        }
        assertLe(claims + toDao, minted, "claims + DAO <= minted");
        assertLe(minted - (claims + toDao), ids.length, "short only by a wei per claimant");
        assertEq(rewards.payDao(), toDao, "the DAO is paid what it is owed");
        assertEq(token.balanceOf(address(rewards)), minted - claims - toDao, "the dust stays here");
        if (understaked) assertEq(rewards.claimable(workerIds[1]), 0, "the forfeiting worker gets nothing");
    }
}
