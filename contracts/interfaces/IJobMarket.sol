// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {INodeLicense} from "./INodeLicense.sol";

/// @title IJobMarket
/// @notice Render jobs (WP §I-A, Fig. 1, eq. 17): an artist escrows ifxDollar for a quote signed by a manager; a
///         committee of k verifiers is drawn from a future block's hash; ONE transaction per settlement pays the fee of
///         the accepted work (W x P), credits the epoch, slashes rejected workers and records the Merkle root of the
///         task outcomes, signed (EIP-712) by at least `threshold` committee members (WP §III-F3). Settled fees stay in
///         escrow for the dispute window, then are spent (80% buy-and-burn, 20% foundation, WP §VI-D).
/// @dev Cost per settlement is O(workers + rejections + signers), never O(tasks): task outcomes live off-chain under the
///      root, each provable with `MerkleProof`. Leaves are OpenZeppelin merkle-tree leaves of
///      `(uint32 taskIndex, uint256 workerId, bytes32 resultCid, bool accepted, uint128 workWad)`.
interface IJobMarket {
    enum Status {
        None,
        Created,
        Running,
        Completed,
        Cancelled,
        Expired
    }

    /// @notice What a manager signs (EIP-712 `Quote`). Work is WAD IBM; the price is ifxDollar (WAD) per IBM; the fee is
    ///         `ceil(workWad x pricePerIbmWad / 1e18)`. `keysCommitment` commits to the per-task PoR key hashes.
    struct Quote {
        bytes32 jobId;
        address artist;
        bytes32 sceneCid;
        uint32 frameStart;
        uint32 frameEnd;
        uint32 taskCount;
        uint128 workWad;
        uint128 pricePerIbmWad;
        uint128 fee;
        uint128 ibFloorWad;
        bytes32 keysCommitment;
        uint64 expiry;
        uint64 deadline;
        uint256 managerId;
    }

    /// @notice A job as stored, plus its escrow. Amounts are packed: work and fees below 2^96 wei, prices below 2^96
    ///         per IBM, manager license ids below 2^32, deadlines before 2106 (quotes beyond are refused).
    ///         Before its committee is drawn, a job holds `seedBlock`; from then on `trail`, the hash chain
    ///         `keccak256(committeeHash, root_0, ..., root_n)` of its committee and its settlements' outcome roots,
    ///         so one word stores all of them: every root stays provable (`dispute` takes the chain).
    struct Job {
        address artist;
        Status status;
        uint8 threshold;
        uint16 settlements;
        uint16 releasedSettlements;
        uint32 lastSettledAt;
        uint32 deadline;
        uint96 paidWorkWad;
        uint96 pendingFee;
        uint96 workWad;
        uint96 pricePerIbmWad;
        uint32 managerId;
        uint256 escrow;
        uint64 seedBlock;
        bytes32 trail;
    }

    /// @notice The committee's signatures over a settlement: a bit per committee seat that signed (seat i is bit i) and,
    ///         for each set bit in ascending order, the seat's EIP-2098 compact signature `(r, yParityAndS)`.
    struct Signatures {
        uint256 seats;
        bytes32[] compact;
    }

    /// @notice A committee seat: the verifier and the operator key it signs with, fixed when the committee is drawn.
    struct Seat {
        uint256 verifierId;
        address operator;
    }

    /// @notice What the committee signs (EIP-712 `Settlement`, with the job id and the settlement's index). Entries are
    ///         packed words (see `SettlementCodec`), so that a settlement costs one calldata word, one hash word and one
    ///         event word per worker: `workers[i] = licenseId << 128 | workWad` (the worker's accepted work) and
    ///         `rejected[i] = licenseId << 32 | taskIndex` (a rejected task and the worker who rendered it).
    struct Settlement {
        bytes32 outcomesRoot;
        uint256[] workers;
        uint256[] rejected;
    }

    /// @notice A worker's signed result of a rejected task: the result's CID word and the worker operator's EIP-2098
    ///         compact signature `(r, vs)` over EIP-712 `TaskResult(jobId, taskIndex, resultCid)`. One per entry of
    ///         `Settlement.rejected`, in the same order.
    struct ResultProof {
        bytes32 resultCid;
        bytes32 r;
        bytes32 vs;
    }

    /// @notice A task outcome, as a leaf of a settlement's root.
    struct TaskOutcome {
        uint32 taskIndex;
        uint256 workerId;
        bytes32 resultCid;
        bool accepted;
        uint128 workWad;
    }

