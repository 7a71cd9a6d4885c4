// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";
import {AdversaryBase} from "./AdversaryBase.sol";
import {AdversaryActors} from "./AdversaryActors.sol";
import {AdversaryAttacks} from "./AdversaryAttacks.sol";
import {AdversaryHandler} from "./AdversaryHandler.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {ParamKeys} from "../../../contracts/params/ParamKeys.sol";

/// @notice The protocol's promises against its attackers (DESIGN "Who attacks"), checked after every call of random
///         sequences in which `AdversaryHandler` plays a captured committee, a self-dealing manager, an artist who
///         cancels, retries and disputes, workers who unstake and move their licenses before a slash, and a DAO moving
///         every governed number mid-epoch, among honest users whose calls must never fail. Adversarial calls revert
///         freely (the campaigns do not fail on reverts); what goes through is judged against the handler's ghosts.
/// @dev The fuzzer identifies the handler from its build artifact: run `hardhat build` before running this file alone.
///      The manager and the verifiers are staked too (1,000 IFX each), so that a slash reaching them would show.
contract AdversarialInvariantsTest is MarketFixture {
    AdversaryHandler internal handler;

    function setUp() public {
        deployMarket();
        vm.prank(timelock);
        token.transfer(nodeOwner, 4_000e18);
        vm.startPrank(nodeOwner);
        staking.stake(managerId, 1_000e18);
        for (uint256 i; i < 3; ++i) {
            staking.stake(verifierIds[i], 1_000e18);
        }
        vm.stopPrank();
        handler = new AdversaryHandler(
            AdversaryBase.Deps({
                market: jobMarket,
                disputes: disputes,
                staking: staking,
                registry: registry,
                license: license,
                params: params,
                pool: pool,
                credits: credits,
                usd: usd,
                ifx: IERC20(address(token)),
                clock: clock,
                artist: artist,
                nodeOwner: nodeOwner,
                dao: timelock,
                managerId: managerId,
                managerPk: MANAGER_PK,
                verifierIds: verifierIds,
                verifierPk0: VERIFIER_PK_0,
                workerIds: workerIds,
                workerPk0: WORKER_PK_0
            })
        );
    }

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev The actions only, not the views.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[24] memory actions = [
            AdversaryHandler.createJob.selector,
            AdversaryHandler.drawCommittee.selector,
            AdversaryHandler.settle.selector,
            AdversaryHandler.lateSettle.selector,
            AdversaryHandler.dispute.selector,
            AdversaryHandler.releaseFees.selector,
            AdversaryHandler.reclaim.selector,
            AdversaryHandler.resolveDispute.selector,
            AdversaryHandler.finalizeDispute.selector,
            AdversaryHandler.warp.selector,
            AdversaryActors.unstakeAll.selector,
            AdversaryActors.transferLicense.selector,
            AdversaryActors.withdraw.selector,
            AdversaryActors.restake.selector,
            AdversaryActors.rotateKey.selector,
            AdversaryActors.daoSet.selector,
            AdversaryActors.daoSetMany.selector,
            AdversaryActors.daoBlacklist.selector,
            AdversaryActors.daoClear.selector,
            AdversaryAttacks.captureSettle.selector,
            AdversaryAttacks.badQuote.selector,
            AdversaryAttacks.cancelAndRetry.selector,
            AdversaryAttacks.selfDeal.selector,
            AdversaryAttacks.captureSettle.selector // twice: the attack the suite exists for
        ];
        bytes4[] memory selectors = new bytes4[](actions.length);
        for (uint256 i; i < actions.length; ++i) {
            selectors[i] = actions[i];
        }
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), selectors);
    }

    // ------------------------------------------------------------------ invariants

    /// (1) A license's stake + unbonding moves only by its own deposits, its own withdrawals and the slashes the
    ///     protocol allows: a task of a job whose result its operator key signed, or a dispute the DAO upheld.
    function invariant_stakeLostOnlyForOwnRejectedWork() public view {
        for (uint256 i; i < 6; ++i) {
            uint256 id = handler.idAt(i);
            assertEq(staking.stakeOf(id) + staking.unbondingOfNode(id), handler.ghostBacking(id), "stake + unbonding");
        }
        assertEq(handler.ghostIllegitimateSlashes(), 0, "no slash of a license that did not sign the task's result");
    }

    /// (2) Nobody is blacklisted but by its own rejections reaching the governed count in one epoch, or a DAO vote.
    function invariant_blacklistedOnlyByOwnRejectionsOrVote() public view {
        for (uint256 i; i < 6; ++i) {
            uint256 id = handler.idAt(i);
            assertTrue(registry.status(id).blacklisted == handler.ghostBlacklisted(id), "blacklist as earned or voted");
        }
    }

    /// (3) Every escrow is refundable or paid, never stuck: the market holds exactly its jobs' escrow and pending fees
    ///     and what open disputes hold (bond + held fee); no ifxDollar appears or vanishes; the honest calls that
    ///     close things (reclaim past the deadline, expire a lapsed dispute, release fees) never failed.
    function invariant_escrowRefundableOrPaid() public view {
        uint256 held;
        uint256 n = handler.jobsLength();
        for (uint256 i; i < n; ++i) {
            IJobMarket.Job memory j = jobMarket.job(handler.jobAt(i));
            held += j.escrow + j.pendingFee;
            assertLe(j.paidWorkWad, j.workWad, "paid work <= quoted work");
            if (j.status != IJobMarket.Status.Created && j.status != IJobMarket.Status.Running) {
                assertEq(j.escrow, 0, "a closed job escrows nothing");
            }
        }
        uint256 market = credits.balanceOf(address(jobMarket));
        assertEq(market, held, "market == escrow + pending fees");
        uint256 locked;
        uint256 d = handler.disputesLength();
        for (uint256 i; i < d; ++i) {
            locked += handler.disputeLocked(i);
        }
        uint256 inDisputes = credits.balanceOf(address(disputes));
        assertEq(inDisputes, locked, "disputes == open disputes' bonds + held fees");
        uint256 artists = credits.balanceOf(artist) + credits.balanceOf(nodeOwner);
        assertEq(
            artists + market + inDisputes + credits.totalSpentCredits(), handler.ghostToppedUp(), "ifxDollar conserved"
        );
    }

    /// Honest users' calls never fail, and what the market must refuse it refuses.
    function invariant_honestCallsSucceedAndRefusalsHold() public view {
        assertEq(handler.honestFailures(), 0, handler.lastHonestFailure());
        assertEq(handler.ghostWrongAccepts(), 0, "late settle, forged quorum, bad quote, early reclaim, wrong fee");
    }

    /// (4) A job's slashes never exceed its task count, and a task is slashed at most once.
    function invariant_slashesBoundedPerJobAndTask() public view {
        assertEq(handler.ghostDoubleSlashes(), 0, "a task slashed twice");
        uint256 n = handler.jobsLength();
        for (uint256 i; i < n; ++i) {
            bytes32 jobId = handler.jobAt(i);
            assertLe(handler.ghostJobSlashes(jobId), handler.taskCountOf(jobId), "slashes <= task count");
        }
    }

    /// (5) Staking holds every stake and unbonding; the penalty pool received exactly the allowed slashes; IFX into
    ///     staking = held + slashed + withdrawn.
    function invariant_stakingSolventAndSlashesAccounted() public view {
        uint256 staked;
        uint256 unbonding;
        for (uint256 i; i < 6; ++i) {
            staked += staking.stakeOf(handler.idAt(i));
            unbonding += staking.unbondingOfNode(handler.idAt(i));
        }
        assertEq(staking.totalStaked(), staked, "totalStaked == sum of stakes");
        assertEq(staking.totalUnbonding(), unbonding, "totalUnbonding == sum of unbondings");
        uint256 balance = token.balanceOf(address(staking));
        assertEq(balance, staked + unbonding, "staking holds stakes + unbondings");
        assertEq(pool.totalSlashed(), handler.ghostSlashed(), "pool received exactly the allowed slashes");
        assertEq(
            handler.ghostDeposited(), balance + handler.ghostSlashed() + handler.ghostWithdrawn(), "IFX conserved"
        );
    }

    /// (6) Whatever the DAO sets, the registry keeps its cross-rules: a strict-majority threshold, and an unbonding
    ///     period that outlasts a job, its dispute window and a dispute's resolution.
    function invariant_parametersKeepCrossRules() public view {
        (uint256 size, uint256 threshold) = params.committee();
        assertTrue(threshold <= size && 2 * threshold > size, "threshold a strict majority");
        uint256 required = params.get(ParamKeys.MAX_JOB_SECONDS) + params.get(ParamKeys.DISPUTE_WINDOW_SECONDS)
            + params.get(ParamKeys.DISPUTE_RESOLUTION_SECONDS);
        assertGe(params.unbondingPeriodSeconds(), required + 1, "unbonding outlasts job + window + resolution");
        uint256 stages = params.get(ParamKeys.DISPUTE_PANEL_SECONDS) + params.get(ParamKeys.DISPUTE_APPEAL_SECONDS);
        assertLt(stages, params.get(ParamKeys.DISPUTE_RESOLUTION_SECONDS), "panel + appeal end before the DAO's time");
    }

    // ------------------------------------------------------------------ the handler does real work

    /// A fixed sequence reaches every honest and legitimate path, and tries every attack (guards against a handler
    /// whose calls all return early or revert, which would make the invariants vacuous).
    function test_adversary_reachesEveryAction() public {
        _honestRound();
        _attackRound();
        _workersAndDao();
        _assertReached();
        invariant_stakeLostOnlyForOwnRejectedWork();
        invariant_blacklistedOnlyByOwnRejectionsOrVote();
        invariant_escrowRefundableOrPaid();
        invariant_honestCallsSucceedAndRefusalsHold();
        invariant_slashesBoundedPerJobAndTask();
        invariant_stakingSolventAndSlashesAccounted();
        invariant_parametersKeepCrossRules();
    }

    function _honestRound() internal {
        for (uint256 i; i < 4; ++i) {
            handler.createJob(uint256(keccak256(abi.encode("job", i))));
            handler.drawCommittee(i);
        }
        handler.settle(0, 5, 50, 0); // part of job 0, one rejection
        handler.settle(1, 3, 30, 1 << 4); // all of job 1, every seat signs
        handler.dispute(0, 0); // job 0's accepted outcome
        handler.dispute(1, 0);
        handler.resolveDispute(0, true);
        handler.resolveDispute(1, false);
        handler.cancelAndRetry(7, false);
        handler.cancelAndRetry(8, true);
        handler.selfDeal(9);
    }

    function _attackRound() internal {
        for (uint256 i; i < 48; ++i) {
            bytes32 h = keccak256(abi.encode("capture", i));
            handler.captureSettle(i, uint256(h), uint256(keccak256(abi.encode(h))), uint256(h) >> 3);
        }
        // A majority rejecting worker 0 with its own signed result, task by task: the legitimate path.
        for (uint256 t; t < 8; ++t) {
            handler.captureSettle(t % 4, 4, 1 << 8, (1 << 8) | (1 << 16) | (1 << 24) | (t << 40));
        }
        for (uint256 m; m < 7; ++m) {
            handler.badQuote(m, m);
        }
        handler.reclaim(0); // nothing past its deadline yet: an early reclaim, refused
        handler.dispute(3, 1 << 8);
        handler.dispute(5, 0);
    }

    function _workersAndDao() internal {
        handler.rotateKey(0);
        handler.unstakeAll(1);
        handler.transferLicense(1);
        handler.withdraw(1, 0); // not due: refused
        handler.restake(1, 500e18);
        handler.settle(2, 4, 0, 6); // worker 1 rejected after it moved and unstaked
        handler.daoSet(1, 4_000); // slashBps
        handler.daoSet(10, 0); // blacklistRejections: 1
        handler.daoSetMany(0, 1, 1, 0); // committee 3 of 3... or refused
        handler.daoSetMany(1, 30 days, 2 days, 3 days);
        handler.daoBlacklist(1);
        handler.daoClear(1);
        handler.warp(3 days - 1 minutes);
        handler.releaseFees();
        for (uint256 i; i < 12; ++i) {
            handler.warp(3 days - 1 minutes);
        }
        handler.finalizeDispute(0);
        handler.finalizeDispute(1);
        handler.lateSettle(2, 7, 0); // past the deadline of a running job, refused
        handler.reclaim(0);
        handler.withdraw(1, 0); // due now
    }

    function _assertReached() internal view {
        string[17] memory reached = [
            "createJob",
            "drawCommittee",
            "settle",
            "settleWithRejection",
            "captureLegitRejection",
            "dispute",
            "disputeForgedRefused",
            "upheld",
            "dismissed",
            "cancelFree",
            "cancelCharged",
            "retry",
            "selfDeal",
            "unstakeAll",
            "transferLicense",
            "withdraw",
            "daoBlacklist"
        ];
        for (uint256 i; i < reached.length; ++i) {
            assertGe(handler.successes(reached[i]), 1, reached[i]);
        }
        assertGe(handler.attempts("captureSettle"), 48, "captured settlements tried");
        assertGe(handler.attempts("badQuote"), 7, "bad quotes tried");
        assertGe(handler.attempts("lateSettle"), 1, "late settlements tried");
        assertGe(handler.successes("daoClear"), 1, "daoClear");
        assertGe(handler.successes("daoSet"), 1, "daoSet");
        assertGe(handler.successes("releaseFees"), 1, "releaseFees");
        assertGe(handler.successes("reclaim") + handler.successes("finalizeDispute"), 1, "closing calls");
    }
}
