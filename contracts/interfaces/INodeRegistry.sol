// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {INodeLicense} from "./INodeLicense.sol";

/// @title INodeRegistry
/// @notice Nodes (WP §VI-I): a license holder registers the node its license runs (one license, at most one node),
///         with the daemon's operator key, a public encryption key for PoR keys, its price per IBM P(n) and a metadata
///         URI. Holds each node's IB (WP eq. 19, posted in batches by benchmark managers), its participation (WP §VI-J2)
///         and its blacklist status (WP §VI-I4), in O(1) storage per node.
/// @dev A node is identified by its license's token id. The node belongs to whoever holds the license: transferring
///      the license transfers the node, its history and its stake.
interface INodeRegistry {
    /// @notice One benchmark result: node `licenseId` rendered a frame of `sceneId` in `frameTimeMs` on average (T_G).
    struct Benchmark {
        uint256 licenseId;
        bytes32 sceneId;
        uint256 frameTimeMs;
    }

    struct Node {
        INodeLicense.Kind kind;
        bool registered;
        bool active;
        bool blacklisted;
        bool retired;
        bool benchmarked;
        address operator;
        uint128 ibWad;
        uint128 pricePerIbmWad;
        uint64 registeredEpoch;
        uint64 lastActiveEpoch;
        uint32 activeEpochs;
        uint64 rejectionEpoch;
        uint32 rejectionsInEpoch;
        bytes encryptionKey;
        string metadataURI;
    }

    /// @notice The fixed-size part of a node: what contracts read on hot paths (no key or URI copied).
    struct NodeStatus {
        INodeLicense.Kind kind;
        bool registered;
        bool active;
        bool blacklisted;
        bool retired;
        uint128 ibWad;
        uint128 pricePerIbmWad;
        address operator;
    }

    error NodeNotLicenseOwner(uint256 licenseId, address caller, address owner);
    error NodeNotOwnerOrOperator(uint256 licenseId, address caller);
    error NodeAlreadyRegistered(uint256 licenseId);
    error NodeNotRegistered(uint256 licenseId);
    error NodeIsBlacklisted(uint256 licenseId);
    error NodeIsRetired(uint256 licenseId);
    error NodeInvalidOperator(address operator);
    error NodeOperatorInUse(address operator, uint256 licenseId);
    error NodeInvalidEncryptionKey(uint256 length);
    error NodeInvalidPrice(INodeLicense.Kind kind, uint256 pricePerIbmWad);
    error NodeInvalidFrameTime(uint256 licenseId, uint256 frameTimeMs);
    error NodeNotBlacklisted(uint256 licenseId);

    event NodeRegistered(
        uint256 indexed licenseId,
        address indexed owner,
        INodeLicense.Kind kind,
        address operator,
        bytes encryptionKey,
        uint256 pricePerIbmWad,
        string metadataURI,
        uint256 epoch,
        uint256 ibWad
    );
    event NodeUpdated(
        uint256 indexed licenseId, address operator, bytes encryptionKey, uint256 pricePerIbmWad, string metadataURI
    );
    event NodeActiveSet(uint256 indexed licenseId, bool active);
    /// @notice Emitted for every benchmark: the requested IB and the one applied after the per-epoch bound.
    event IbUpdated(
        uint256 indexed licenseId,
        bytes32 indexed sceneId,
        uint256 frameTimeMs,
        uint256 requestedIbWad,
        uint256 ibWad,
        uint256 epoch,
        address reporter
    );
    event NodeParticipated(uint256 indexed licenseId, uint256 indexed epoch, uint256 activeEpochs);
    event RejectionRecorded(uint256 indexed licenseId, uint256 indexed epoch, uint256 rejectionsInEpoch);
    event NodeBlacklisted(uint256 indexed licenseId, bool byDao);
    /// @notice The DAO lifted a node's blacklisting (it is back in service, offline until its owner sets it active).
    event NodeBlacklistCleared(uint256 indexed licenseId);
    event NodeRetired(uint256 indexed licenseId);