    error MarketJobExists(bytes32 jobId);
    error MarketUnknownJob(bytes32 jobId);
    error MarketQuoteNotForCaller(address artist, address caller);
    error MarketQuoteExpired(uint256 expiry, uint256 nowTimestamp);
    error MarketQuoteInvalid(bytes32 jobId);
    error MarketQuoteFeeMismatch(uint256 fee, uint256 expectedFee);
    error MarketQuoteSignerNotManager(address signer, uint256 managerId);
    error MarketWrongStatus(bytes32 jobId, Status status);
    error MarketNotArtist(bytes32 jobId, address caller);
    error MarketDeadlineNotReached(uint256 deadline, uint256 nowTimestamp);
    error MarketSeedNotReady(uint256 seedBlock, uint256 blockNumber);
    error MarketTooFewVerifiers(uint256 available, uint256 needed);
    error MarketCommitteeUnavailable(bytes32 jobId);
    /// @notice The committee or the earlier settlement roots given do not hash to the job's trail.
    error MarketWrongCommittee(bytes32 jobId);
    /// @notice The signature given for a committee seat does not recover to the seat's operator.
    error MarketSignerNotInCommittee(uint256 seat, address signer);
    /// @notice Seat bits beyond the committee, or not two words per set bit.
    error MarketMalformedSignatures(uint256 seats, uint256 words);
    error MarketTooFewSignatures(uint256 signatures, uint256 threshold);
    error MarketSettlementExceedsWork(uint256 paidWorkWad, uint256 workWad);
    error MarketEmptySettlement(bytes32 jobId);
    error MarketDisputeWindowClosed(uint256 lastSettledAt, uint256 windowSeconds, uint256 nowTimestamp);
    /// @notice The settlement's fees were already released (spent): it can no longer be disputed.
    error MarketSettlementReleased(bytes32 jobId, uint256 settlementIndex, uint256 releasedSettlements);
    error MarketInvalidOutcomeProof(bytes32 jobId, uint256 settlementIndex);
    error MarketOutcomeNotAccepted(uint32 taskIndex);
    /// @notice The quote's deadline is further away than the longest job allowed (`maxJobSeconds`).
    error MarketDeadlineTooFar(uint256 deadline, uint256 maxDeadline);
    /// @notice The job's deadline has passed: its work can no longer be settled (the artist may reclaim).
    error MarketDeadlinePassed(uint256 deadline, uint256 nowTimestamp);
    /// @notice A settlement's rejected entries and their result proofs differ in number.
    error MarketRejectionProofsMismatch(uint256 rejections, uint256 proofs);
    /// @notice A rejected task index is not a task of the job (its quote has `taskCount` tasks).
    error MarketTaskOutOfRange(bytes32 jobId, uint32 taskIndex, uint256 taskCount);
    /// @notice The task was already rejected (and its worker slashed) by a settlement of this job.
    error MarketTaskAlreadyRejected(bytes32 jobId, uint32 taskIndex);
    /// @notice The task's result proof is not signed by an operator key of the license named.
    error MarketResultNotSigned(uint32 taskIndex, uint256 licenseId, address signer);
    /// @notice The disputed outcome's result is not the one the worker signed.
    error MarketResultNotTheOutcomes(uint32 taskIndex, bytes32 outcomeResult, bytes32 signedResult);
    /// @notice Only registered workers are slashed through a settlement or a dispute: the license named is another kind
    ///         of node, or no node.
    error MarketNotWorker(uint256 licenseId, INodeLicense.Kind kind);
    /// @notice Only the disputes contract (`disputes()`) holds and credits disputed tasks.
    error MarketNotDisputes(address caller);
    error MarketDisputesAlreadySet(address current);
    error MarketZeroAddress();

    /// @notice Emitted when a job opens, with the whole signed quote (the indexer keeps it).
    event JobCreated(bytes32 indexed jobId, address indexed artist, uint256 indexed managerId, Quote quote, uint256 seedBlock);
    event CommitteeReseeded(bytes32 indexed jobId, uint256 seedBlock);
    event CommitteeDrawn(bytes32 indexed jobId, Seat[] committee, bytes32 committeeHash, bytes32 seed);
    /// @notice One settlement. The workers' entries are not repeated here (a word of log data each): they are in the
    ///         `settle` call's input, which the indexer reads (the transaction's input, or its call trace when the
    ///         settlement came through another contract) and checks against `workersHash`, the keccak of the packed
    ///         entries that the committee signed. Rejected tasks are there too (each is also a `Slashed` event of the
    ///         staking contract); `signedSeats` has a bit per committee seat that signed; `completed` when the job's
    ///         work is all paid.
    event JobSettled(
        bytes32 indexed jobId,
        uint256 indexed settlementIndex,
        bytes32 outcomesRoot,
        bytes32 workersHash,
        uint256 paidWorkWad,
        uint256 fee,
        uint256 signedSeats,
        bool completed
    );
    event JobClosed(bytes32 indexed jobId, Status status, uint256 refunded);
    /// @notice A cancel after the seed block paid `fee` of the escrow (spent like a settled fee; see `cancel`).
    event CancelFeeCharged(bytes32 indexed jobId, uint256 fee);
    event FeesReleased(bytes32 indexed jobId, uint256 fee);
    /// @notice The disputes contract was set (once).
    event DisputesSet(address disputes);

