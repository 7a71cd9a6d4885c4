// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

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

    struct Job {
        address artist;
        Status status;
        uint64 deadline;
        uint64 seedBlock;
        uint64 lastSettledAt;
        uint32 settlements;
        uint32 releasedSettlements;
        uint32 openDisputes;
        uint256 managerId;
        uint128 workWad;
        uint128 paidWorkWad;
        uint128 pricePerIbmWad;
        uint128 escrow;
        uint128 pendingFee;
        bytes32 committeeHash;
    }

    /// @notice One worker's accepted work in a settlement.
    struct WorkerWork {
        uint256 licenseId;
        uint128 workWad;
    }

    /// @notice A rejected task and the worker who rendered it.
    struct Rejection {
        uint256 licenseId;
        uint32 taskIndex;
    }

    /// @notice What the committee signs (EIP-712 `Settlement`, with the job id and the settlement's index).
    struct Settlement {
        bytes32 outcomesRoot;
        WorkerWork[] workers;
        Rejection[] rejected;
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
    error MarketWrongCommittee(bytes32 jobId);
    error MarketSignerNotInCommittee(address signer);
    error MarketDuplicateSigner(address signer);
    error MarketTooFewSignatures(uint256 signatures, uint256 threshold);
    error MarketSettlementExceedsWork(uint256 paidWorkWad, uint256 workWad);
    error MarketEmptySettlement(bytes32 jobId);
    error MarketDisputeWindowClosed(uint256 lastSettledAt, uint256 windowSeconds, uint256 nowTimestamp);
    /// @notice The settlement's fees were already released (spent): it can no longer be disputed.
    error MarketSettlementReleased(bytes32 jobId, uint256 settlementIndex, uint256 releasedSettlements);
    error MarketInvalidOutcomeProof(bytes32 jobId, uint256 settlementIndex);
    error MarketOutcomeNotAccepted(uint32 taskIndex);
    error MarketDisputeExists(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex);
    error MarketNoOpenDispute(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex);

    /// @notice Emitted when a job opens, with the whole signed quote (the indexer keeps it).
    event JobCreated(bytes32 indexed jobId, address indexed artist, uint256 indexed managerId, Quote quote, uint256 seedBlock);
    event CommitteeReseeded(bytes32 indexed jobId, uint256 seedBlock);
    event CommitteeDrawn(bytes32 indexed jobId, uint256[] verifierIds, bytes32 seed);
    event JobSettled(
        bytes32 indexed jobId,
        uint256 indexed settlementIndex,
        bytes32 outcomesRoot,
        uint256 paidWorkWad,
        uint256 fee,
        uint256 rejected,
        uint256[] signerIds
    );
    event JobClosed(bytes32 indexed jobId, Status status, uint256 refunded);
    event FeesReleased(bytes32 indexed jobId, uint256 fee);
    event DisputeOpened(bytes32 indexed jobId, uint256 indexed settlementIndex, uint32 taskIndex, uint256 workerId);
    event DisputeResolved(
        bytes32 indexed jobId, uint256 indexed settlementIndex, uint32 taskIndex, bool upheld, uint256 refunded
    );

    /// @notice Escrows the quote's fee and opens the job (the quote's artist only).
    function createJob(Quote calldata quote, bytes calldata managerSignature) external;
    /// @notice Draws the job's committee from the seed block's hash (anyone; reseeds if that hash has expired).
    function drawCommittee(bytes32 jobId) external;
    /// @notice Settles accepted work of a job (anyone may submit the committee's signatures).
    function settle(
        bytes32 jobId,
        Settlement calldata settlement,
        uint256[] calldata committee,
        bytes[] calldata signatures
    ) external;
    /// @notice Refunds the whole escrow of a job whose committee is not drawn yet (the artist).
    function cancel(bytes32 jobId) external;
    /// @notice After the deadline, refunds the unsettled escrow (the artist).
    function reclaim(bytes32 jobId) external;
    /// @notice Flags an accepted task of a settlement as bad (the artist), within the dispute window that runs from the
    ///         job's latest settlement, and only while that settlement's fee is held (not yet released).
    function dispute(bytes32 jobId, uint256 settlementIndex, TaskOutcome calldata outcome, bytes32[] calldata proof)
        external;
    /// @notice Resolves a dispute (DEFAULT_ADMIN_ROLE, the DAO): upheld refunds the task's fee and slashes the worker.
    function resolveDispute(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex, bool upheld) external;
    /// @notice Spends the settled fees of jobs past their dispute window (anyone; keepers batch it).
    function releaseFees(bytes32[] calldata jobIds) external;

    function job(bytes32 jobId) external view returns (Job memory);
    function settlementRoot(bytes32 jobId, uint256 settlementIndex) external view returns (bytes32);
    function quoteDigest(Quote calldata quote) external view returns (bytes32);
    function settlementDigest(bytes32 jobId, uint256 settlementIndex, Settlement calldata settlement)
        external
        view
        returns (bytes32);
}
