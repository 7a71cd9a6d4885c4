// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEpochRewards} from "../interfaces/IEpochRewards.sol";
import {IIFXDollar} from "../interfaces/IIFXDollar.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {IPenaltyPool} from "../interfaces/IPenaltyPool.sol";
import {MarketHashing} from "../libraries/MarketHashing.sol";
import {ParamKeys} from "../params/ParamKeys.sol";

/// @title JobMarket
/// @notice See `IJobMarket`.
/// @dev The market holds escrowed ifxDollar under its own balance: `credits.balanceOf(market)` equals the sum over jobs
///      of `escrow + pendingFee` (an invariant of the test suite).
contract JobMarket is AccessControl, ReentrancyGuard, EIP712, IJobMarket {
    uint256 internal constant _WAD = 1e18;
    /// @dev Draw attempts per committee seat before giving up (ineligible or repeated verifiers are skipped).
    uint256 internal constant _DRAW_TRIES_PER_SEAT = 16;

    IIFXDollar public immutable credits;
    INodeRegistry public immutable registry;
    INodeStaking public immutable staking;
    IPenaltyPool public immutable penaltyPool;
    IEpochRewards public immutable rewards;
    IParameterRegistry public immutable params;

    mapping(bytes32 jobId => Job) internal _jobs;
    mapping(bytes32 jobId => mapping(uint256 index => bytes32 root)) public settlementRoot;
    enum DisputeState {
        None,
        Open,
        Resolved
    }

    struct Dispute {
        DisputeState state;
        uint128 workWad;
        uint256 workerId;
    }

    mapping(bytes32 disputeKey => Dispute) internal _disputes;

    constructor(
        IIFXDollar credits_,
        INodeRegistry registry_,
        INodeStaking staking_,
        IPenaltyPool penaltyPool_,
        IEpochRewards rewards_,
        IParameterRegistry params_,
        address admin
    ) EIP712("Inferix JobMarket", "1") {
        credits = credits_;
        registry = registry_;
        staking = staking_;
        penaltyPool = penaltyPool_;
        rewards = rewards_;
        params = params_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ jobs

    /// @inheritdoc IJobMarket
    function createJob(Quote calldata q, bytes calldata managerSignature) external nonReentrant {
        if (_jobs[q.jobId].status != Status.None) revert MarketJobExists(q.jobId);
        if (msg.sender != q.artist) revert MarketQuoteNotForCaller(q.artist, msg.sender);
        if (block.timestamp > q.expiry) revert MarketQuoteExpired(q.expiry, block.timestamp);
        // A free job would earn epoch rewards without any fee to burn: every job has a price.
        if (
            q.workWad == 0 || q.pricePerIbmWad == 0 || q.taskCount == 0 || q.frameEnd < q.frameStart
                || q.deadline <= block.timestamp
        ) {
            revert MarketQuoteInvalid(q.jobId);
        }
        uint256 expectedFee = Math.mulDiv(q.workWad, q.pricePerIbmWad, _WAD, Math.Rounding.Ceil);
        if (q.fee != expectedFee) revert MarketQuoteFeeMismatch(q.fee, expectedFee);
        address signer = ECDSA.recover(_hashTypedDataV4(MarketHashing.hashQuote(q)), managerSignature);
        if (!_isLiveManager(signer, q.managerId)) revert MarketQuoteSignerNotManager(signer, q.managerId);

        Job storage j = _jobs[q.jobId];
        j.artist = q.artist;
        j.status = Status.Created;
        j.deadline = q.deadline;
        j.seedBlock = uint64(block.number + 1);
        j.managerId = q.managerId;
        j.workWad = q.workWad;
        j.pricePerIbmWad = q.pricePerIbmWad;
        j.escrow = q.fee;
        emit JobCreated(q.jobId, q.artist, q.managerId, q, block.number + 1);
        credits.move(q.artist, address(this), q.fee);
    }

    /// @inheritdoc IJobMarket
    function cancel(bytes32 jobId) external nonReentrant {
        Job storage j = _requireArtist(jobId);
        if (j.status != Status.Created) revert MarketWrongStatus(jobId, j.status);
        _close(jobId, j, Status.Cancelled);
    }

    /// @inheritdoc IJobMarket
    function reclaim(bytes32 jobId) external nonReentrant {
        Job storage j = _requireArtist(jobId);
        if (j.status != Status.Created && j.status != Status.Running) revert MarketWrongStatus(jobId, j.status);
        if (block.timestamp <= j.deadline) revert MarketDeadlineNotReached(j.deadline, block.timestamp);
        _close(jobId, j, Status.Expired);
    }

    function _close(bytes32 jobId, Job storage j, Status status) internal {
        uint256 refund = j.escrow;
        j.escrow = 0;
        j.status = status;
        emit JobClosed(jobId, status, refund);
        if (refund != 0) credits.move(address(this), j.artist, refund);
    }

    // ------------------------------------------------------------------ committee

    /// @inheritdoc IJobMarket
    function drawCommittee(bytes32 jobId) external {
        Job storage j = _jobs[jobId];
        if (j.status != Status.Created) revert MarketWrongStatus(jobId, j.status);
        if (block.number <= j.seedBlock) revert MarketSeedNotReady(j.seedBlock, block.number);
        bytes32 anchor = blockhash(j.seedBlock);
        if (anchor == bytes32(0)) {
            // The seed block left the 256-block window unused: anchor the draw on a new future block.
            j.seedBlock = uint64(block.number + 1);
            emit CommitteeReseeded(jobId, block.number + 1);
            return;
        }
        bytes32 seed = keccak256(abi.encode(anchor, jobId));
        uint256[] memory committee = _draw(jobId, seed);
        j.committeeHash = keccak256(abi.encode(committee));
        j.status = Status.Running;
        emit CommitteeDrawn(jobId, committee, seed);
    }

    /// @dev k distinct online verifiers, sampled from the registry's live set by the seed: O(k), never O(verifiers).
    function _draw(bytes32 jobId, bytes32 seed) internal view returns (uint256[] memory committee) {
        (uint256 k,) = params.committee();
        uint256 available = registry.verifierCount();
        if (available < k) revert MarketTooFewVerifiers(available, k);
        committee = new uint256[](k);
        uint256 seated;
        for (uint256 t; seated < k && t < k * _DRAW_TRIES_PER_SEAT; ++t) {
            uint256 id = registry.verifierAt(uint256(keccak256(abi.encode(seed, t))) % available);
            if (!registry.status(id).active || _contains(committee, seated, id)) continue;
            committee[seated++] = id;
        }
        if (seated < k) revert MarketCommitteeUnavailable(jobId);
    }

    // ------------------------------------------------------------------ settlement

    /// @inheritdoc IJobMarket
    function settle(bytes32 jobId, Settlement calldata s, uint256[] calldata committee, bytes[] calldata signatures)
        external
        nonReentrant
    {
        Job storage j = _jobs[jobId];
        if (j.status != Status.Running) revert MarketWrongStatus(jobId, j.status);
        if (keccak256(abi.encode(committee)) != j.committeeHash) revert MarketWrongCommittee(jobId);
        uint256 index = j.settlements;
        uint256[] memory signerIds =
            _verifySigners(_hashTypedDataV4(MarketHashing.hashSettlement(jobId, index, s)), committee, signatures);

        (uint256[] memory workerIds, uint256[] memory works, uint256 paidWork) = _workOf(s.workers);
        bool completed = _record(jobId, j, index, s, paidWork, signerIds);

        // Interactions with the protocol's own contracts: credit work, participation, slash rejections.
        if (paidWork != 0) _credit(j.managerId, workerIds, works, signerIds, paidWork);
        for (uint256 i; i < s.rejected.length; ++i) {
            staking.slash(s.rejected[i].licenseId);
        }
        if (completed) _close(jobId, j, Status.Completed);
    }

    /// @dev Checks and effects of a settlement: the fee moves from escrow to pending (spent after the dispute window).
    function _record(
        bytes32 jobId,
        Job storage j,
        uint256 index,
        Settlement calldata s,
        uint256 paidWork,
        uint256[] memory signerIds
    ) internal returns (bool completed) {
        if (paidWork == 0 && s.rejected.length == 0) revert MarketEmptySettlement(jobId);
        uint256 totalPaid = j.paidWorkWad + paidWork;
        if (totalPaid > j.workWad) revert MarketSettlementExceedsWork(totalPaid, j.workWad);
        uint256 fee = Math.min((paidWork * j.pricePerIbmWad) / _WAD, j.escrow);
        j.paidWorkWad = uint128(totalPaid); // <= workWad
        j.escrow -= uint128(fee);
        j.pendingFee += uint128(fee);
        j.settlements = uint32(index + 1);
        j.lastSettledAt = uint64(block.timestamp);
        settlementRoot[jobId][index] = s.outcomesRoot;
        completed = totalPaid == j.workWad;
        if (completed) j.status = Status.Completed;
        emit JobSettled(jobId, index, s.outcomesRoot, paidWork, fee, s.rejected.length, signerIds);
    }

    function _credit(
        uint256 managerId,
        uint256[] memory workerIds,
        uint256[] memory works,
        uint256[] memory signerIds,
        uint256 paidWork
    ) internal {
        // Participation is recorded by the rewards contract, once per node and epoch.
        rewards.creditSettlement(managerId, workerIds, works, signerIds, paidWork);
        for (uint256 i; i < signerIds.length; ++i) {
            penaltyPool.creditVerification(signerIds[i], paidWork);
        }
    }

    function _workOf(WorkerWork[] calldata workers)
        internal
        pure
        returns (uint256[] memory ids, uint256[] memory works, uint256 total)
    {
        ids = new uint256[](workers.length);
        works = new uint256[](workers.length);
        for (uint256 i; i < workers.length; ++i) {
            ids[i] = workers[i].licenseId;
            works[i] = workers[i].workWad;
            total += workers[i].workWad;
        }
    }

    /// @dev Recovers each signature, requires distinct committee members and at least the governed threshold.
    function _verifySigners(bytes32 digest, uint256[] calldata committee, bytes[] calldata signatures)
        internal
        view
        returns (uint256[] memory signerIds)
    {
        (, uint256 threshold) = params.committee();
        if (signatures.length < threshold) revert MarketTooFewSignatures(signatures.length, threshold);
        signerIds = new uint256[](signatures.length);
        uint256 seen;
        for (uint256 i; i < signatures.length; ++i) {
            address signer = ECDSA.recover(digest, signatures[i]);
            uint256 id = registry.licenseOfOperator(signer);
            uint256 seat = _seatOf(committee, id);
            if (id == 0 || seat == type(uint256).max) revert MarketSignerNotInCommittee(signer);
            if (seen & (1 << seat) != 0) revert MarketDuplicateSigner(signer);
            seen |= 1 << seat;
            signerIds[i] = id;
        }
    }

    // ------------------------------------------------------------------ disputes and fees

    /// @inheritdoc IJobMarket
    function dispute(bytes32 jobId, uint256 settlementIndex, TaskOutcome calldata o, bytes32[] calldata proof)
        external
    {
        Job storage j = _requireArtist(jobId);
        // The window runs from the job's latest settlement, as long as its fees are held: any settled task of the job
        // can be disputed until then.
        uint256 at = j.lastSettledAt;
        uint256 window = params.get(ParamKeys.DISPUTE_WINDOW_SECONDS);
        if (settlementIndex >= j.settlements || block.timestamp > at + window) {
            revert MarketDisputeWindowClosed(at, window, block.timestamp);
        }
        if (settlementIndex < j.releasedSettlements) {
            revert MarketSettlementReleased(jobId, settlementIndex, j.releasedSettlements);
        }
        if (!MerkleProof.verifyCalldata(proof, settlementRoot[jobId][settlementIndex], MarketHashing.outcomeLeaf(o))) {
            revert MarketInvalidOutcomeProof(jobId, settlementIndex);
        }
        if (!o.accepted) revert MarketOutcomeNotAccepted(o.taskIndex);
        bytes32 key = _disputeKey(jobId, settlementIndex, o.taskIndex);
        if (_disputes[key].state != DisputeState.None) revert MarketDisputeExists(jobId, settlementIndex, o.taskIndex);
        _disputes[key] = Dispute(DisputeState.Open, o.workWad, o.workerId);
        ++j.openDisputes;
        emit DisputeOpened(jobId, settlementIndex, o.taskIndex, o.workerId);
    }

    /// @inheritdoc IJobMarket
    function resolveDispute(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex, bool upheld)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        nonReentrant
    {
        bytes32 key = _disputeKey(jobId, settlementIndex, taskIndex);
        Dispute storage dispute_ = _disputes[key];
        if (dispute_.state != DisputeState.Open) revert MarketNoOpenDispute(jobId, settlementIndex, taskIndex);
        dispute_.state = DisputeState.Resolved; // never reopened
        Job storage j = _jobs[jobId];
        --j.openDisputes;
        uint256 refund;
        if (upheld) {
            refund = Math.min((uint256(dispute_.workWad) * j.pricePerIbmWad) / _WAD, j.pendingFee);
            j.pendingFee -= uint128(refund);
        }
        emit DisputeResolved(jobId, settlementIndex, taskIndex, upheld, refund);
        if (upheld) {
            if (refund != 0) credits.move(address(this), j.artist, refund);
            staking.slash(dispute_.workerId);
        }
    }

    /// @inheritdoc IJobMarket
    function releaseFees(bytes32[] calldata jobIds) external nonReentrant {
        uint256 window = params.get(ParamKeys.DISPUTE_WINDOW_SECONDS);
        for (uint256 i; i < jobIds.length; ++i) {
            Job storage j = _jobs[jobIds[i]];
            uint256 fee = j.pendingFee;
            if (fee == 0 || j.openDisputes != 0 || block.timestamp <= j.lastSettledAt + window) continue;
            j.pendingFee = 0;
            j.releasedSettlements = j.settlements; // their fees are spent: no longer disputable
            emit FeesReleased(jobIds[i], fee);
            credits.spend(address(this), fee);
        }
    }

    // ------------------------------------------------------------------ views and helpers

    /// @inheritdoc IJobMarket
    function job(bytes32 jobId) external view returns (Job memory) {
        return _jobs[jobId];
    }

    /// @inheritdoc IJobMarket
    function quoteDigest(Quote calldata q) external view returns (bytes32) {
        return _hashTypedDataV4(MarketHashing.hashQuote(q));
    }

    /// @inheritdoc IJobMarket
    function settlementDigest(bytes32 jobId, uint256 settlementIndex, Settlement calldata s)
        external
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(MarketHashing.hashSettlement(jobId, settlementIndex, s));
    }

    function _requireArtist(bytes32 jobId) internal view returns (Job storage j) {
        j = _jobs[jobId];
        if (j.status == Status.None) revert MarketUnknownJob(jobId);
        if (msg.sender != j.artist) revert MarketNotArtist(jobId, msg.sender);
    }

    function _isLiveManager(address signer, uint256 managerId) internal view returns (bool) {
        if (signer == address(0) || registry.licenseOfOperator(signer) != managerId) return false;
        INodeRegistry.NodeStatus memory n = registry.status(managerId);
        return n.kind == INodeLicense.Kind.Manager && n.registered && !n.retired && !n.blacklisted;
    }

    function _seatOf(uint256[] calldata committee, uint256 id) internal pure returns (uint256) {
        for (uint256 i; i < committee.length; ++i) {
            if (committee[i] == id) return i;
        }
        return type(uint256).max;
    }

    function _contains(uint256[] memory ids, uint256 count, uint256 id) internal pure returns (bool) {
        for (uint256 i; i < count; ++i) {
            if (ids[i] == id) return true;
        }
        return false;
    }

    function _disputeKey(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) internal pure returns (bytes32) {
        return keccak256(abi.encode(jobId, settlementIndex, taskIndex));
    }
}