    /// @notice Escrows the quote's fee and opens the job (the quote's artist only).
    function createJob(Quote calldata quote, bytes calldata managerSignature) external;
    /// @notice Draws the job's committee from the seed block's hash (anyone; reseeds if that hash has expired).
    function drawCommittee(bytes32 jobId) external;
    /// @notice Settles accepted work of a job (anyone may submit the committee's signatures).
    ///         `committee` is the drawn committee (`CommitteeDrawn`) and `priorRoots` the roots of the job's earlier
    ///         settlements, in order (none for the first): together they must hash to the job's trail.
    ///         `rejectedResults` proves each rejection: the rejected worker's own signed result of that task. Only a
    ///         worker license whose operator key signed a result of a task of this job can be slashed, once per task,
    ///         at most the quote's task count over the job's life.
    /// @dev Warning: the committee judges results; a colluding committee majority can still reject a good result of a
    ///      worker of this job (README "Security model": the honest-majority assumption and what it bounds).
    function settle(
        bytes32 jobId,
        Settlement calldata settlement,
        Seat[] calldata committee,
        bytes32[] calldata priorRoots,
        Signatures calldata signatures,
        ResultProof[] calldata rejectedResults
    ) external;
    /// @notice Refunds the escrow of a job whose committee is not drawn yet (the artist). Once the seed block is mined
    ///         (the committee can be computed), `cancelFeeBps` of the escrow is kept and spent like a fee: cancelling
    ///         and ordering again to redraw the committee is not free.
    function cancel(bytes32 jobId) external;
    /// @notice After the deadline, refunds the unsettled escrow (the artist).
    function reclaim(bytes32 jobId) external;
    /// @notice What a dispute holds of its job: the task's share of the pending fee (moved to the disputes contract),
    ///         the work it credits the manager if it is spent, and that manager.
    struct HeldTask {
        uint256 heldFee;
        uint256 creditWorkWad;
        uint256 managerId;
    }

    /// @notice Checks a dispute of an accepted task and holds back its share of the fee (the disputes contract only,
    ///         for `artist`, who must be the job's): within the dispute window that runs from the job's latest
    ///         settlement, while that settlement's fee is held; `committee` and `roots` hash to the job's trail;
    ///         `proof` proves the outcome under root `settlementIndex`; `result` is the outcome worker's own signed
    ///         result, the same result, and that worker is a registered worker. The rest of the job's fee is released
    ///         on time whatever the dispute becomes.
    function holdDisputedTask(
        address artist,
        bytes32 jobId,
        uint256 settlementIndex,
        TaskOutcome calldata outcome,
        bytes32[] calldata proof,
        Seat[] calldata committee,
        bytes32[] calldata roots,
        ResultProof calldata result
    ) external returns (HeldTask memory);
    /// @notice Credits a manager the work of a disputed task whose held fee is spent (the disputes contract only), as
    ///         `releaseFees` would have.
    function creditDisputedWork(uint256 managerId, uint256 workWad) external;
    /// @notice Sets the disputes contract, once (DEFAULT_ADMIN_ROLE, at deployment).
    function setDisputes(address disputes_) external;
    function disputes() external view returns (address);
    /// @notice Spends the settled fees of jobs past their dispute window (anyone; keepers batch it).
    function releaseFees(bytes32[] calldata jobIds) external;

    function job(bytes32 jobId) external view returns (Job memory);
    /// @notice The EIP-712 digest a worker signs for its result of task `taskIndex` of `jobId` (`TaskResult`).
    function taskResultDigest(bytes32 jobId, uint32 taskIndex, bytes32 resultCid) external view returns (bytes32);
    /// @notice Whether a settlement of the job has rejected task `taskIndex` (its worker slashed).
    function taskRejected(bytes32 jobId, uint32 taskIndex) external view returns (bool);
    /// @notice The hash a drawn committee is stored under (the start of the job's trail).
    function committeeHashOf(Seat[] calldata committee) external pure returns (bytes32);
    function quoteDigest(Quote calldata quote) external view returns (bytes32);
    function settlementDigest(bytes32 jobId, uint256 settlementIndex, Settlement calldata settlement)
        external
        view
        returns (bytes32);
}