    /// @notice Registers the node run under `licenseId` (the license holder only).
    function register(
        uint256 licenseId,
        address operator,
        bytes calldata encryptionKey,
        uint128 pricePerIbmWad,
        string calldata metadataURI
    ) external;
    /// @notice Updates a node's operator key, encryption key, price and metadata (the license holder only).
    function update(
        uint256 licenseId,
        address operator,
        bytes calldata encryptionKey,
        uint128 pricePerIbmWad,
        string calldata metadataURI
    ) external;
    /// @notice Declares the node online or offline (the license holder or the operator).
    function setActive(uint256 licenseId, bool active) external;
    /// @notice Posts IB(n) = T_G^0 / T_G for many nodes (BENCHMARK_ROLE, WP eq. 19, §VI-I3). A node's first benchmark
    ///         is not bounded. After it, the governed factor `maxIbChangeBps` bounds a node's IB *per epoch*: every
    ///         benchmark of a node in an epoch is clamped to [anchor / factor, anchor x factor], where the anchor is
    ///         the node's IB at the start of the epoch (or its first benchmark, when that was in the epoch). Several
    ///         entries for one node in one call, several calls in an epoch or several benchmark managers are all
    ///         accepted, the latest applied, and none of them compounds the bound; the next epoch moves from the IB
    ///         the previous one ended with. Nothing is refused for repetition, so one manager's batch never reverts
    ///         because another posted the same node first. A benchmark counts as participation.
    /// @dev Warning: a benchmark manager can still move a node's IB by the factor each epoch; the DAO bounds the
    ///      factor (`maxIbChangeBps`) and grants the role.
    function postBenchmarks(Benchmark[] calldata benchmarks) external;
    /// @notice Records that the node was active in the current epoch (REPORTER_ROLE); reverts unless it is live.
    function markActive(uint256 licenseId) external;
    /// @notice The epoch minter's variant of `markActive` (REPORTER_ROLE): never reverts, so that a node retired or
    ///         blacklisted after doing its work cannot block the settlement or fee release that credits it. Marks the
    ///         node active only when live, and returns what the caller needs to decide its credit.
    function participate(uint256 licenseId)
        external
        returns (INodeLicense.Kind kind, bool registered, bool live);
    /// @notice Records a rejected task (REPORTER_ROLE: staking, on a slash); the governed count in one epoch
    ///         blacklists the node until a DAO vote clears it.
    function recordRejection(uint256 licenseId) external;
    /// @notice Blacklists a node by DAO vote (DEFAULT_ADMIN_ROLE: the timelock).
    function blacklist(uint256 licenseId) external;
    /// @notice Lifts a node's blacklisting by DAO vote (DEFAULT_ADMIN_ROLE: the timelock), for example after rejections
    ///         a dispute found wrong, and resets its rejection count of the epoch.
    function clearBlacklist(uint256 licenseId) external;
    /// @notice Retires a node whose license was bought back (BUYBACK_ROLE).
    function retire(uint256 licenseId) external;

    function node(uint256 licenseId) external view returns (Node memory);
    /// @notice The node's status without its dynamic fields (cheaper for contracts).
    function status(uint256 licenseId) external view returns (NodeStatus memory);
    /// @notice The license run by an operator key (0 when none).
    function licenseOfOperator(address operator) external view returns (uint256);
    /// @notice The license an operator key was ever registered for (0 when none), kept after the key is rotated out or
    ///         the node retired: a key serves one license for good, so what it signed (a worker's task result) always
    ///         names that license, and rotating the key never disowns a signature.
    function boundLicenseOf(address operator) external view returns (uint256);
    /// @notice The license contract whose tokens identify nodes.
    function license() external view returns (INodeLicense);
    /// @notice Completed epochs since registration in which the node was active, over those epochs, in basis points.
    function participationBps(uint256 licenseId) external view returns (uint256);
    /// @notice The two numbers behind `participationBps`: active completed epochs and completed epochs since
    ///         registration (the current epoch is not completed and counts in neither).
    function participation(uint256 licenseId) external view returns (uint256 activeEpochs, uint256 completedEpochs);
    /// @notice Live verifier nodes (registered, not retired, not blacklisted), for committee draws.
    function verifierCount() external view returns (uint256);
    /// @notice The `index`-th live verifier node.
    function verifierAt(uint256 index) external view returns (uint256 licenseId);
    /// @notice Sum of IB over live worker nodes (WAD): apparent IBM per minute, for IBME (WP eq. 20).
    function totalWorkerIbWad() external view returns (uint256);
    /// @notice The license holder (the node's owner).
    function ownerOf(uint256 licenseId) external view returns (address);
}
