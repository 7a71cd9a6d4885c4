// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {SettlementCodec} from "../../contracts/libraries/SettlementCodec.sol";

/// @notice What a committee majority can and cannot slash through a settlement (review of c2f7d35, attack 1), and a
///         worker that unstakes and moves its license before its rejection (attack 2). Two of the three fixture
///         verifiers sign every settlement here: a committee majority, honest or not.
contract JobMarketRejectionsTest is MarketFixture {
    function setUp() public {
        deployMarket();
    }

    function _rejecting(uint256 licenseId, uint32 taskIndex) internal pure returns (IJobMarket.Settlement memory s) {
        s.outcomesRoot = keccak256(abi.encode("rejections", licenseId, taskIndex));
        s.rejected = new uint256[](1);
        s.rejected[0] = SettlementCodec.packRejection(licenseId, taskIndex);
    }

    function _one(IJobMarket.ResultProof memory p) internal pure returns (IJobMarket.ResultProof[] memory proofs) {
        proofs = new IJobMarket.ResultProof[](1);
        proofs[0] = p;
    }

    /// @dev The majority signs `s`; the call is expected to revert with `err`.
    function _expectSettleRevert(
        bytes32 jobId,
        IJobMarket.Settlement memory s,
        IJobMarket.Seat[] memory committee,
        IJobMarket.ResultProof[] memory proofs,
        bytes memory err
    ) internal {
        IJobMarket.Signatures memory sigs = signSettlement(jobId, settledRoots[jobId].length, s, committee, 2);
        bytes32[] memory roots = settledRoots[jobId];
        vm.expectRevert(err);
        jobMarket.settle(jobId, s, committee, roots, sigs, proofs);
    }

    // ------------------------------------------------------------------ who can be named

    /// Regression: on c2f7d35 a majority slashed any license listed, verifiers and managers included.
    function test_settle_refusesRejectingAVerifierEvenWithItsOwnKey() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        uint256 victim = committee[2].verifierId;
        IJobMarket.ResultProof memory p = proofBy(VERIFIER_PK_0 + verifierIndexOf(victim), q.jobId, 0);
        _expectSettleRevert(
            q.jobId,
            _rejecting(victim, 0),
            committee,
            _one(p),
            abi.encodeWithSelector(IJobMarket.MarketNotWorker.selector, victim, INodeLicense.Kind.Verifier)
        );
    }

    function test_settle_refusesRejectingTheManager() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.ResultProof memory p = proofBy(MANAGER_PK, q.jobId, 0);
        _expectSettleRevert(
            q.jobId,
            _rejecting(managerId, 0),
            committee,
            _one(p),
            abi.encodeWithSelector(IJobMarket.MarketNotWorker.selector, managerId, INodeLicense.Kind.Manager)
        );
    }

    /// A worker that never handed in a result of this job cannot be named: the proof must be its own signature.
    function test_settle_refusesRejectionSignedByAnotherKey() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        // Worker 1's task, "proven" with worker 0's signature (the committee's own keys would do no better).
        IJobMarket.ResultProof memory p = proofBy(WORKER_PK_0, q.jobId, 0);
        _expectSettleRevert(
            q.jobId,
            _rejecting(workerIds[1], 0),
            committee,
            _one(p),
            abi.encodeWithSelector(
                IJobMarket.MarketResultNotSigned.selector, uint32(0), workerIds[1], vm.addr(WORKER_PK_0)
            )
        );
    }

    /// A worker's signed result of job A does not let a committee of job B slash it.
    function test_settle_refusesResultSignedForAnotherJob() public {
        IJobMarket.Quote memory a = quoteFor(1_000e18);
        openJob(a);
        IJobMarket.Quote memory b = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(b);
        IJobMarket.ResultProof memory p = proofBy(WORKER_PK_0 + 1, a.jobId, 0);
        address recovered = _recover(jobMarket.taskResultDigest(b.jobId, 0, p.resultCid), p);
        _expectSettleRevert(
            b.jobId,
            _rejecting(workerIds[1], 0),
            committee,
            _one(p),
            abi.encodeWithSelector(IJobMarket.MarketResultNotSigned.selector, uint32(0), workerIds[1], recovered)
        );
    }

    function test_settle_refusesTaskBeyondTheQuote() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18); // two tasks
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.ResultProof memory p = proofBy(WORKER_PK_0, q.jobId, 2);
        _expectSettleRevert(
            q.jobId,
            _rejecting(workerIds[0], 2),
            committee,
            _one(p),
            abi.encodeWithSelector(IJobMarket.MarketTaskOutOfRange.selector, q.jobId, uint32(2), 2)
        );
    }

    function test_settle_refusesProofsOfAnotherCount() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        _expectSettleRevert(
            q.jobId,
            _rejecting(workerIds[0], 0),
            committee,
            new IJobMarket.ResultProof[](0),
            abi.encodeWithSelector(IJobMarket.MarketRejectionProofsMismatch.selector, 1, 0)
        );
    }

    // ------------------------------------------------------------------ once per task

    function test_settle_refusesTheSameTaskTwiceInOneSettlement() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = _rejecting(workerIds[0], 1);
        s.rejected = new uint256[](2);
        s.rejected[0] = SettlementCodec.packRejection(workerIds[0], 1);
        s.rejected[1] = SettlementCodec.packRejection(workerIds[0], 1);
        _expectSettleRevert(
            q.jobId,
            s,
            committee,
            proofsFor(q.jobId, s),
            abi.encodeWithSelector(IJobMarket.MarketTaskAlreadyRejected.selector, q.jobId, uint32(1))
        );
    }

    /// Regression: on c2f7d35 a later settlement could slash the same worker again for the same task.
    function test_settle_refusesATaskRejectedByAnEarlierSettlement() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory first = _rejecting(workerIds[0], 1);
        submitSettlement(q.jobId, first, committee, signSettlement(q.jobId, 0, first, committee, 2));
        assertTrue(jobMarket.taskRejected(q.jobId, 1), "task 1 rejected");
        assertTrue(!jobMarket.taskRejected(q.jobId, 0), "task 0 not");
        IJobMarket.Settlement memory again = _rejecting(workerIds[0], 1);
        again.outcomesRoot = keccak256("again");
        _expectSettleRevert(
            q.jobId,
            again,
            committee,
            proofsFor(q.jobId, again),
            abi.encodeWithSelector(IJobMarket.MarketTaskAlreadyRejected.selector, q.jobId, uint32(1))
        );
        assertEq(staking.stakeOf(workerIds[0]), 9_000e18, "slashed once");
    }

    /// Regression of attack 1 on c2f7d35 (8 verifiers, 2 held by the attacker, 19,784 IFX of honest stake taken): a
    /// captured committee's best effort against this job. Every license of the network named in one settlement: only
    /// the job's workers that signed results can be slashed, once per task; the verifiers, the manager and the
    /// network's draw set survive.
    function test_settle_capturedCommitteeCannotRuinTheNetwork() public {
        vm.prank(timelock);
        params.set(keccak256("blacklistRejections"), 1); // the harshest setting: one rejection blacklists
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        uint256 verifiersBefore = registry.verifierCount();
        uint256[5] memory victims = [managerId, verifierIds[0], verifierIds[1], verifierIds[2], workerIds[0]];
        for (uint256 i; i < victims.length; ++i) {
            IJobMarket.Settlement memory s = _rejecting(victims[i], uint32(i % 2));
            IJobMarket.ResultProof[] memory proofs = new IJobMarket.ResultProof[](1);
            // The attacker holds two verifier keys and the manager key; it signs "results" with all of them.
            proofs[0] = proofBy(i == 0 ? MANAGER_PK : i < 4 ? VERIFIER_PK_0 + i - 1 : WORKER_PK_0, q.jobId, uint32(i % 2));
            IJobMarket.Signatures memory sigs = signSettlement(q.jobId, settledRoots[q.jobId].length, s, committee, 2);
            try jobMarket.settle(q.jobId, s, committee, settledRoots[q.jobId], sigs, proofs) {
                settledRoots[q.jobId].push(s.outcomesRoot);
            } catch {}
        }
        assertEq(registry.verifierCount(), verifiersBefore, "no verifier left the draw set");
        assertTrue(!registry.status(managerId).blacklisted, "the manager is not blacklisted");
        assertEq(staking.stakeOf(workerIds[1]), 10_000e18, "a worker that signed nothing is untouched");
        assertEq(staking.stakeOf(workerIds[0]), 9_000e18, "the job's own worker, once for its task");
        assertEq(settledRoots[q.jobId].length, 1, "one settlement went through");
    }

    /// Found by the adversarial suite: an upheld dispute slashes the outcome's worker, and the outcome is whatever the
    /// committee put under its root. A leaf naming a verifier (or license 0) cannot even be disputed, even with a
    /// result signed by that verifier's own key (or by a key bound to no license).
    function test_dispute_refusesAnOutcomeNamingANonWorker() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        uint256[2] memory named = [committee[2].verifierId, uint256(0)];
        for (uint256 i; i < named.length; ++i) {
            IJobMarket.TaskOutcome memory o = IJobMarket.TaskOutcome(uint32(i), named[i], keccak256("r"), true, 100e18);
            IJobMarket.Settlement memory s = settlementOf(100e18, 0);
            s.workers = new uint256[](1);
            s.workers[0] = SettlementCodec.packWorker(workerIds[0], 100e18);
            // A one-leaf tree: the root is the leaf, the proof empty.
            s.outcomesRoot = keccak256(bytes.concat(keccak256(abi.encode(o.taskIndex, o.workerId, o.resultCid, o.accepted, o.workWad))));
            submitSettlement(q.jobId, s, committee, signSettlement(q.jobId, i, s, committee, 2));
            uint256 signerPk = i == 0 ? VERIFIER_PK_0 + verifierIndexOf(named[i]) : 0xBAD;
            IJobMarket.ResultProof memory signed = proofOf(signerPk, q.jobId, o.taskIndex, o.resultCid);
            IJobMarket.Seat[] memory seats = committees[q.jobId];
            bytes32[] memory roots = settledRoots[q.jobId];
            vm.prank(artist);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IJobMarket.MarketNotWorker.selector,
                    named[i],
                    i == 0 ? INodeLicense.Kind.Verifier : INodeLicense.Kind.Worker
                )
            );
            disputes.openDispute(q.jobId, i, o, new bytes32[](0), seats, roots, signed);
        }
    }

    // ------------------------------------------------------------------ dodging a slash

    /// Regression of attack 2 on c2f7d35: the worker unstakes everything and moves its license to a fresh wallet as
    /// soon as it hands in a bad result; the settlement that rejects it still takes its share.
    function test_settle_slashesAWorkerThatUnstakedAndMovedItsLicense() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        vm.startPrank(nodeOwner);
        staking.requestUnstake(workerIds[1], 10_000e18);
        license.transferFrom(nodeOwner, address(0xF4E54), workerIds[1]);
        vm.stopPrank();
        IJobMarket.Settlement memory s = _rejecting(workerIds[1], 0);
        uint256 poolBefore = token.balanceOf(address(pool));
        submitSettlement(q.jobId, s, committee, signSettlement(q.jobId, 0, s, committee, 2));
        assertEq(token.balanceOf(address(pool)) - poolBefore, 1_000e18, "10% of the unbonding stake taken");
        assertEq(staking.unbondingOf(workerIds[1], nodeOwner).amount, 9_000e18, "the rest still unbonding");
    }

    /// The key a worker signed with stays its license's after a rotation: rotating away does not disown a result.
    function test_settle_slashesAfterTheWorkerRotatedItsKey() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = _rejecting(workerIds[0], 0);
        IJobMarket.ResultProof[] memory proofs = proofsFor(q.jobId, s); // signed with the key in use at the time
        vm.prank(nodeOwner);
        registry.update(workerIds[0], address(0x0E11), encKey, 0.05e18, "");
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        jobMarket.settle(q.jobId, s, committee, new bytes32[](0), sigs, proofs);
        assertEq(staking.stakeOf(workerIds[0]), 9_000e18, "slashed");
    }

    // ------------------------------------------------------------------ the DAO's way back

    function test_clearBlacklist_putsAWronglyBlacklistedWorkerBack() public {
        vm.prank(timelock);
        params.set(keccak256("blacklistRejections"), 1);
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        uint256 ibBefore = registry.totalWorkerIbWad();
        IJobMarket.Settlement memory s = _rejecting(workerIds[0], 0);
        submitSettlement(q.jobId, s, committee, signSettlement(q.jobId, 0, s, committee, 2));
        assertTrue(registry.status(workerIds[0]).blacklisted, "blacklisted");
        assertEq(registry.totalWorkerIbWad(), ibBefore - registry.status(workerIds[0]).ibWad, "out of capacity");

        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, nodeOwner, registry.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(nodeOwner);
        registry.clearBlacklist(workerIds[0]);

        vm.expectEmit(true, false, false, false);
        emit INodeRegistry.NodeBlacklistCleared(workerIds[0]);
        vm.prank(timelock);
        registry.clearBlacklist(workerIds[0]);
        INodeRegistry.Node memory n = registry.node(workerIds[0]);
        assertTrue(!n.blacklisted && !n.active, "cleared, offline until its owner says otherwise");
        assertEq(n.rejectionsInEpoch, 0, "the epoch's count reset");
        assertEq(registry.totalWorkerIbWad(), ibBefore, "back in the apparent capacity");
        vm.prank(nodeOwner);
        registry.setActive(workerIds[0], true);

        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotBlacklisted.selector, workerIds[0]));
        vm.prank(timelock);
        registry.clearBlacklist(workerIds[0]);
    }

    function test_clearBlacklist_returnsAVerifierToTheDrawSet() public {
        vm.prank(timelock);
        registry.blacklist(verifierIds[0]);
        assertEq(registry.verifierCount(), 2, "out of the draw set");
        vm.prank(timelock);
        registry.clearBlacklist(verifierIds[0]);
        assertEq(registry.verifierCount(), 3, "back in it");
    }

    function _recover(bytes32 digest, IJobMarket.ResultProof memory p) internal pure returns (address) {
        uint8 v = uint8(uint256(p.vs) >> 255) + 27;
        bytes32 s_ = bytes32(uint256(p.vs) & ((1 << 255) - 1));
        return ecrecover(digest, v, p.r, s_);
    }
}
