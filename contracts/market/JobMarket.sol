// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEpochRewards} from "../interfaces/IEpochRewards.sol";
import {IIFXDollar} from "../interfaces/IIFXDollar.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {MarketHashing} from "../libraries/MarketHashing.sol";
import {ParamKeys} from "../params/ParamKeys.sol";

/// @title JobMarket
/// @notice See `IJobMarket`.
/// @dev The market holds escrowed ifxDollar under its own balance: `credits.balanceOf(market)` equals the sum over jobs
///      of `escrow + pendingFee` (an invariant of the test suite). Escrow is not stored: fees are charged on the
///      cumulative paid work, `ceil(paid x price)`, so the escrow left is `ceil(W x price) - ceil(paid x price)` and
///      a job whose work is all paid has charged exactly its quote. A job is four storage words; a settlement reads
///      them and writes three, whatever its number of tasks.
contract JobMarket is AccessControl, ReentrancyGuardTransient, EIP712, IJobMarket {
    uint256 internal constant _WAD = 1e18;
    /// @dev Draw attempts per committee seat before giving up (ineligible or repeated verifiers are skipped).
    uint256 internal constant _DRAW_TRIES_PER_SEAT = 16;

    /// @dev Word 0: who, where the job is, its settlements and disputes.
    struct Head {
        address artist;
        Status status;
        uint8 threshold; // 0 until the committee is drawn
        uint16 settlements;
        uint16 releasedSettlements;
        uint16 openDisputes;
        uint32 lastSettledAt;
    }

    /// @dev Word 1: what has been paid; non-zero from creation (the deadline), so a settlement never writes a new word.
    struct Money {
        uint128 paidWorkWad;
        uint96 pendingFee;
        uint32 deadline;
    }

    /// @dev Word 2: the quote's terms.
    struct Terms {
        uint128 workWad;
        uint96 pricePerIbmWad;
        uint32 managerId;
    }

    /// @dev Word 3 (`seal`): the seed block until the committee is drawn, then the trail (see `IJobMarket.Job`).
    struct JobRecord {
        Head head;
        Money money;
        Terms terms;
        bytes32 seal;
    }

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

    IIFXDollar public immutable credits;
    INodeRegistry public immutable registry;
    INodeStaking public immutable staking;
    IEpochRewards public immutable rewards;
    IParameterRegistry public immutable params;

    mapping(bytes32 jobId => JobRecord) internal _jobs;
    mapping(bytes32 disputeKey => Dispute) internal _disputes;

    constructor(
        IIFXDollar credits_,
        INodeRegistry registry_,
        INodeStaking staking_,
        IEpochRewards rewards_,
        IParameterRegistry params_,
        address admin
    ) EIP712("Inferix JobMarket", "1") {
        credits = credits_;
        registry = registry_;
        staking = staking_;
        rewards = rewards_;
        params = params_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ jobs

    /// @inheritdoc IJobMarket
    function createJob(Quote calldata q, bytes calldata managerSignature) external nonReentrant {
        JobRecord storage r = _jobs[q.jobId];
        if (r.head.status != Status.None) revert MarketJobExists(q.jobId);
        if (msg.sender != q.artist) revert MarketQuoteNotForCaller(q.artist, msg.sender);
        if (block.timestamp > q.expiry) revert MarketQuoteExpired(q.expiry, block.timestamp);
        _checkQuote(q);
        uint256 expectedFee = _feeAt(q.workWad, q.pricePerIbmWad);
        if (q.fee != expectedFee) revert MarketQuoteFeeMismatch(q.fee, expectedFee);
        address signer = ECDSA.recover(_hashTypedDataV4(MarketHashing.hashQuote(q)), managerSignature);
        if (!_isLiveManager(signer, q.managerId)) revert MarketQuoteSignerNotManager(signer, q.managerId);

        // Narrowing is checked by `_checkQuote`.
        r.head = Head(q.artist, Status.Created, 0, 0, 0, 0, 0);
        r.money = Money(0, 0, uint32(q.deadline));
        r.terms = Terms(q.workWad, uint96(q.pricePerIbmWad), uint32(q.managerId));
        r.seal = bytes32(block.number + 1);
        emit JobCreated(q.jobId, q.artist, q.managerId, q, block.number + 1);
        credits.move(q.artist, address(this), q.fee);
    }

    /// @dev A free job would earn epoch rewards without any fee to burn: every job has a price. Values must fit the
    ///      packed job (see `IJobMarket.Job`).
    function _checkQuote(Quote calldata q) internal view {
        if (
            q.workWad == 0 || q.pricePerIbmWad == 0 || q.taskCount == 0 || q.frameEnd < q.frameStart
                || q.deadline <= block.timestamp || q.deadline > type(uint32).max || q.fee > type(uint96).max
                || q.pricePerIbmWad > type(uint96).max || q.managerId > type(uint32).max
        ) {
            revert MarketQuoteInvalid(q.jobId);
        }
    }

    /// @inheritdoc IJobMarket
    function cancel(bytes32 jobId) external nonReentrant {
        JobRecord storage r = _requireArtist(jobId);
        if (r.head.status != Status.Created) revert MarketWrongStatus(jobId, r.head.status);
        _close(jobId, r, Status.Cancelled);
    }

    /// @inheritdoc IJobMarket
    function reclaim(bytes32 jobId) external nonReentrant {
        JobRecord storage r = _requireArtist(jobId);
        Status status = r.head.status;
        if (status != Status.Created && status != Status.Running) revert MarketWrongStatus(jobId, status);
        if (block.timestamp <= r.money.deadline) revert MarketDeadlineNotReached(r.money.deadline, block.timestamp);
        _close(jobId, r, Status.Expired);
    }

    function _close(bytes32 jobId, JobRecord storage r, Status status) internal {
        uint256 refund = _escrowOf(r);
        r.head.status = status;
        emit JobClosed(jobId, status, refund);
        if (refund != 0) credits.move(address(this), r.head.artist, refund);
    }

    // ------------------------------------------------------------------ committee

    /// @inheritdoc IJobMarket
    function drawCommittee(bytes32 jobId) external {
        JobRecord storage r = _jobs[jobId];
        if (r.head.status != Status.Created) revert MarketWrongStatus(jobId, r.head.status);
        uint256 seedBlock = uint256(r.seal);
        if (block.number <= seedBlock) revert MarketSeedNotReady(seedBlock, block.number);
        bytes32 anchor = blockhash(seedBlock);
        if (anchor == bytes32(0)) {
            // The seed block left the 256-block window unused: anchor the draw on a new future block.
            r.seal = bytes32(block.number + 1);
            emit CommitteeReseeded(jobId, block.number + 1);
            return;
        }
        bytes32 seed = keccak256(abi.encode(anchor, jobId));
        (uint256 k, uint256 threshold) = params.committee();
        Seat[] memory committee = _draw(jobId, seed, k);
        bytes32 committeeHash = keccak256(abi.encode(committee));
        r.seal = committeeHash;
        (r.head.status, r.head.threshold) = (Status.Running, uint8(threshold)); // threshold <= k <= 16
        emit CommitteeDrawn(jobId, committee, committeeHash, seed);
    }

    /// @dev k distinct online verifiers, sampled from the registry's live set by the seed: O(k), never O(verifiers).
    ///      Each seat keeps the operator key the verifier had at the draw: settlements need no registry look-up.
    function _draw(bytes32 jobId, bytes32 seed, uint256 k) internal view returns (Seat[] memory committee) {
        uint256 available = registry.verifierCount();
        if (available < k) revert MarketTooFewVerifiers(available, k);
        committee = new Seat[](k);
        uint256 seated;
        for (uint256 t; seated < k && t < k * _DRAW_TRIES_PER_SEAT; ++t) {
            uint256 id = registry.verifierAt(uint256(keccak256(abi.encode(seed, t))) % available);
            INodeRegistry.NodeStatus memory n = registry.status(id);
            if (!n.active || _contains(committee, seated, id)) continue;
            committee[seated++] = Seat(id, n.operator);
        }
        if (seated < k) revert MarketCommitteeUnavailable(jobId);
    }

    // ------------------------------------------------------------------ settlement

    /// @inheritdoc IJobMarket
    function settle(
        bytes32 jobId,
        Settlement calldata s,
        Seat[] calldata committee,
        bytes32[] calldata priorRoots,
        bytes[] calldata signatures
    ) external nonReentrant {
        JobRecord storage r = _jobs[jobId];
        (bytes32 trail, uint256 signedSeats, uint256[] memory signerIds) =
            _authorize(jobId, r, s, committee, priorRoots, signatures);
        _apply(jobId, r, s, trail, signedSeats, signerIds);
    }

    /// @dev Records an authorized settlement, then credits its work and slashes its rejections.
    function _apply(
        bytes32 jobId,
        JobRecord storage r,
        Settlement calldata s,
        bytes32 trail,
        uint256 signedSeats,
        uint256[] memory signerIds
    ) internal {
        uint256 paidWork;
        for (uint256 i; i < s.workers.length; ++i) {
            paidWork += s.workers[i].workWad;
        }
        (uint256 index, uint256 fee, bool completed) = _record(jobId, r, paidWork, s.rejected.length);
        r.seal = keccak256(abi.encode(trail, s.outcomesRoot));
        emit JobSettled(jobId, index, paidWork, fee, signedSeats, completed, s);

        // Interactions with the protocol's own contracts: credit work and participation, slash rejections.
        if (paidWork != 0) rewards.creditSettlement(r.terms.managerId, s.workers, signerIds, paidWork);
        for (uint256 i; i < s.rejected.length; ++i) {
            staking.slash(s.rejected[i].licenseId);
        }
    }

    /// @dev The job runs, the committee and earlier roots hash to its trail, and enough of the committee signed the
    ///      settlement at the job's next index. Returns the trail so far.
    function _authorize(
        bytes32 jobId,
        JobRecord storage r,
        Settlement calldata s,
        Seat[] calldata committee,
        bytes32[] calldata priorRoots,
        bytes[] calldata signatures
    ) internal view returns (bytes32 trail, uint256 signedSeats, uint256[] memory signerIds) {
        Head memory h = r.head;
        if (h.status != Status.Running) revert MarketWrongStatus(jobId, h.status);
        if (priorRoots.length != h.settlements) revert MarketWrongCommittee(jobId);
        trail = _trail(keccak256(abi.encode(committee)), priorRoots);
        if (trail != r.seal) revert MarketWrongCommittee(jobId);
        bytes32 digest = _hashTypedDataV4(MarketHashing.hashSettlement(jobId, h.settlements, s));
        (signedSeats, signerIds) = _verifySigners(digest, committee, signatures, h.threshold);
    }

    /// @dev Checks and effects of a settlement: the fee moves from escrow to pending (spent after the dispute window).
    function _record(bytes32 jobId, JobRecord storage r, uint256 paidWork, uint256 rejections)
        internal
        returns (uint256 index, uint256 fee, bool completed)
    {
        if (paidWork == 0 && rejections == 0) revert MarketEmptySettlement(jobId);
        (Head memory h, Money memory m, Terms memory t) = (r.head, r.money, r.terms);
        uint256 totalPaid = m.paidWorkWad + paidWork;
        if (totalPaid > t.workWad) revert MarketSettlementExceedsWork(totalPaid, t.workWad);
        fee = _feeAt(totalPaid, t.pricePerIbmWad) - _feeAt(m.paidWorkWad, t.pricePerIbmWad);
        // Narrowing: paid work <= workWad (uint128); pending fees <= the quote's fee (< 2^96).
        r.money = Money(uint128(totalPaid), uint96(m.pendingFee + fee), m.deadline);
        completed = totalPaid == t.workWad;
        index = h.settlements;
        h.settlements += 1;
        h.lastSettledAt = uint32(block.timestamp);
        if (completed) h.status = Status.Completed;
        r.head = h;
    }

    /// @dev Recovers each signature, requires distinct committee members and at least the job's threshold.
    function _verifySigners(bytes32 digest, Seat[] calldata committee, bytes[] calldata signatures, uint256 threshold)
        internal
        pure
        returns (uint256 signedSeats, uint256[] memory signerIds)
    {
        if (signatures.length < threshold) revert MarketTooFewSignatures(signatures.length, threshold);
        signerIds = new uint256[](signatures.length);
        for (uint256 i; i < signatures.length; ++i) {
            address signer = ECDSA.recover(digest, signatures[i]);
            uint256 seat = _seatOf(committee, signer);
            if (seat == type(uint256).max) revert MarketSignerNotInCommittee(signer);
            if (signedSeats & (1 << seat) != 0) revert MarketDuplicateSigner(signer);
            signedSeats |= 1 << seat;
            signerIds[i] = committee[seat].verifierId;
        }
    }

    // ------------------------------------------------------------------ disputes and fees

    /// @inheritdoc IJobMarket
    function dispute(
        bytes32 jobId,
        uint256 settlementIndex,
        TaskOutcome calldata o,
        bytes32[] calldata proof,
        bytes32 committeeHash,
        bytes32[] calldata roots
    ) external {
        JobRecord storage r = _requireArtist(jobId);
        Head memory h = r.head;
        // The window runs from the job's latest settlement, as long as its fees are held: any settled task of the job
        // can be disputed until then.
        uint256 window = params.get(ParamKeys.DISPUTE_WINDOW_SECONDS);
        if (settlementIndex >= h.settlements || block.timestamp > h.lastSettledAt + window) {
            revert MarketDisputeWindowClosed(h.lastSettledAt, window, block.timestamp);
        }
        if (settlementIndex < h.releasedSettlements) {
            revert MarketSettlementReleased(jobId, settlementIndex, h.releasedSettlements);
        }
        if (roots.length != h.settlements || _trail(committeeHash, roots) != r.seal) revert MarketWrongCommittee(jobId);
        if (!MerkleProof.verifyCalldata(proof, roots[settlementIndex], MarketHashing.outcomeLeaf(o))) {
            revert MarketInvalidOutcomeProof(jobId, settlementIndex);
        }
        if (!o.accepted) revert MarketOutcomeNotAccepted(o.taskIndex);
        bytes32 key = _disputeKey(jobId, settlementIndex, o.taskIndex);
        if (_disputes[key].state != DisputeState.None) revert MarketDisputeExists(jobId, settlementIndex, o.taskIndex);
        _disputes[key] = Dispute(DisputeState.Open, o.workWad, o.workerId);
        r.head.openDisputes = h.openDisputes + 1;
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
        JobRecord storage r = _jobs[jobId];
        --r.head.openDisputes;
        uint256 refund;
        if (upheld) {
            uint256 pending = r.money.pendingFee;
            refund = Math.min((uint256(dispute_.workWad) * r.terms.pricePerIbmWad) / _WAD, pending);
            r.money.pendingFee = uint96(pending - refund);
        }
        emit DisputeResolved(jobId, settlementIndex, taskIndex, upheld, refund);
        if (upheld) {
            if (refund != 0) credits.move(address(this), r.head.artist, refund);
            staking.slash(dispute_.workerId);
        }
    }

    /// @inheritdoc IJobMarket
    function releaseFees(bytes32[] calldata jobIds) external nonReentrant {
        uint256 window = params.get(ParamKeys.DISPUTE_WINDOW_SECONDS);
        uint256 total;
        for (uint256 i; i < jobIds.length; ++i) {
            JobRecord storage r = _jobs[jobIds[i]];
            Head memory h = r.head;
            uint256 fee = r.money.pendingFee;
            if (fee == 0 || h.openDisputes != 0 || block.timestamp <= h.lastSettledAt + window) continue;
            r.money.pendingFee = 0;
            r.head.releasedSettlements = h.settlements; // their fees are spent: no longer disputable
            total += fee;
            emit FeesReleased(jobIds[i], fee);
        }
        // One spend for the batch: the burn and the foundation see the same stablecoin either way.
        if (total != 0) credits.spend(address(this), total);
    }

    // ------------------------------------------------------------------ views and helpers

    /// @inheritdoc IJobMarket
    function job(bytes32 jobId) external view returns (Job memory j) {
        JobRecord storage r = _jobs[jobId];
        Head memory h = r.head;
        (Money memory m, Terms memory t) = (r.money, r.terms);
        bool drawn = h.threshold != 0;
        j = Job(
            h.artist,
            h.status,
            h.threshold,
            h.settlements,
            h.releasedSettlements,
            h.openDisputes,
            h.lastSettledAt,
            m.paidWorkWad,
            m.pendingFee,
            m.deadline,
            t.workWad,
            t.pricePerIbmWad,
            t.managerId,
            _escrowOf(r),
            drawn ? 0 : uint64(uint256(r.seal)),
            drawn ? r.seal : bytes32(0)
        );
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

    /// @inheritdoc IJobMarket
    function committeeHashOf(Seat[] calldata committee) external pure returns (bytes32) {
        return keccak256(abi.encode(committee));
    }

    /// @dev What an open job still holds for its artist: the quote's fee less the fee of the work paid so far.
    function _escrowOf(JobRecord storage r) internal view returns (uint256) {
        Status status = r.head.status;
        if (status != Status.Created && status != Status.Running) return 0;
        (uint256 work, uint256 price) = (r.terms.workWad, r.terms.pricePerIbmWad);
        return _feeAt(work, price) - _feeAt(r.money.paidWorkWad, price);
    }

    /// @dev The fee of `workWad` at `pricePerIbmWad`, rounded up (the quote's rounding).
    function _feeAt(uint256 workWad, uint256 pricePerIbmWad) internal pure returns (uint256) {
        return Math.mulDiv(workWad, pricePerIbmWad, _WAD, Math.Rounding.Ceil);
    }

    function _trail(bytes32 start, bytes32[] calldata roots) internal pure returns (bytes32 trail) {
        trail = start;
        for (uint256 i; i < roots.length; ++i) {
            trail = keccak256(abi.encode(trail, roots[i]));
        }
    }

    function _requireArtist(bytes32 jobId) internal view returns (JobRecord storage r) {
        r = _jobs[jobId];
        if (r.head.status == Status.None) revert MarketUnknownJob(jobId);
        if (msg.sender != r.head.artist) revert MarketNotArtist(jobId, msg.sender);
    }

    function _isLiveManager(address signer, uint256 managerId) internal view returns (bool) {
        if (signer == address(0) || registry.licenseOfOperator(signer) != managerId) return false;
        INodeRegistry.NodeStatus memory n = registry.status(managerId);
        return n.kind == INodeLicense.Kind.Manager && n.registered && !n.retired && !n.blacklisted;
    }

    function _seatOf(Seat[] calldata committee, address operator) internal pure returns (uint256) {
        for (uint256 i; i < committee.length; ++i) {
            if (committee[i].operator == operator) return i;
        }
        return type(uint256).max;
    }

    function _contains(Seat[] memory seats, uint256 count, uint256 id) internal pure returns (bool) {
        for (uint256 i; i < count; ++i) {
            if (seats[i].verifierId == id) return true;
        }
        return false;
    }

    function _disputeKey(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) internal pure returns (bytes32) {
        return keccak256(abi.encode(jobId, settlementIndex, taskIndex));
    }
}
