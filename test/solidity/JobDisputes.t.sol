// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";
import {Vm} from "./utils/Vm.sol";
import {IJobDisputes} from "../../contracts/interfaces/IJobDisputes.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";

/// @notice JobDisputes: an artist's dispute of an accepted task, over a real Merkle tree of outcomes; the fresh panel
///         that judges it without a DAO vote; the appeal; the DAO as the last appeal; the lapse; every custom error.
contract JobDisputesTest is MarketFixture {
    uint256 internal constant WINDOW = 2 days;
    uint256 internal constant PANEL = 2 days;
    uint256 internal constant APPEAL = 1 days;
    uint256 internal constant RESOLUTION = 11 days;

    address internal stranger = address(0x57A6);

    function setUp() public {
        deployMarket();
    }

    // ------------------------------------------------------------------ disputes

    uint256 internal constant BOND = 5e18;

    /// Regression (review of c2f7d35, attack 4): one dispute froze the whole job's fee, and the burn with it, until a
    /// DAO vote. Now it holds the task's share only; the rest is released on time.
    function test_dispute_upheldRefundsTaskFeeAndBondAndSlashesWorker() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        uint256 settledAtTs = block.timestamp;
        assertEq(staking.stakeOf(workerIds[1]), 9_000e18, "slashed once for the rejected task");
        assertEq(credits.balanceOf(artist), 950e18, "fee paid");

        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputeOpened(q.jobId, 0, 1, workerIds[1], 400e18, BOND, 20e18);
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        assertEq(uint8(disputes.dispute(q.jobId, 0, 1).state), uint8(IJobDisputes.DisputeState.Open), "open");
        assertEq(credits.balanceOf(address(disputes)), 25e18, "the task's fee and the bond held by the disputes");
        assertEq(credits.balanceOf(artist), 945e18, "the bond posted");
        assertEq(jobMarket.job(q.jobId).pendingFee, 30e18, "the task's 20 held apart");

        // The window passes: the rest of the fee is released and burned on time.
        vm.warp(settledAtTs + WINDOW + 1);
        jobMarket.releaseFees(_ids(q.jobId));
        assertEq(credits.totalSpentCredits(), 30e18, "released despite the open dispute");

        uint256 poolBefore = token.balanceOf(address(pool));
        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputeResolved(q.jobId, 0, 1, true, 20e18, BOND, false, true);
        vm.prank(timelock);
        disputes.resolveDispute(q.jobId, 0, 1, true);

        assertEq(uint8(disputes.dispute(q.jobId, 0, 1).state), uint8(IJobDisputes.DisputeState.Resolved), "resolved");
        assertEq(credits.balanceOf(artist), 970e18, "the task's fee and the bond back to the artist");
        assertEq(staking.stakeOf(workerIds[1]), 8_100e18, "worker slashed 10% again");
        assertEq(token.balanceOf(address(pool)) - poolBefore, 900e18, "slash into the penalty pool");
        // Resolved in the next epoch: a fresh count of rejections there.
        assertEq(registry.node(workerIds[1]).rejectionEpoch, clock.currentEpoch(), "rejection in the resolving epoch");
        assertEq(registry.node(workerIds[1]).rejectionsInEpoch, 1, "counted as a rejection");
        assertEq(credits.balanceOf(address(jobMarket)), 0, "market empty");
        assertEq(credits.balanceOf(address(disputes)), 0, "disputes empty");
    }

    /// A dismissed dispute costs its bond: it is spent with the held fee, and the manager is credited the task's work.
    function test_dispute_dismissedSpendsBondAndHeldFee() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputeResolved(q.jobId, 0, 1, false, 0, 0, false, true);
        vm.prank(timelock);
        disputes.resolveDispute(q.jobId, 0, 1, false);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertEq(j.pendingFee, 30e18, "the rest waits for its release");
        assertEq(credits.balanceOf(artist), 945e18, "no refund, bond lost");
        assertEq(credits.totalSpentCredits(), 20e18 + BOND, "held fee and bond spent");
        assertEq(staking.stakeOf(workerIds[1]), 9_000e18, "no slash");
        assertEq(rewards.accountOf(managerId).workWad, 400e18, "the manager credited the task's work");
    }

    /// No panel sits (too few verifiers outside the committee) and nobody appeals: once the panel's vote and the appeal
    /// window are over, anyone ends it; the bond goes back, the held fee is spent. The DAO cannot rule after the
    /// resolution time.
    function test_finalize_lapsesWithoutARuling() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        uint256 finalAt = block.timestamp + PANEL + APPEAL;
        assertEq(disputes.finalAt(q.jobId, 0, 1), finalAt, "panel and appeal window");
        vm.roll(block.number + 2);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputePanelUnavailable.selector, uint256(3), uint256(3)));
        disputes.drawPanel(q.jobId, 0, 1, committees[q.jobId]);
        vm.warp(finalAt);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotFinal.selector, finalAt, finalAt));
        disputes.finalize(q.jobId, 0, 1);
        vm.warp(finalAt + 1);
        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputeResolved(q.jobId, 0, 1, false, 0, BOND, true, false);
        vm.prank(stranger);
        disputes.finalize(q.jobId, 0, 1);
        assertEq(credits.balanceOf(artist), 950e18, "the bond back");
        assertEq(credits.totalSpentCredits(), 20e18, "the held fee spent");
        assertEq(rewards.accountOf(managerId).workWad, 400e18, "the manager credited the task's work");
        assertEq(staking.stakeOf(workerIds[1]), 9_000e18, "no slash without a ruling");
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotOpen.selector, q.jobId, uint256(0), uint32(1)));
        disputes.finalize(q.jobId, 0, 1);
    }

    function test_resolveDispute_refusedOnceTheDisputeIsFinal() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        // Unappealed, the lapse is final once the appeal window is over: the DAO does not race `finalize`.
        uint256 deadline = block.timestamp + PANEL + APPEAL;
        vm.warp(deadline + 1);
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeResolutionOver.selector, deadline, deadline + 1));
        disputes.resolveDispute(q.jobId, 0, 1, true);
        // Appealed, the DAO has until the end of the resolution time.
        (IJobMarket.Quote memory q2, IJobMarket.TaskOutcome[4] memory o2, bytes32[] memory proof2,) = _settledWithOutcomes();
        vm.prank(artist);
        disputeTask(q2.jobId, 0, o2[1], proof2);
        uint256 opened = block.timestamp;
        vm.warp(opened + PANEL + 1);
        vm.prank(artist);
        disputes.appeal(q2.jobId, 0, 1);
        vm.warp(opened + RESOLUTION + 1);
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeResolutionOver.selector, opened + RESOLUTION, opened + RESOLUTION + 1));
        disputes.resolveDispute(q2.jobId, 0, 1, true);
    }

    /// Regression (attack 4): a dispute costs its bond up front; an artist without it cannot freeze anything.
    function test_dispute_revertsWithoutTheBond() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(timelock);
        params.set(keccak256("disputeBondWad"), 10_000e18);
        vm.prank(artist);
        vm.expectRevert();
        disputeTask(q.jobId, 0, o[1], proof1);
        assertEq(uint8(disputes.dispute(q.jobId, 0, 1).state), uint8(IJobDisputes.DisputeState.None), "nothing opened");
        assertEq(credits.balanceOf(address(disputes)), 0, "nothing held");
    }

    function test_dispute_revertsOnRejectedOutcome() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o,, bytes32[] memory proof3) =
            _settledWithOutcomes();
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketOutcomeNotAccepted.selector, uint32(3)));
        disputeTask(q.jobId, 0, o[3], proof3);
    }

    function test_dispute_revertsOnInvalidProof() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        // A claimed work larger than the leaf's is not under the root.
        IJobMarket.TaskOutcome memory forged = o[1];
        forged.workWad = 1_000e18;
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketInvalidOutcomeProof.selector, q.jobId, uint256(0)));
        disputeTask(q.jobId, 0, forged, proof1);
        // The right leaf with another leaf's proof.
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketInvalidOutcomeProof.selector, q.jobId, uint256(0)));
        disputeTask(q.jobId, 0, o[0], proof1);
    }

    function test_dispute_revertsWhenAlreadyOpenOrResolved() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.startPrank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobDisputes.DisputeExists.selector, q.jobId, uint256(0), uint32(1))
        );
        disputeTask(q.jobId, 0, o[1], proof1);
        vm.stopPrank();
        vm.prank(timelock);
        disputes.resolveDispute(q.jobId, 0, 1, false);
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobDisputes.DisputeExists.selector, q.jobId, uint256(0), uint32(1))
        );
        disputeTask(q.jobId, 0, o[1], proof1);
    }

    function test_dispute_revertsAfterWindow() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        uint256 at = block.timestamp;
        vm.warp(at + WINDOW);
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1); // the last second of the window
        vm.warp(at + WINDOW + 1);
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketDisputeWindowClosed.selector, at, WINDOW, at + WINDOW + 1)
        );
        disputeTask(q.jobId, 0, o[0], proof1);
    }

    function test_dispute_revertsForUnsettledIndex() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.MarketDisputeWindowClosed.selector, block.timestamp, WINDOW, block.timestamp
            )
        );
        disputeTask(q.jobId, 1, o[1], proof1);
    }

    function test_dispute_revertsBeforeAnySettlement() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        openJob(q);
        IJobMarket.TaskOutcome memory o = _outcomes()[1];
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketDisputeWindowClosed.selector, uint256(0), WINDOW, block.timestamp)
        );
        disputeTask(q.jobId, 0, o, new bytes32[](0));
    }

    /// The window runs from the job's latest settlement: an earlier settlement's task stays disputable until then.
    function test_dispute_windowFollowsLatestSettlement() public {
        IJobMarket.Quote memory q = quoteFor(2_000e18);
        q.taskCount = 8;
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.TaskOutcome[4] memory o = _outcomes();
        (bytes32 root, bytes32[] memory proof1,) = _tree(o);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        s.outcomesRoot = root;
        _settle(q.jobId, 0, s, committee);
        uint256 t0 = block.timestamp;
        vm.warp(t0 + 1 days);
        _settle(q.jobId, 1, settlementOf(500e18, 500e18), committee);
        uint256 t1 = block.timestamp;

        vm.warp(t0 + WINDOW + 1); // settlement 0's own window is over, the job's is not
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        assertEq(uint8(disputes.dispute(q.jobId, 0, 1).state), uint8(IJobDisputes.DisputeState.Open), "disputed");

        vm.warp(t1 + WINDOW + 1);
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDisputeWindowClosed.selector, t1, WINDOW, t1 + WINDOW + 1));
        disputeTask(q.jobId, 0, o[0], new bytes32[](0));
        vm.prank(timelock);
        disputes.resolveDispute(q.jobId, 0, 1, true);
        assertEq(jobMarket.job(q.jobId).pendingFee, 80e18, "100 pending - 20 refunded");
    }

    function test_dispute_revertsForNonArtistAndUnknownJob() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNotArtist.selector, q.jobId, stranger));
        disputeTask(q.jobId, 0, o[1], proof1);
        bytes32 unknown = keccak256("nope");
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, unknown));
        disputeTask(unknown, 0, o[1], proof1);
    }

    function test_resolveDispute_revertsWithoutOpenDispute() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(IJobDisputes.DisputeNotOpen.selector, q.jobId, uint256(0), uint32(1))
        );
        disputes.resolveDispute(q.jobId, 0, 1, true);
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        vm.prank(timelock);
        disputes.resolveDispute(q.jobId, 0, 1, true);
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(IJobDisputes.DisputeNotOpen.selector, q.jobId, uint256(0), uint32(1))
        );
        disputes.resolveDispute(q.jobId, 0, 1, true);
        assertEq(credits.balanceOf(artist), 970e18, "refunded once");
    }

    function test_resolveDispute_onlyAdmin() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        bytes32 role = disputes.DEFAULT_ADMIN_ROLE();
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, artist, role));
        disputes.resolveDispute(q.jobId, 0, 1, true);
        assertEq(uint8(disputes.dispute(q.jobId, 0, 1).state), uint8(IJobDisputes.DisputeState.Open), "still open");
    }

    // ------------------------------------------------------------------ the panel

    /// @dev Task 1 of a settled job disputed, three verifiers outside the committee, the panel drawn (all three of them).
    function _disputedWithPanel() internal returns (bytes32 jobId, IJobMarket.Seat[] memory panel) {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        jobId = q.jobId;
        _addVerifiers(3);
        vm.prank(artist);
        disputeTask(jobId, 0, o[1], proof1);
        vm.roll(block.number + 2);
        vm.recordLogs();
        disputes.drawPanel(jobId, 0, 1, committees[jobId]);
        panel = _panelOf();
    }

    function _panelOf() internal returns (IJobMarket.Seat[] memory panel) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IJobDisputes.DisputePanelDrawn.selector) {
                (, panel,) = abi.decode(logs[i].data, (uint32, IJobMarket.Seat[], bytes32));
            }
        }
    }

    function _vote(bytes32 jobId, IJobMarket.Seat[] memory panel, uint256 seat, bool upheld) internal {
        vm.prank(panel[seat].operator);
        disputes.vote(jobId, 0, 1, panel, seat, upheld);
    }

    /// The common case needs no DAO vote: two of three fresh verifiers uphold, nobody appeals, anyone finalizes after
    /// the appeal window. The panel sits none of the job's committee.
    function test_panel_upholdsWithoutTheDao() public {
        (bytes32 jobId, IJobMarket.Seat[] memory panel) = _disputedWithPanel();
        assertEq(panel.length, 3, "panel of 3");
        IJobMarket.Seat[] memory committee = committees[jobId];
        for (uint256 i; i < panel.length; ++i) {
            for (uint256 j; j < committee.length; ++j) {
                assertTrue(panel[i].verifierId != committee[j].verifierId, "no committee member on the panel");
            }
        }
        _vote(jobId, panel, 0, true);
        assertEq(uint8(disputes.dispute(jobId, 0, 1).ruling), uint8(IJobDisputes.Ruling.None), "one vote rules nothing");
        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputeRuled(jobId, 0, 1, true);
        _vote(jobId, panel, 2, true);
        uint256 finalAt = block.timestamp + APPEAL;
        assertEq(disputes.finalAt(jobId, 0, 1), finalAt, "final after the appeal window");
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeVotingClosed.selector, block.timestamp + PANEL, block.timestamp));
        _vote(jobId, panel, 1, false);
        vm.warp(finalAt + 1);
        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputeResolved(jobId, 0, 1, true, 20e18, BOND, false, false);
        disputes.finalize(jobId, 0, 1);
        assertEq(credits.balanceOf(artist), 970e18, "the task's fee and the bond back");
        assertEq(staking.stakeOf(workerIds[1]), 8_100e18, "the worker slashed");
        assertEq(credits.balanceOf(address(disputes)), 0, "nothing left held");
    }

    /// The panel dismisses; the artist appeals; the DAO, the last appeal, upholds before the resolution time ends.
    function test_panel_dismissalAppealedAndOverruledByTheDao() public {
        (bytes32 jobId, IJobMarket.Seat[] memory panel) = _disputedWithPanel();
        uint256 openedAt = block.timestamp;
        _vote(jobId, panel, 0, false);
        _vote(jobId, panel, 1, false);
        assertEq(uint8(disputes.dispute(jobId, 0, 1).ruling), uint8(IJobDisputes.Ruling.Dismissed), "dismissed");
        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputeAppealed(jobId, 0, 1, artist);
        vm.prank(artist);
        disputes.appeal(jobId, 0, 1);
        assertEq(disputes.finalAt(jobId, 0, 1), openedAt + RESOLUTION, "an appeal waits for the DAO");
        vm.warp(openedAt + APPEAL + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotFinal.selector, openedAt + RESOLUTION, block.timestamp));
        disputes.finalize(jobId, 0, 1);
        vm.prank(timelock);
        disputes.resolveDispute(jobId, 0, 1, true);
        assertEq(credits.balanceOf(artist), 970e18, "refunded on appeal");
        assertEq(staking.stakeOf(workerIds[1]), 8_100e18, "slashed on appeal");
    }

    /// The worker appeals an upheld ruling; the DAO stays silent: at the end of the resolution time the panel's ruling
    /// stands. Only the losing side appeals, once, within the window.
    function test_panel_rulingStandsWhenTheDaoIsSilent() public {
        (bytes32 jobId, IJobMarket.Seat[] memory panel) = _disputedWithPanel();
        uint256 openedAt = block.timestamp;
        vm.expectRevert(
            abi.encodeWithSelector(IJobDisputes.DisputeNotAppealable.selector, artist, openedAt + PANEL, openedAt + PANEL + APPEAL, openedAt)
        );
        vm.prank(artist);
        disputes.appeal(jobId, 0, 1); // no ruling yet: not before the panel's vote ends
        _vote(jobId, panel, 1, true);
        _vote(jobId, panel, 2, true);
        uint256 until = openedAt + APPEAL;
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotAppealable.selector, artist, openedAt, until, openedAt));
        vm.prank(artist);
        disputes.appeal(jobId, 0, 1); // the artist won
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotAppealable.selector, stranger, openedAt, until, openedAt));
        vm.prank(stranger);
        disputes.appeal(jobId, 0, 1);
        vm.prank(vm.addr(WORKER_PK_0 + 1)); // the worker's operator key
        disputes.appeal(jobId, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotAppealable.selector, nodeOwner, openedAt, until, openedAt));
        vm.prank(nodeOwner); // the license's owner, but it was appealed already
        disputes.appeal(jobId, 0, 1);
        vm.warp(openedAt + RESOLUTION + 1);
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeResolutionOver.selector, openedAt + RESOLUTION, block.timestamp));
        disputes.resolveDispute(jobId, 0, 1, false);
        disputes.finalize(jobId, 0, 1);
        assertEq(staking.stakeOf(workerIds[1]), 8_100e18, "the panel's ruling stands");
    }

    function test_vote_refusals() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        _addVerifiers(3);
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        IJobMarket.Seat[] memory none = new IJobMarket.Seat[](0);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputePanelNotDrawn.selector, q.jobId, uint256(0), uint32(1)));
        disputes.vote(q.jobId, 0, 1, none, 0, true);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputePanelSeedNotReady.selector, block.number + 1, block.number));
        disputes.drawPanel(q.jobId, 0, 1, committees[q.jobId]);
        vm.roll(block.number + 2);
        bytes32 wrong = keccak256(abi.encode(none));
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeWrongSeats.selector, keccak256(abi.encode(committees[q.jobId])), wrong));
        disputes.drawPanel(q.jobId, 0, 1, none); // the committee must be the job's: it is what the draw leaves out
        vm.recordLogs();
        disputes.drawPanel(q.jobId, 0, 1, committees[q.jobId]);
        IJobMarket.Seat[] memory panel = _panelOf();
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputePanelAlreadyDrawn.selector, q.jobId, uint256(0), uint32(1)));
        disputes.drawPanel(q.jobId, 0, 1, committees[q.jobId]);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotPanelSeat.selector, uint256(0), stranger));
        disputes.vote(q.jobId, 0, 1, panel, 0, true);
        vm.prank(panel[0].operator);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotPanelSeat.selector, uint256(1), panel[0].operator));
        disputes.vote(q.jobId, 0, 1, panel, 1, true); // one seat, one vote
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeNotPanelSeat.selector, uint256(3), panel[0].operator));
        vm.prank(panel[0].operator);
        disputes.vote(q.jobId, 0, 1, panel, 3, true);
        _vote(q.jobId, panel, 0, true);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeAlreadyVoted.selector, uint256(0)));
        _vote(q.jobId, panel, 0, false);
        bytes32 panelHash = keccak256(abi.encode(panel));
        IJobMarket.Seat[] memory forged = new IJobMarket.Seat[](3);
        (forged[0], forged[1], forged[2]) = (panel[0], IJobMarket.Seat(panel[1].verifierId, stranger), panel[2]);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeWrongSeats.selector, panelHash, keccak256(abi.encode(forged))));
        disputes.vote(q.jobId, 0, 1, forged, 1, true);
        vm.warp(block.timestamp + PANEL + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobDisputes.DisputeVotingClosed.selector, block.timestamp - 1, block.timestamp));
        _vote(q.jobId, panel, 1, true);
    }

    /// A panel whose seed block left the 256-block window is seeded again on a future block, like a committee.
    function test_drawPanel_reseedsAnExpiredSeed() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        _addVerifiers(3);
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        vm.roll(block.number + 300);
        vm.expectEmit(true, true, true, true);
        emit IJobDisputes.DisputePanelSeeded(q.jobId, 0, 1, block.number + 1);
        disputes.drawPanel(q.jobId, 0, 1, committees[q.jobId]);
        assertEq(disputes.dispute(q.jobId, 0, 1).panelSize, 0, "not drawn yet");
        vm.roll(block.number + 2);
        disputes.drawPanel(q.jobId, 0, 1, committees[q.jobId]);
        assertEq(disputes.dispute(q.jobId, 0, 1).panelSize, 3, "drawn");
    }

    /// Whatever block seeds it, a panel never seats a member of the committee it judges, nor anyone twice.
    function testFuzz_drawPanel_neverSeatsTheCommittee(uint8 extra, uint16 blocks) public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        _addVerifiers(3 + bound(extra, 0, 3)); // the launch tier sells 10 verifier licenses
        vm.prank(artist);
        disputeTask(q.jobId, 0, o[1], proof1);
        vm.roll(block.number + 2 + bound(blocks, 0, 250));
        vm.recordLogs();
        disputes.drawPanel(q.jobId, 0, 1, committees[q.jobId]);
        IJobMarket.Seat[] memory panel = _panelOf();
        IJobMarket.Seat[] memory committee = committees[q.jobId];
        for (uint256 i; i < panel.length; ++i) {
            for (uint256 j; j < committee.length; ++j) {
                assertTrue(panel[i].verifierId != committee[j].verifierId, "committee member on the panel");
            }
            for (uint256 j; j < i; ++j) {
                assertTrue(panel[i].verifierId != panel[j].verifierId, "seated twice");
            }
        }
    }

    /// Whatever the panel votes (any seats, either way), whoever appeals and whatever the DAO does, at any time: the
    /// dispute always ends, ifxDollar is conserved, nothing stays held, and the worker is slashed exactly when the final
    /// outcome is upheld (the DAO's ruling if it gave one, else the panel's).
    function testFuzz_dispute_alwaysEndsAndConservesMoney(uint256 votes, uint8 appealBy, uint8 dao, uint32 daoAt, uint32 endAt)
        public
    {
        (bytes32 jobId, IJobMarket.Seat[] memory panel) = _disputedWithPanel();
        uint256 openedAt = block.timestamp;
        uint256 total = _creditsInPlay();
        _castVotes(jobId, panel, votes);
        vm.warp(openedAt + bound(daoAt, 0, RESOLUTION + 2 days));
        _appealAs(jobId, appealBy);
        IJobDisputes.Ruling panelRuling = disputes.dispute(jobId, 0, 1).ruling;
        bool daoRuled = dao % 3 != 0 && _daoRules(jobId, dao % 3 == 1);
        if (!daoRuled) {
            vm.warp(block.timestamp + bound(endAt, 0, RESOLUTION + 1));
            uint256 finalAt = disputes.finalAt(jobId, 0, 1);
            if (block.timestamp <= finalAt) vm.warp(finalAt + 1);
            disputes.finalize(jobId, 0, 1); // always possible once nothing can change
        }
        bool upheld = daoRuled ? dao % 3 == 1 : panelRuling == IJobDisputes.Ruling.Upheld;
        assertEq(uint8(disputes.dispute(jobId, 0, 1).state), uint8(IJobDisputes.DisputeState.Resolved), "ended");
        assertEq(credits.balanceOf(address(disputes)), 0, "nothing held");
        assertEq(_creditsInPlay(), total, "conserved");
        assertEq(staking.stakeOf(workerIds[1]), upheld ? 8_100e18 : 9_000e18, "slashed exactly when upheld");
    }

    function _creditsInPlay() internal view returns (uint256) {
        return credits.balanceOf(artist) + credits.balanceOf(address(disputes)) + credits.balanceOf(address(jobMarket))
            + credits.totalSpentCredits();
    }

    /// @dev Seat i votes when bit 2i of `votes` is set, upheld when bit 2i + 1 is.
    function _castVotes(bytes32 jobId, IJobMarket.Seat[] memory panel, uint256 votes) internal {
        for (uint256 i; i < 3; ++i) {
            if ((votes >> (2 * i)) & 1 == 0) continue;
            vm.prank(panel[i].operator);
            try disputes.vote(jobId, 0, 1, panel, i, (votes >> (2 * i + 1)) & 1 == 1) {} catch {}
        }
    }

    function _appealAs(bytes32 jobId, uint8 appealBy) internal {
        address appellant = appealBy % 3 == 0 ? artist : appealBy % 3 == 1 ? vm.addr(WORKER_PK_0 + 1) : stranger;
        vm.prank(appellant);
        try disputes.appeal(jobId, 0, 1) {} catch {}
    }

    function _daoRules(bytes32 jobId, bool upheld) internal returns (bool) {
        vm.prank(timelock);
        try disputes.resolveDispute(jobId, 0, 1, upheld) {
            return true;
        } catch {
            return false;
        }
    }

    // ------------------------------------------------------------------ who can be slashed through a dispute

    /// A captured committee and a colluding artist cannot slash a worker through a dispute by naming it on a result it
    /// never rendered: the dispute needs that worker's own signature of that result.
    function test_openDispute_refusesAResultTheNamedWorkerDidNotSign() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        IJobMarket.Seat[] memory seats = committees[q.jobId];
        bytes32[] memory roots = settledRoots[q.jobId];
        // Worker 0's signature of task 1's result, offered for the leaf that names worker 1.
        IJobMarket.ResultProof memory other = proofOf(WORKER_PK_0, q.jobId, 1, o[1].resultCid);
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketResultNotSigned.selector, uint32(1), workerIds[1], vm.addr(WORKER_PK_0))
        );
        disputes.openDispute(q.jobId, 0, o[1], proof1, seats, roots, other);
        // Worker 1's signature of another result.
        IJobMarket.ResultProof memory another = proofOf(WORKER_PK_0 + 1, q.jobId, 1, keccak256("another"));
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketResultNotTheOutcomes.selector, uint32(1), o[1].resultCid, keccak256("another"))
        );
        disputes.openDispute(q.jobId, 0, o[1], proof1, seats, roots, another);
    }

    function test_market_onlyTheDisputesHoldAndCredit() public {
        (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        IJobMarket.Seat[] memory seats = committees[q.jobId];
        bytes32[] memory roots = settledRoots[q.jobId];
        IJobMarket.ResultProof memory signed = workerProofOf(q.jobId, o[1]);
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNotDisputes.selector, artist));
        jobMarket.holdDisputedTask(artist, q.jobId, 0, o[1], proof1, seats, roots, signed);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNotDisputes.selector, address(this)));
        jobMarket.creditDisputedWork(managerId, 1e18);
        vm.startPrank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketDisputesAlreadySet.selector, address(disputes)));
        jobMarket.setDisputes(stranger);
        vm.expectRevert(IJobMarket.MarketZeroAddress.selector);
        jobMarket.setDisputes(address(0));
        vm.stopPrank();
    }
}
