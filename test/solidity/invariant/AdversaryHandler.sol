// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AdversaryBase} from "./AdversaryBase.sol";
import {AdversaryActors} from "./AdversaryActors.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {ParamKeys} from "../../../contracts/params/ParamKeys.sol";
import {SettlementCodec} from "../../../contracts/libraries/SettlementCodec.sol";

/// @notice The adversarial handler the invariant suite targets. This file holds the honest users around the adversaries
///         (an artist ordering, disputing and reclaiming; an honest committee; keepers releasing fees and expiring
///         disputes), the DAO ruling on disputes, a committee holding a settlement past the deadline, and time; the
///         attacks are in `AdversaryAttacks`, the workers and the DAO's votes in `AdversaryActors`. Honest calls are
///         wrapped: a failure is counted in `honestFailures`, never swallowed.
contract AdversaryHandler is AdversaryActors {
    mapping(bytes32 disputeKey => bool) internal _disputed;
    mapping(uint256 dispute => uint256) internal _openedAt;

    constructor(Deps memory d) AdversaryBase(d) {}

    // ------------------------------------------------------------------ the honest artist and committee

    function createJob(uint256 seed) external {
        _attempt("createJob");
        if (_jobs.length >= MAX_JOBS || !_managerLive()) return;
        if (_tryCreate(_honestQuote(_artist, seed), _managerPk, _artist)) _success("createJob");
        else _honestFailed("createJob");
    }

    /// @dev Honest when the draw set holds the governed committee size (every verifier in it is active: the DAO's
    ///      clears put them back online); a seed block gone stale is reseeded, then drawn.
    function drawCommittee(uint256 seed) external {
        _attempt("drawCommittee");
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Created);
        if (!found) return;
        (uint256 k,) = _params.committee();
        if (_draw(jobId) || _draw(jobId)) _success("drawCommittee");
        else if (_registry.verifierCount() >= k) _honestFailed("drawCommittee");
    }

    /// @notice The committee's threshold (or every seat) settles part or all of the rest of a job, split between the
    ///         two workers; when `mode % 3 == 0` it also rejects a task not rejected before, proven by the result the
    ///         rejected worker signed (with any key it ever had).
    function settle(uint256 seed, uint256 workSeed, uint256 split, uint256 mode) external {
        _attempt("settle");
        (bool found, bytes32 jobId) = _pickSettleable(seed);
        if (!found) (found, jobId) = _openFresh(seed);
        if (!found) return;
        IJobMarket.Job memory j = _market.job(jobId);
        (IJobMarket.Settlement memory s, IJobMarket.TaskOutcome[] memory outs) = _honestWork(jobId, j, workSeed, split);
        (IJobMarket.ResultProof[] memory proofs, bool[] memory legit) = _honestRejection(jobId, s, workSeed, mode);
        s.outcomesRoot = _rootOf(jobId, outs);
        uint256 seats = (mode >> 4) % 2 == 0 ? _firstSeats(j.threshold) : _firstSeats(_committee[jobId].length);
        IJobMarket.Signatures memory sigs = _sign(jobId, s, seats, 0);
        try _market.settle(jobId, s, _seats(jobId), _roots[jobId], sigs, proofs) {
            _recordSettlement(jobId, s.outcomesRoot, outs);
            _recordRejections(jobId, s.rejected, legit);
            _success(s.rejected.length == 0 ? "settle" : "settleWithRejection");
        } catch {
            _honestFailed("settle");
        }
    }

    /// @notice The committee holds a settlement back past the job's deadline (timing it after the artist could have
    ///         reclaimed, and beyond what the unbonding period covers): the market must refuse it.
    function lateSettle(uint256 seed, uint256 workSeed, uint256 late) external {
        _attempt("lateSettle");
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Running);
        if (!found) (found, jobId) = _openFresh(seed);
        if (!found) return;
        IJobMarket.Job memory j = _market.job(jobId);
        if (block.timestamp <= j.deadline) vm.warp(j.deadline + 1 + late % 1 days);
        (IJobMarket.Settlement memory s, IJobMarket.TaskOutcome[] memory outs) = _honestWork(jobId, j, workSeed, late);
        s.outcomesRoot = _rootOf(jobId, outs);
        IJobMarket.Signatures memory sigs = _sign(jobId, s, _firstSeats(j.threshold), 0);
        try _market.settle(jobId, s, _seats(jobId), _roots[jobId], sigs, new IJobMarket.ResultProof[](0)) {
            _recordSettlement(jobId, s.outcomesRoot, outs);
            ++ghostWrongAccepts;
        } catch {}
    }

    function _honestWork(bytes32 jobId, IJobMarket.Job memory j, uint256 workSeed, uint256 split)
        internal
        view
        returns (IJobMarket.Settlement memory s, IJobMarket.TaskOutcome[] memory outs)
    {
        uint256 remaining = j.workWad - j.paidWorkWad;
        uint256 paid = workSeed % 3 == 0 ? remaining : 1 + (workSeed % remaining);
        uint256 w0 = (paid * (split % 101)) / 100;
        uint256[2] memory work = [w0, paid - w0];
        uint256 n = (work[0] != 0 ? 1 : 0) + (work[1] != 0 ? 1 : 0);
        s.workers = new uint256[](n);
        outs = new IJobMarket.TaskOutcome[](n);
        uint32 tasks = _taskCount[jobId];
        uint256 k;
        for (uint256 w; w < 2; ++w) {
            if (work[w] == 0) continue;
            uint32 task = uint32(((workSeed >> 8) + w) % tasks);
            s.workers[k] = SettlementCodec.packWorker(_workerIds[w], uint128(work[w]));
            outs[k++] =
                IJobMarket.TaskOutcome(task, _workerIds[w], keccak256(abi.encode("result", task)), true, uint128(work[w]));
        }
    }

    function _honestRejection(bytes32 jobId, IJobMarket.Settlement memory s, uint256 workSeed, uint256 mode)
        internal
        view
        returns (IJobMarket.ResultProof[] memory proofs, bool[] memory legit)
    {
        if (mode % 3 != 0) return (proofs, legit);
        uint32 tasks = _taskCount[jobId];
        for (uint32 k; k < tasks; ++k) {
            uint32 task = uint32((workSeed + k) % tasks);
            if (_taskSlashes[jobId][task] != 0) continue;
            uint256 w = (mode >> 2) & 1;
            uint256 pk = _workerKeys[w][(mode >> 8) % _workerKeys[w].length];
            s.rejected = new uint256[](1);
            s.rejected[0] = SettlementCodec.packRejection(_workerIds[w], task);
            (proofs, legit) = (new IJobMarket.ResultProof[](1), new bool[](1));
            proofs[0] = _proof(pk, jobId, task);
            legit[0] = _isLegit(jobId, _workerIds[w], task, pk, jobId, 0);
            return (proofs, legit);
        }
    }

    /// @notice The artist disputes an accepted outcome of a settlement (honest ones, with the worker's signed result,
    ///         and the captured committee's forged ones naming any license, with a result that license never signed),
    ///         posting the governed bond. An honest one is refused only out of its window, once the settlement's fees
    ///         are released, or when that task is disputed already; a forged one always.
    function dispute(uint256 seed, uint256 which) external {
        _attempt("dispute");
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            IJobMarket.Job memory j = _market.job(jobId);
            if (j.settlements == 0) continue;
            uint256 index = which % j.settlements;
            IJobMarket.TaskOutcome[] storage outs = _outcomes[jobId][index];
            if (outs.length == 0) continue;
            uint256 pick = (which >> 8) % outs.length;
            bytes32[] memory proof = new bytes32[](outs.length - 1);
            if (proof.length != 0) proof[0] = _leaf(outs[1 - pick]);
            return _dispute(jobId, j, index, outs[pick], proof);
        }
    }

    function _dispute(
        bytes32 jobId,
        IJobMarket.Job memory j,
        uint256 index,
        IJobMarket.TaskOutcome memory o,
        bytes32[] memory proof
    ) internal {
        bytes32 key = keccak256(abi.encode(jobId, index, o.taskIndex));
        bool forged = o.resultCid == keccak256("forged");
        bool allowed = block.timestamp <= j.lastSettledAt + _params.get(ParamKeys.DISPUTE_WINDOW_SECONDS)
            && index >= j.releasedSettlements && !_disputed[key] && !forged;
        uint256 bond = _params.get(ParamKeys.DISPUTE_BOND_WAD);
        if (!_submitDispute(jobId, index, o, proof, bond, forged)) {
            if (allowed) _honestFailed("dispute");
            if (forged) _success("disputeForgedRefused");
            return;
        }
        uint256 held = j.pendingFee - _market.job(jobId).pendingFee;
        _openedAt[_disputes.length] = block.timestamp;
        _disputes.push(OpenDispute(jobId, index, o.taskIndex, o.workerId, bond + held, true, forged));
        _disputed[key] = true;
        if (!allowed) ++ghostWrongAccepts;
        _success("dispute");
    }

    /// @dev The job's artist posts the bond and disputes, with the trail the handler recorded and the outcome worker's
    ///         signed result (its first key, bound for good); a forged outcome's result is signed by the colluders' key.
    function _submitDispute(
        bytes32 jobId,
        uint256 index,
        IJobMarket.TaskOutcome memory o,
        bytes32[] memory proof,
        uint256 bond,
        bool forged
    ) internal returns (bool) {
        address artist = _artistOf[jobId];
        _fund(artist, bond);
        uint256 pk = _COLLUDER_PK;
        for (uint256 w; w < 2 && !forged; ++w) {
            if (_workerIds[w] == o.workerId) pk = _workerKeys[w][0];
        }
        IJobMarket.ResultProof memory result;
        result.resultCid = o.resultCid;
        (result.r, result.vs) = _compact(pk, _market.taskResultDigest(jobId, o.taskIndex, o.resultCid));
        IJobMarket.Seat[] memory committee = _seats(jobId);
        bytes32[] memory roots = _roots[jobId];
        vm.prank(artist);
        try _jobDisputes.openDispute(jobId, index, o, proof, committee, roots, result) {
            return true;
        } catch {
            return false;
        }
    }

    /// @notice Anyone spends the fees of jobs past their dispute window.
    function releaseFees() external {
        _attempt("releaseFees");
        if (_jobs.length == 0) return;
        try _market.releaseFees(_jobs) {
            _success("releaseFees");
        } catch {
            _honestFailed("releaseFees");
        }
    }

    /// @notice The artist reclaims a job past its deadline (which must always work); with none, it tries one that is
    ///         not past it (which must not).
    function reclaim(uint256 seed) external {
        _attempt("reclaim");
        uint256 n = _jobs.length;
        bytes32 early;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            IJobMarket.Job memory j = _market.job(jobId);
            if (j.status != IJobMarket.Status.Created && j.status != IJobMarket.Status.Running) continue;
            if (block.timestamp <= j.deadline) {
                early = jobId;
                continue;
            }
            vm.prank(j.artist);
            try _market.reclaim(jobId) {
                _success("reclaim");
            } catch {
                _honestFailed("reclaim");
            }
            return;
        }
        if (early == bytes32(0)) return;
        vm.prank(_artistOf[early]);
        try _market.reclaim(early) {
            ++ghostWrongAccepts;
        } catch {}
    }

    // ------------------------------------------------------------------ disputes: the DAO and keepers

    /// @notice The DAO rules on an open dispute: until the dispute is final it always can (upheld slashes the license
    ///         the outcome names: the DAO's vote); after, it must be refused.
    function resolveDispute(uint256 seed, bool upheld) external {
        _attempt("resolveDispute");
        (bool found, uint256 i) = _pickOpenDispute(seed);
        if (!found) return;
        OpenDispute storage d = _disputes[i];
        // Nobody appeals here: the DAO may rule until the appeal window after the panel's (empty) vote is over.
        uint256 stages = _params.get(ParamKeys.DISPUTE_PANEL_SECONDS) + _params.get(ParamKeys.DISPUTE_APPEAL_SECONDS);
        bool inTime = block.timestamp <= _openedAt[i] + stages;
        bool slashable = !upheld || _registry.status(d.workerId).registered;
        vm.prank(_dao);
        try _jobDisputes.resolveDispute(d.jobId, d.index, d.task, upheld) {
            d.open = false;
            if (!inTime) ++ghostWrongAccepts;
            if (upheld) _expectSlash(d.workerId);
            if (d.forged) ++ghostWrongAccepts; // a forged outcome can never be disputed in the first place
            _success(upheld ? "upheld" : "dismissed");
        } catch {
            if (inTime && slashable) _honestFailed("resolveDispute");
        }
    }

    /// @notice Anyone ends a dispute no panel ruled on (the handler's committees use every verifier, so no panel can
    ///         sit) and nobody appealed, once the panel's vote and the appeal window are over; before, it is refused.
    function finalizeDispute(uint256 seed) external {
        _attempt("finalizeDispute");
        (bool found, uint256 i) = _pickOpenDispute(seed);
        if (!found) return;
        OpenDispute storage d = _disputes[i];
        uint256 stages = _params.get(ParamKeys.DISPUTE_PANEL_SECONDS) + _params.get(ParamKeys.DISPUTE_APPEAL_SECONDS);
        bool due = block.timestamp > _openedAt[i] + stages;
        try _jobDisputes.finalize(d.jobId, d.index, d.task) {
            d.open = false;
            if (!due) ++ghostWrongAccepts;
            _success("finalizeDispute");
        } catch {
            if (due) _honestFailed("finalizeDispute");
        }
    }

    // ------------------------------------------------------------------ time

    /// @dev 1 minute .. 3 days, and a few blocks.
    function warp(uint256 dt) external {
        vm.warp(block.timestamp + 1 minutes + (dt % 3 days));
        vm.roll(block.number + 1 + (dt % 3));
    }
}
