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
import {CommitteeDraw} from "../libraries/CommitteeDraw.sol";
import {MarketHashing} from "../libraries/MarketHashing.sol";
import {SettlementCodec} from "../libraries/SettlementCodec.sol";
import {ParamKeys} from "../params/ParamKeys.sol";

/// @title JobMarket
/// @notice See `IJobMarket`.
/// @dev The market holds escrowed ifxDollar under its own balance: `credits.balanceOf(market)` equals the sum over jobs
///      of `escrow + pendingFee` (an invariant of the test suite). Escrow is not stored: fees are charged on the
///      cumulative paid work, `ceil(paid x price)`, so the escrow left is `ceil(W x price) - ceil(paid x price)` and
///      a job whose work is all paid has charged exactly its quote. A job is four storage words; a settlement reads
///      three and writes two, whatever its number of tasks.
contract JobMarket is AccessControl, ReentrancyGuardTransient, EIP712, IJobMarket {
    uint256 internal constant _WAD = 1e18;
    uint256 internal constant _BPS = 10_000;

    /// @dev Word 0, the hot word: everything a settlement reads and writes (never zero once created: `status`).
    struct State {
        Status status;
        uint8 threshold; // 0 until the committee is drawn
        uint16 settlements;
        uint32 lastSettledAt;
        uint96 paidWorkWad;
        uint96 pendingFee;
    }

    /// @dev Word 1: who pays, the task count (read only for rejections) and how many settlements' fees were released
    ///      (settlements without rejections never touch it).
    struct Parties {
        address artist;
        uint32 taskCount;
        uint16 releasedSettlements;
    }

    /// @dev Word 2: the quote's terms, which every settlement reads (the deadline with them: one word, not two).
    struct Terms {
        uint96 workWad;
        uint96 pricePerIbmWad;
        uint32 managerId;
        uint32 deadline;
    }

    /// @dev Word 3 (`seal`): the seed block until the committee is drawn, then the trail (see `IJobMarket.Job`).
    struct JobRecord {
        State state;
        Parties parties;
        Terms terms;
        bytes32 seal;
    }

    IIFXDollar public immutable credits;
    INodeRegistry public immutable registry;
    INodeStaking public immutable staking;
    IEpochRewards public immutable rewards;
    IParameterRegistry public immutable params;
    /// @inheritdoc IJobMarket
    address public disputes;

    mapping(bytes32 jobId => JobRecord) internal _jobs;
    /// @dev A bit per task of a job once a settlement rejected it: a task is slashed for at most once.
    mapping(bytes32 jobId => mapping(uint256 word => uint256 bits)) internal _rejectedTasks;

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
        if (r.state.status != Status.None) revert MarketJobExists(q.jobId);
        if (msg.sender != q.artist) revert MarketQuoteNotForCaller(q.artist, msg.sender);
        if (block.timestamp > q.expiry) revert MarketQuoteExpired(q.expiry, block.timestamp);
        _checkQuote(q);
        // A job lasts at most `maxJobSeconds`: the unbonding period is sized on it, so that the stake behind any task
        // of a job stays slashable until that job's disputes are over (ParameterRegistry's cross-rule).
        uint256 maxDeadline = block.timestamp + params.get(ParamKeys.MAX_JOB_SECONDS);
        if (q.deadline > maxDeadline) revert MarketDeadlineTooFar(q.deadline, maxDeadline);
        uint256 expectedFee = _feeAt(q.workWad, q.pricePerIbmWad);
        if (q.fee != expectedFee) revert MarketQuoteFeeMismatch(q.fee, expectedFee);
        address signer = ECDSA.recover(_hashTypedDataV4(MarketHashing.hashQuote(q)), managerSignature);
        if (!_isLiveManager(signer, q.managerId)) revert MarketQuoteSignerNotManager(signer, q.managerId);

        // Narrowing is checked by `_checkQuote`.
        r.state = State(Status.Created, 0, 0, 0, 0, 0);
        r.parties = Parties(q.artist, q.taskCount, 0);
        r.terms = Terms(uint96(q.workWad), uint96(q.pricePerIbmWad), uint32(q.managerId), uint32(q.deadline));
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
                || q.workWad > type(uint96).max || q.pricePerIbmWad > type(uint96).max || q.managerId > type(uint32).max
        ) {
            revert MarketQuoteInvalid(q.jobId);
        }
    }

    /// @inheritdoc IJobMarket
    function cancel(bytes32 jobId) external nonReentrant {
        JobRecord storage r = _requireArtist(jobId);
        if (r.state.status != Status.Created) revert MarketWrongStatus(jobId, r.state.status);
        // Once the seed block is mined the artist can compute the committee: cancelling then and ordering again would
        // redraw a committee it dislikes. That costs `cancelFeeBps` of the escrow (rounded up), spent like a fee.
        uint256 cancelFee;
        if (block.number > uint256(r.seal)) {
            cancelFee = Math.mulDiv(_escrowOf(r), params.get(ParamKeys.CANCEL_FEE_BPS), _BPS, Math.Rounding.Ceil);
        }
        _close(jobId, r, Status.Cancelled, cancelFee);
    }

    /// @inheritdoc IJobMarket
    function reclaim(bytes32 jobId) external nonReentrant {
        JobRecord storage r = _requireArtist(jobId);
        Status status = r.state.status;
        if (status != Status.Created && status != Status.Running) revert MarketWrongStatus(jobId, status);
        uint256 deadline = r.terms.deadline;
        if (block.timestamp <= deadline) revert MarketDeadlineNotReached(deadline, block.timestamp);
        _close(jobId, r, Status.Expired, 0);
    }

    /// @dev Refunds the escrow less `fee`, which is spent (burn and foundation) like a settled fee.
    function _close(bytes32 jobId, JobRecord storage r, Status status, uint256 fee) internal {
        uint256 refund = _escrowOf(r) - fee;
        r.state.status = status;
        emit JobClosed(jobId, status, refund);
        if (fee != 0) emit CancelFeeCharged(jobId, fee);
        if (refund != 0) credits.move(address(this), r.parties.artist, refund);
        if (fee != 0) credits.spend(address(this), fee);
    }

    // ------------------------------------------------------------------ committee

    /// @inheritdoc IJobMarket
    function drawCommittee(bytes32 jobId) external {
        JobRecord storage r = _jobs[jobId];
        if (r.state.status != Status.Created) revert MarketWrongStatus(jobId, r.state.status);
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
        (Seat[] memory committee, bool full) = CommitteeDraw.draw(registry, seed, k, new Seat[](0));
        if (!full) {
            uint256 available = registry.verifierCount();
            if (available < k) revert MarketTooFewVerifiers(available, k);
            revert MarketCommitteeUnavailable(jobId);
        }
        bytes32 committeeHash = keccak256(abi.encode(committee));
        r.seal = committeeHash;
        (r.state.status, r.state.threshold) = (Status.Running, uint8(threshold)); // threshold <= k <= 21
        emit CommitteeDrawn(jobId, committee, committeeHash, seed);
    }

    // ------------------------------------------------------------------ settlement

    /// @inheritdoc IJobMarket
    function settle(
        bytes32 jobId,
        Settlement calldata s,
        Seat[] calldata committee,
        bytes32[] calldata priorRoots,
        Signatures calldata signatures,
        ResultProof[] calldata rejectedResults
    ) external nonReentrant {
        JobRecord storage r = _jobs[jobId];
        bytes32 workersHash = MarketHashing.hashWords(s.workers);
        (bytes32 trail, uint256[] memory signerIds) =
            _authorize(jobId, r, s, workersHash, committee, priorRoots, signatures);
        uint256[] memory slashed = _checkRejections(jobId, r, s.rejected, rejectedResults);
        _apply(jobId, r, s, workersHash, trail, signatures.seats, signerIds, slashed);
    }

    /// @dev Records an authorized settlement, then credits its work and slashes its rejections.
    function _apply(
        bytes32 jobId,
        JobRecord storage r,
        Settlement calldata s,
        bytes32 workersHash,
        bytes32 trail,
        uint256 signedSeats,
        uint256[] memory signerIds,
        uint256[] memory slashed
    ) internal {
        uint256 paidWork;
        for (uint256 i; i < s.workers.length; ++i) {
            (, uint256 work) = SettlementCodec.worker(s.workers[i]);
            paidWork += work;
        }
        uint256 rejections = s.rejected.length;
        (uint256 index, uint256 fee, bool completed) = _record(jobId, r, paidWork, rejections);
        r.seal = keccak256(abi.encode(trail, s.outcomesRoot));
        emit JobSettled(jobId, index, s.outcomesRoot, workersHash, paidWork, fee, signedSeats, completed);

        // Interactions with the protocol's own contracts: credit work and participation, slash rejections.
        if (paidWork != 0) rewards.creditSettlement(s.workers, signerIds, paidWork);
        for (uint256 i; i < rejections; ++i) {
            staking.slash(slashed[i]);
        }
    }

    /// @dev What a committee may slash, whatever its majority signs: a rejected task of this job (index below the
    ///      quote's task count, never rejected before) and the worker that signed a result for it. The worker's own
    ///      EIP-712 `TaskResult` signature is the proof that it took this task: a verifier, a manager, an artist or
    ///      a worker that never touched the job cannot be named. Marks each task rejected (a bit per task, so at most
    ///      `taskCount` slashes per job over all its settlements) and returns the licenses to slash.
    function _checkRejections(
        bytes32 jobId,
        JobRecord storage r,
        uint256[] calldata rejected,
        ResultProof[] calldata proofs
    ) internal returns (uint256[] memory licenseIds) {
        if (proofs.length != rejected.length) revert MarketRejectionProofsMismatch(rejected.length, proofs.length);
        licenseIds = new uint256[](rejected.length);
        if (rejected.length == 0) return licenseIds; // the common case reads nothing more
        uint256 taskCount = r.parties.taskCount;
        mapping(uint256 => uint256) storage bits = _rejectedTasks[jobId];
        for (uint256 i; i < rejected.length; ++i) {
            (uint256 licenseId, uint32 taskIndex) = SettlementCodec.rejection(rejected[i]);
            if (taskIndex >= taskCount) revert MarketTaskOutOfRange(jobId, taskIndex, taskCount);
            uint256 bit = 1 << (taskIndex & 0xff);
            uint256 word = bits[taskIndex >> 8];
            if (word & bit != 0) revert MarketTaskAlreadyRejected(jobId, taskIndex);
            bits[taskIndex >> 8] = word | bit;
            _checkResultProof(jobId, taskIndex, licenseId, proofs[i]);
            licenseIds[i] = licenseId;
        }
    }

    /// @dev The proof is `licenseId`'s own signed result of the task, and `licenseId` is a worker.
    function _checkResultProof(bytes32 jobId, uint32 taskIndex, uint256 licenseId, ResultProof calldata p)
        internal
        view
    {
        bytes32 digest = _hashTypedDataV4(MarketHashing.hashTaskResult(jobId, taskIndex, p.resultCid));
        address signer = ECDSA.recover(digest, p.r, p.vs);
        if (registry.boundLicenseOf(signer) != licenseId) revert MarketResultNotSigned(taskIndex, licenseId, signer);
        _requireWorker(licenseId);
    }

    /// @dev A registered worker node (license 0 is never one: `boundLicenseOf` answers 0 for an unknown key, and the
    ///      zero kind is `Worker`, so being registered is checked too).
    function _requireWorker(uint256 licenseId) internal view {
        INodeRegistry.NodeStatus memory n = registry.status(licenseId);
        if (!n.registered || n.kind != INodeLicense.Kind.Worker) revert MarketNotWorker(licenseId, n.kind);
    }

    /// @dev The job runs, the committee and earlier roots hash to its trail, and enough of the committee signed the
    ///      settlement at the job's next index. Returns the trail so far and the signers' verifier ids.
    function _authorize(
        bytes32 jobId,
        JobRecord storage r,
        Settlement calldata s,
        bytes32 workersHash,
        Seat[] calldata committee,
        bytes32[] calldata priorRoots,
        Signatures calldata signatures
    ) internal view returns (bytes32 trail, uint256[] memory signerIds) {
        State memory h = r.state;
        if (h.status != Status.Running) revert MarketWrongStatus(jobId, h.status);
        // Work is settled by the deadline (the artist may reclaim from then on); this also bounds the dispute window of
        // every task, which the unbonding period outlasts.
        uint256 deadline = r.terms.deadline;
        if (block.timestamp > deadline) revert MarketDeadlinePassed(deadline, block.timestamp);
        if (priorRoots.length != h.settlements) revert MarketWrongCommittee(jobId);
        trail = _trail(_committeeHash(committee), priorRoots);
        if (trail != r.seal) revert MarketWrongCommittee(jobId);
        signerIds = _verifySigners(_digestOf(jobId, h.settlements, s, workersHash), committee, signatures, h.threshold);
    }

    function _digestOf(bytes32 jobId, uint256 index, Settlement calldata s, bytes32 workersHash)
        internal
        view
        returns (bytes32)
    {
        bytes32 rejectedHash = MarketHashing.hashWords(s.rejected);
        return _hashTypedDataV4(MarketHashing.hashSettlement(jobId, index, s.outcomesRoot, workersHash, rejectedHash));
    }

    /// @dev Checks and effects of a settlement: the fee moves from escrow to pending (spent after the dispute window).
    function _record(bytes32 jobId, JobRecord storage r, uint256 paidWork, uint256 rejections)
        internal
        returns (uint256 index, uint256 fee, bool completed)
    {
        if (paidWork == 0 && rejections == 0) revert MarketEmptySettlement(jobId);
        (State memory h, Terms memory t) = (r.state, r.terms);
        uint256 totalPaid = h.paidWorkWad + paidWork;
        if (totalPaid > t.workWad) revert MarketSettlementExceedsWork(totalPaid, t.workWad);
        fee = _feeAt(totalPaid, t.pricePerIbmWad) - _feeAt(h.paidWorkWad, t.pricePerIbmWad);
        completed = totalPaid == t.workWad;
        index = h.settlements;
        // Narrowing: paid work <= workWad (< 2^96); pending fees <= the quote's fee (< 2^96).
        r.state = State(
            completed ? Status.Completed : Status.Running,
            h.threshold,
            h.settlements + 1,
            uint32(block.timestamp),
            uint96(totalPaid),
            uint96(h.pendingFee + fee)
        );
    }

    /// @dev Recovers the signature of each seat whose bit is set: it must be the seat's operator; at least the job's
    ///      threshold of seats. Distinct signers by construction (one bit per seat).
    function _verifySigners(bytes32 digest, Seat[] calldata committee, Signatures calldata sigs, uint256 threshold)
        internal
        pure
        returns (uint256[] memory signerIds)
    {
        uint256 seats = sigs.seats;
        uint256 count = _popCount(seats);
        if (seats >> committee.length != 0 || sigs.compact.length != 2 * count) {
            revert MarketMalformedSignatures(seats, sigs.compact.length);
        }
        if (count < threshold) revert MarketTooFewSignatures(count, threshold);
        signerIds = new uint256[](count);
        uint256 j;
        for (uint256 seat; seats != 0; ++seat) {
            if (seats & 1 != 0) {
                address signer = ECDSA.recover(digest, sigs.compact[2 * j], sigs.compact[2 * j + 1]);
                if (signer != committee[seat].operator) revert MarketSignerNotInCommittee(seat, signer);
                signerIds[j++] = committee[seat].verifierId;
            }
            seats >>= 1;
        }
    }

    function _popCount(uint256 x) internal pure returns (uint256 count) {
        for (; x != 0; x &= x - 1) {
            ++count;
        }
    }

    // ------------------------------------------------------------------ disputes and fees

    /// @inheritdoc IJobMarket
    function setDisputes(address disputes_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (disputes_ == address(0)) revert MarketZeroAddress();
        if (disputes != address(0)) revert MarketDisputesAlreadySet(disputes);
        disputes = disputes_;
        emit DisputesSet(disputes_);
    }

    /// @inheritdoc IJobMarket
    function holdDisputedTask(
        address artist,
        bytes32 jobId,
        uint256 settlementIndex,
        TaskOutcome calldata o,
        bytes32[] calldata proof,
        Seat[] calldata committee,
        bytes32[] calldata roots,
        ResultProof calldata result
    ) external nonReentrant returns (HeldTask memory h) {
        address disputes_ = _onlyDisputes();
        JobRecord storage r = _jobs[jobId];
        if (r.state.status == Status.None) revert MarketUnknownJob(jobId);
        if (artist != r.parties.artist) revert MarketNotArtist(jobId, artist);
        _checkDisputable(jobId, r, settlementIndex, o, proof, committee, roots);
        // An upheld dispute slashes the outcome's worker: only the worker that signed this very result can be named,
        // whatever a committee wrote into its root.
        if (result.resultCid != o.resultCid) revert MarketResultNotTheOutcomes(o.taskIndex, o.resultCid, result.resultCid);
        _checkResultProof(jobId, o.taskIndex, o.workerId, result);
        h = _holdTaskFee(r, o.workWad, disputes_);
    }

    /// @dev Only the disputed task's share of the fee is held back: the rest of the job's fee is released (and burned)
    ///      on time whatever the dispute becomes.
    function _holdTaskFee(JobRecord storage r, uint256 workWad, address to) internal returns (HeldTask memory h) {
        uint256 pending = r.state.pendingFee;
        uint256 price = r.terms.pricePerIbmWad;
        uint256 held = Math.min(_feeAt(workWad, price), pending);
        r.state.pendingFee = uint96(pending - held); // held <= pending
        h = HeldTask(held, Math.min(workWad, (held * _WAD) / price), r.terms.managerId);
        if (held != 0) credits.move(address(this), to, held);
    }

    /// @inheritdoc IJobMarket
    function creditDisputedWork(uint256 managerId, uint256 workWad) external {
        _onlyDisputes();
        uint256[] memory entry = new uint256[](1);
        entry[0] = SettlementCodec.packWorker(managerId, uint128(workWad)); // workWad <= a task's work (< 2^96)
        rewards.creditManagers(entry, workWad);
    }

    function _onlyDisputes() internal view returns (address disputes_) {
        disputes_ = disputes;
        if (msg.sender != disputes_ || disputes_ == address(0)) revert MarketNotDisputes(msg.sender);
    }

    /// @dev The outcome is an accepted task under settlement `settlementIndex` of the job's trail, within the dispute
    ///      window that runs from the job's latest settlement, and that settlement's fee is not released yet.
    function _checkDisputable(
        bytes32 jobId,
        JobRecord storage r,
        uint256 settlementIndex,
        TaskOutcome calldata o,
        bytes32[] calldata proof,
        Seat[] calldata committee,
        bytes32[] calldata roots
    ) internal view {
        State memory h = r.state;
        uint256 window = params.get(ParamKeys.DISPUTE_WINDOW_SECONDS);
        if (settlementIndex >= h.settlements || block.timestamp > h.lastSettledAt + window) {
            revert MarketDisputeWindowClosed(h.lastSettledAt, window, block.timestamp);
        }
        uint256 released = r.parties.releasedSettlements;
        if (settlementIndex < released) revert MarketSettlementReleased(jobId, settlementIndex, released);
        if (roots.length != h.settlements || _trail(_committeeHash(committee), roots) != r.seal) {
            revert MarketWrongCommittee(jobId);
        }
        if (!MerkleProof.verifyCalldata(proof, roots[settlementIndex], MarketHashing.outcomeLeaf(o))) {
            revert MarketInvalidOutcomeProof(jobId, settlementIndex);
        }
        if (!o.accepted) revert MarketOutcomeNotAccepted(o.taskIndex);
    }

    /// @inheritdoc IJobMarket
    function releaseFees(bytes32[] calldata jobIds) external nonReentrant {
        uint256 window = params.get(ParamKeys.DISPUTE_WINDOW_SECONDS);
        uint256 total;
        ManagerCredits memory m = ManagerCredits(new uint256[](jobIds.length), 0, 0, 0, 0);
        for (uint256 i; i < jobIds.length; ++i) {
            JobRecord storage r = _jobs[jobIds[i]];
            State memory h = r.state;
            uint256 fee = h.pendingFee;
            // A dispute holds its own task's share apart (`holdDisputedTask`): the rest is released on time.
            if (fee == 0 || block.timestamp <= h.lastSettledAt + window) continue;
            r.state.pendingFee = 0;
            r.parties.releasedSettlements = h.settlements; // their fees are spent: no longer disputable
            total += fee;
            emit FeesReleased(jobIds[i], fee);
            Terms memory t = r.terms;
            // The fee was rounded up: its work in IBM, rounded down, can still exceed the work paid when the price is
            // dust (1 wei per IBM makes a 1-wei fee worth 1 IBM). Never more than the job's paid work.
            _addManagerCredit(m, t.managerId, Math.min((fee * _WAD) / t.pricePerIbmWad, h.paidWorkWad));
        }
        if (total == 0) return;
        uint256[] memory entries = m.entries;
        if (m.work != 0) entries[m.count++] = SettlementCodec.packWorker(m.managerId, uint128(m.work));
        assembly ("memory-safe") {
            mstore(entries, mload(add(m, 0x20))) // entries.length = m.count
        }
        rewards.creditManagers(entries, m.total);
        // One spend for the batch: the burn and the foundation see the same stablecoin either way.
        credits.spend(address(this), total);
    }

    /// @dev Consecutive jobs of one manager (a keeper releases its own jobs in batches) make one credit.
    struct ManagerCredits {
        uint256[] entries;
        uint256 count;
        uint256 managerId;
        uint256 work;
        uint256 total;
    }

    function _addManagerCredit(ManagerCredits memory m, uint256 managerId, uint256 workWad) internal pure {
        if (managerId != m.managerId && m.work != 0) {
            m.entries[m.count++] = SettlementCodec.packWorker(m.managerId, uint128(m.work));
            m.work = 0;
        }
        m.managerId = managerId;
        m.work += workWad;
        m.total += workWad;
    }

    // ------------------------------------------------------------------ views and helpers

    /// @inheritdoc IJobMarket
    function job(bytes32 jobId) external view returns (Job memory j) {
        JobRecord storage r = _jobs[jobId];
        (State memory h, Parties memory p, Terms memory t) = (r.state, r.parties, r.terms);
        bool drawn = h.threshold != 0;
        j = Job(
            p.artist,
            h.status,
            h.threshold,
            h.settlements,
            p.releasedSettlements,
            h.lastSettledAt,
            t.deadline,
            h.paidWorkWad,
            h.pendingFee,
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
    function taskResultDigest(bytes32 jobId, uint32 taskIndex, bytes32 resultCid) external view returns (bytes32) {
        return _hashTypedDataV4(MarketHashing.hashTaskResult(jobId, taskIndex, resultCid));
    }

    /// @inheritdoc IJobMarket
    function taskRejected(bytes32 jobId, uint32 taskIndex) external view returns (bool) {
        return _rejectedTasks[jobId][taskIndex >> 8] & (1 << (taskIndex & 0xff)) != 0;
    }

    /// @inheritdoc IJobMarket
    function committeeHashOf(Seat[] calldata committee) external pure returns (bytes32) {
        return _committeeHash(committee);
    }

    /// @dev `keccak256(abi.encode(committee))` hashed straight from calldata: a `Seat` is two static words, so the
    ///      calldata array (length, then the seats) is that encoding without its leading offset word. A seat with dirty
    ///      address bits hashes differently and is refused as a wrong committee.
    function _committeeHash(Seat[] calldata committee) internal pure returns (bytes32 hash) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, 0x20)
            let size := add(0x20, mul(committee.length, 0x40))
            calldatacopy(add(ptr, 0x20), sub(committee.offset, 0x20), size)
            hash := keccak256(ptr, add(size, 0x20))
        }
    }

    /// @dev What an open job still holds for its artist: the quote's fee less the fee of the work paid so far.
    function _escrowOf(JobRecord storage r) internal view returns (uint256) {
        Status status = r.state.status;
        if (status != Status.Created && status != Status.Running) return 0;
        (uint256 work, uint256 price) = (r.terms.workWad, r.terms.pricePerIbmWad);
        return _feeAt(work, price) - _feeAt(r.state.paidWorkWad, price);
    }

    /// @dev The fee of `workWad` at `pricePerIbmWad`, rounded up (the quote's rounding). Both are below 2^128 (quotes
    ///      are checked against the packed job's 96-bit fields before any fee is charged), so the product fits.
    function _feeAt(uint256 workWad, uint256 pricePerIbmWad) internal pure returns (uint256) {
        return (workWad * pricePerIbmWad + _WAD - 1) / _WAD;
    }

    function _trail(bytes32 start, bytes32[] calldata roots) internal pure returns (bytes32 trail) {
        trail = start;
        for (uint256 i; i < roots.length; ++i) {
            trail = keccak256(abi.encode(trail, roots[i]));
        }
    }

    function _requireArtist(bytes32 jobId) internal view returns (JobRecord storage r) {
        r = _jobs[jobId];
        if (r.state.status == Status.None) revert MarketUnknownJob(jobId);
        if (msg.sender != r.parties.artist) revert MarketNotArtist(jobId, msg.sender);
    }

    function _isLiveManager(address signer, uint256 managerId) internal view returns (bool) {
        if (signer == address(0) || registry.licenseOfOperator(signer) != managerId) return false;
        INodeRegistry.NodeStatus memory n = registry.status(managerId);
        return n.kind == INodeLicense.Kind.Manager && n.registered && !n.retired && !n.blacklisted;
    }
}
