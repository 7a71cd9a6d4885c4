// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "../utils/Vm.sol";
import {AdversaryBase} from "./AdversaryBase.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {ParamKeys} from "../../../contracts/params/ParamKeys.sol";
import {SettlementCodec} from "../../../contracts/libraries/SettlementCodec.sol";

/// @notice The adversaries' actions: a captured committee (the test holds every verifier key, so a majority signs
///         whatever it likes), a manager quoting badly or dealing with itself, and an artist cancelling and retrying
///         around the seed block. Their calls may revert; what goes through is judged against the ghosts.
abstract contract AdversaryAttacks is AdversaryBase {
    /// @dev One rejection the captured committee tries: the license named, the task, the key that "signed" the result
    ///      and the job it was signed for.
    struct Rejection {
        uint256 licenseId;
        uint32 task;
        uint256 pk;
        bytes32 proofJob;
    }

    struct Attack {
        IJobMarket.Settlement s;
        IJobMarket.ResultProof[] proofs;
        IJobMarket.TaskOutcome[] outs;
        bool[] legit;
        bool refusable; // the market must refuse it whatever its rejections
    }

    // ------------------------------------------------------------------ jobs

    /// @dev A quote of `work` IBM at $0.05 per IBM by the fixture's manager, `deadlineIn` seconds from now.
    function _quote(address artist, uint256 work, uint32 taskCount, uint256 deadlineIn)
        internal
        returns (IJobMarket.Quote memory q)
    {
        q.jobId = keccak256(abi.encode("adversary job", ++_nonce));
        q.artist = artist;
        q.sceneCid = keccak256("scene");
        q.frameStart = 1;
        q.frameEnd = 10;
        q.taskCount = taskCount;
        q.workWad = uint128(work);
        q.pricePerIbmWad = _PRICE;
        q.fee = uint128(_feeAt(work, _PRICE));
        q.keysCommitment = keccak256("keys");
        q.expiry = uint64(block.timestamp + 1 hours);
        q.deadline = uint64(block.timestamp + deadlineIn);
        q.managerId = _managerId;
    }

    /// @dev An honest quote: 1 .. 2,000 IBM (odd wei, so fees round), 1 .. 8 tasks, a deadline within `maxJobSeconds`.
    function _honestQuote(address artist, uint256 seed) internal returns (IJobMarket.Quote memory) {
        uint256 maxJob = _params.get(ParamKeys.MAX_JOB_SECONDS);
        uint256 deadlineIn = maxJob / 2 + ((seed >> 128) % (maxJob / 2 + 1));
        return _quote(artist, 1e18 + (seed % 2_000e18), uint32(1 + (seed >> 64) % 8), deadlineIn);
    }

    /// @dev `caller` creates the job of `q` signed with `signerPk`; tracks it when it opens.
    function _tryCreate(IJobMarket.Quote memory q, uint256 signerPk, address caller) internal returns (bool) {
        _fund(caller, q.fee);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerPk, _market.quoteDigest(q));
        vm.prank(caller);
        try _market.createJob(q, abi.encodePacked(r, s, v)) {
            _jobs.push(q.jobId);
            (_taskCount[q.jobId], _artistOf[q.jobId]) = (q.taskCount, q.artist);
            return true;
        } catch {
            return false;
        }
    }

    function _managerLive() internal view returns (bool) {
        return !_registry.status(_managerId).blacklisted;
    }

    /// @dev Draws the job's committee (a seed block two blocks back); returns whether it runs now.
    function _draw(bytes32 jobId) internal returns (bool) {
        vm.roll(block.number + 2);
        vm.recordLogs();
        try _market.drawCommittee(jobId) {} catch {
            return false;
        }
        if (_market.job(jobId).status != IJobMarket.Status.Running) return false; // reseeded
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != IJobMarket.CommitteeDrawn.selector) continue;
            (IJobMarket.Seat[] memory seats,,) = abi.decode(logs[i].data, (IJobMarket.Seat[], bytes32, bytes32));
            for (uint256 k; k < seats.length; ++k) {
                _committee[jobId].push(seats[k]);
            }
        }
        return true;
    }

    /// @dev Opens and draws a job when none runs, so that settlements (honest or not) come often in a run.
    function _openFresh(uint256 seed) internal returns (bool, bytes32) {
        if (_jobs.length >= MAX_JOBS || !_managerLive()) return (false, bytes32(0));
        IJobMarket.Quote memory q = _honestQuote(_artist, seed);
        if (!_tryCreate(q, _managerPk, _artist) || !_draw(q.jobId)) return (false, bytes32(0));
        return (true, q.jobId);
    }

    // ------------------------------------------------------------------ a captured committee

    /// @notice A committee majority signs a settlement of its choosing: up to three rejections naming any license
    ///         (the manager, a verifier, a worker, a license that does not exist) with results "signed" by any key
    ///         (the manager's, a verifier's, another worker's, the victim's own, a stranger's) for this job or another,
    ///         tasks in and beyond the quote, repeats; worker entries that pay the wrong role or more than the quote;
    ///         sometimes too few or forged signatures, proofs of another count, or after the deadline.
    /// @param plan one byte per choice: [0] one to three rejections, [1] too few signatures (1 in 8), [2] forged
    ///        signatures (1 in 8), [3] one proof short (1 in 8), [4] the worker entries (see `_attackWork`), [5..7] the
    ///        entries' tasks, [8..9] whether entries 1 and 2 repeat the one before, [10..] the fabricated outcome.
    function captureSettle(uint256 seed, uint256 victims, uint256 keys, uint256 plan) external {
        _attempt("captureSettle");
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Running);
        if (!found) (found, jobId) = _openFresh(seed);
        if (!found) return;
        IJobMarket.Job memory j = _market.job(jobId);
        Attack memory a = _attack(jobId, j, victims, keys, plan);
        bool fewer = _byte(plan, 1) % 8 == 0;
        uint256 forger = _byte(plan, 2) % 8 == 0 ? 0xBAD : 0;
        IJobMarket.Signatures memory sigs = _sign(jobId, a.s, _firstSeats(j.threshold - (fewer ? 1 : 0)), forger);
        a.refusable = a.refusable || fewer || forger != 0 || block.timestamp > j.deadline;
        try _market.settle(jobId, a.s, _seats(jobId), _roots[jobId], sigs, a.proofs) {
            _success("captureSettle");
            if (a.refusable) ++ghostWrongAccepts;
            _recordSettlement(jobId, a.s.outcomesRoot, a.outs);
            _recordRejections(jobId, a.s.rejected, a.legit);
            for (uint256 i; i < a.legit.length; ++i) {
                if (a.legit[i]) _success("captureLegitRejection");
            }
        } catch {}
    }

    function _attack(bytes32 jobId, IJobMarket.Job memory j, uint256 victims, uint256 keys, uint256 plan)
        internal
        view
        returns (Attack memory a)
    {
        uint256 count = 1 + _byte(plan, 0) % 3;
        a.s.rejected = new uint256[](count);
        a.legit = new bool[](count);
        uint256 proofCount = _byte(plan, 3) % 8 == 0 ? count - 1 : count;
        a.refusable = proofCount != count;
        a.proofs = new IJobMarket.ResultProof[](proofCount);
        uint256 seen;
        Rejection memory r;
        for (uint256 i; i < count; ++i) {
            // A repeat of the previous entry (1 in 4), or a fresh one.
            if (i == 0 || _byte(plan, 7 + i) % 4 != 0) {
                r = _rejection(jobId, victims >> (16 * i), keys >> (16 * i), _byte(plan, 5 + i));
            }
            a.s.rejected[i] = SettlementCodec.packRejection(r.licenseId, r.task);
            a.legit[i] = _isLegit(jobId, r.licenseId, r.task, r.pk, r.proofJob, seen);
            if (r.task < 256) seen |= 1 << r.task;
            if (i < proofCount) a.proofs[i] = _proof(r.pk, r.proofJob, r.task);
        }
        (a.s.workers, a.outs) = _attackWork(j, _byte(plan, 4), plan >> 80, r.licenseId);
        a.s.outcomesRoot = _rootOf(jobId, a.outs);
    }

    function _byte(uint256 x, uint256 i) internal pure returns (uint256) {
        return (x >> (8 * i)) & 0xff;
    }

    /// @dev Victims (of ten): the manager, a verifier (3), a worker (4), license 0 (no node), a license never sold.
    ///      Keys: the victim's own (half the time), the manager's, a verifier's, the other worker's, a worker's latest
    ///      (rotated) key, a stranger's. Tasks: any of the quote's and three beyond.
    function _rejection(bytes32 jobId, uint256 victimSeed, uint256 keySeed, uint256 taskSeed)
        internal
        view
        returns (Rejection memory r)
    {
        uint256 v = victimSeed % 10;
        uint256 ownPk;
        if (v == 0) (r.licenseId, ownPk) = (_managerId, _managerPk);
        else if (v < 4) (r.licenseId, ownPk) = (_verifierIds[v - 1], _verifierPk0 + v - 1);
        else if (v < 8) (r.licenseId, ownPk) = (_workerIds[v % 2], _anyKeyOf(v % 2, victimSeed >> 8));
        else (r.licenseId, ownPk) = (v == 8 ? 0 : 9_999, 0xF00D);
        uint256 k = keySeed % 8;
        uint256 other = (keySeed >> 4) % 2;
        if (k < 4) r.pk = ownPk;
        else if (k == 4) r.pk = _managerPk;
        else if (k == 5) r.pk = _verifierPk0 + (keySeed >> 4) % 3;
        else if (k == 6) r.pk = _workerKeys[(v + 1) % 2][0];
        else if (other == 0) r.pk = _workerKeys[(keySeed >> 5) % 2][_workerKeys[(keySeed >> 5) % 2].length - 1];
        else r.pk = 0xBEEF + (keySeed >> 5) % 16;
        r.proofJob = (keySeed >> 8) % 5 == 0 ? _jobs[(keySeed >> 12) % _jobs.length] : jobId;
        r.task = uint32(taskSeed % (_taskCount[jobId] + 3));
    }

    function _anyKeyOf(uint256 worker, uint256 seed) internal view returns (uint256) {
        return _workerKeys[worker][seed % _workerKeys[worker].length];
    }

    /// @dev Worker entries (`mode`): none (half the time), part of the rest to worker 0, the manager paid as a worker,
    ///      or more than the quote. The root holds a fabricated accepted outcome naming `named` (any license), so that
    ///      the artist can dispute it and the DAO rule on it.
    function _attackWork(IJobMarket.Job memory j, uint256 mode, uint256 seed, uint256 named)
        internal
        view
        returns (uint256[] memory workers, IJobMarket.TaskOutcome[] memory outs)
    {
        outs = new IJobMarket.TaskOutcome[](1);
        outs[0] = IJobMarket.TaskOutcome(
            uint32(seed % 16), named, keccak256("forged"), true, uint128(1 + (seed >> 8) % 5_000e18)
        );
        mode %= 8;
        if (mode < 4) return (new uint256[](0), outs);
        uint256 remaining = j.workWad - j.paidWorkWad;
        workers = new uint256[](1);
        uint256 work = mode == 7 ? remaining + 1 : 1 + (seed >> 128) % remaining;
        workers[0] = SettlementCodec.packWorker(mode == 6 ? _managerId : _workerIds[0], uint128(work));
    }

    // ------------------------------------------------------------------ a manager and an artist gaming jobs

    /// @notice Quotes the market must refuse: a deadline past `maxJobSeconds`, a fee off by one, signed by a verifier's
    ///         or a worker's key, expired, no tasks, or used by someone else than its artist.
    function badQuote(uint256 seed, uint256 mode) external {
        _attempt("badQuote");
        if (_jobs.length >= MAX_JOBS) return;
        IJobMarket.Quote memory q = _honestQuote(_artist, seed);
        uint256 pk = _managerPk;
        address caller = _artist;
        mode %= 7;
        if (mode == 0) q.deadline = uint64(block.timestamp + _params.get(ParamKeys.MAX_JOB_SECONDS) + 1 + seed % 1 days);
        else if (mode == 1) q.fee += 1;
        else if (mode == 2) pk = _verifierPk0 + seed % 3;
        else if (mode == 3) pk = _workerKeys[seed % 2][0];
        else if (mode == 4) q.expiry = uint64(block.timestamp - 1);
        else if (mode == 5) q.taskCount = 0;
        else caller = _nodeOwner;
        if (_tryCreate(q, pk, caller)) ++ghostWrongAccepts;
    }

    /// @notice The artist cancels a job and orders it again, before its seed block is mined (free) or after (the
    ///         governed cancel fee, rounded up): the refund must be exactly the escrow less that fee.
    function cancelAndRetry(uint256 seed, bool afterSeed) external {
        _attempt("cancelAndRetry");
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Created);
        if (!found) {
            if (_jobs.length >= MAX_JOBS || !_managerLive()) return;
            IJobMarket.Quote memory fresh = _honestQuote(_artist, seed);
            if (!_tryCreate(fresh, _managerPk, _artist)) return _honestFailed("createJob (to cancel)");
            jobId = fresh.jobId;
        }
        if (afterSeed) vm.roll(block.number + 2);
        IJobMarket.Job memory j = _market.job(jobId);
        address artist = _artistOf[jobId];
        uint256 fee;
        if (block.number > j.seedBlock) fee = (j.escrow * _params.get(ParamKeys.CANCEL_FEE_BPS) + _BPS - 1) / _BPS;
        uint256 before = _credits.balanceOf(artist);
        vm.prank(artist);
        try _market.cancel(jobId) {
            if (_credits.balanceOf(artist) - before != j.escrow - fee) ++ghostWrongAccepts;
            _success(fee == 0 ? "cancelFree" : "cancelCharged");
        } catch {
            return _honestFailed("cancel");
        }
        if (_jobs.length >= MAX_JOBS || !_managerLive()) return;
        if (_tryCreate(_honestQuote(artist, seed >> 1), _managerPk, artist)) _success("retry");
        else _honestFailed("createJob (retry)");
    }

    /// @notice The node owner (holding the manager, the verifiers and the workers) orders a job from itself and has its
    ///         committee pay its own worker all of it: wash trading, which the chain cannot tell from demand. Recorded
    ///         (`successes("selfDeal")`); the money promises must hold all the same.
    function selfDeal(uint256 seed) external {
        _attempt("selfDeal");
        if (_jobs.length >= MAX_JOBS || !_managerLive()) return;
        IJobMarket.Quote memory q = _honestQuote(_nodeOwner, seed);
        if (!_tryCreate(q, _managerPk, _nodeOwner) || !_draw(q.jobId)) return;
        IJobMarket.Settlement memory s;
        s.workers = new uint256[](1);
        s.workers[0] = SettlementCodec.packWorker(_workerIds[0], q.workWad);
        IJobMarket.TaskOutcome[] memory outs = new IJobMarket.TaskOutcome[](1);
        outs[0] = IJobMarket.TaskOutcome(0, _workerIds[0], keccak256(abi.encode("result", 0)), true, q.workWad);
        s.outcomesRoot = _rootOf(q.jobId, outs);
        uint256 threshold = _market.job(q.jobId).threshold;
        IJobMarket.Signatures memory sigs = _sign(q.jobId, s, _firstSeats(threshold), 0);
        try _market.settle(q.jobId, s, _seats(q.jobId), _roots[q.jobId], sigs, new IJobMarket.ResultProof[](0)) {
            _recordSettlement(q.jobId, s.outcomesRoot, outs);
            _success("selfDeal");
        } catch {}
    }
}
