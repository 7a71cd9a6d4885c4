// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {ParamKeys} from "../params/ParamKeys.sol";

/// @title NodeRegistry
/// @notice See `INodeRegistry`.
/// @dev IB (WP eq. 19) is a WAD: 1e18 = one standard unit node. T_G^0 comes from the parameter registry per sample
///      scene; IB(n) = T_G^0 / T_G, bounded per node and epoch by `maxIbChangeBps` either way.
contract NodeRegistry is AccessControl, INodeRegistry {
    using EnumerableSet for EnumerableSet.UintSet;

    bytes32 public constant BENCHMARK_ROLE = keccak256("BENCHMARK_ROLE");
    bytes32 public constant REPORTER_ROLE = keccak256("REPORTER_ROLE");
    bytes32 public constant BUYBACK_ROLE = keccak256("BUYBACK_ROLE");

    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _WAD = 1e18;

    INodeLicense public immutable license;
    IParameterRegistry public immutable params;
    IEpochClock public immutable clock;

    mapping(uint256 licenseId => Node) internal _nodes;
    mapping(address operator => uint256 licenseId) public licenseOfOperator;
    /// @inheritdoc INodeRegistry
    mapping(address operator => uint256 licenseId) public boundLicenseOf;
    EnumerableSet.UintSet internal _verifiers;
    /// @inheritdoc INodeRegistry
    uint256 public totalWorkerIbWad;

    constructor(INodeLicense license_, IParameterRegistry params_, IEpochClock clock_, address admin) {
        license = license_;
        params = params_;
        clock = clock_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ owners

    /// @inheritdoc INodeRegistry
    function register(
        uint256 licenseId,
        address operator,
        bytes calldata encryptionKey,
        uint128 pricePerIbmWad,
        string calldata metadataURI
    ) external {
        address owner = _requireLicenseOwner(licenseId);
        Node storage n = _nodes[licenseId];
        if (n.blacklisted) revert NodeIsBlacklisted(licenseId);
        if (n.registered && !n.retired) revert NodeAlreadyRegistered(licenseId);
        INodeLicense.Kind kind = license.licenseOf(licenseId).kind;
        _checkProfile(kind, operator, encryptionKey, pricePerIbmWad, licenseId);

        uint256 epoch = clock.currentEpoch();
        uint256 initialIb = params.get(ParamKeys.INITIAL_IB_WAD);
        // A retired license re-registered by a new holder starts a new node: fresh history, no carried-over IB.
        delete _nodes[licenseId];
        n.kind = kind;
        n.registered = true;
        n.operator = operator;
        n.ibWad = uint128(initialIb); // bounded by the registry at 100e18
        n.pricePerIbmWad = pricePerIbmWad;
        n.registeredEpoch = uint64(epoch);
        n.encryptionKey = encryptionKey;
        n.metadataURI = metadataURI;
        licenseOfOperator[operator] = licenseId;
        boundLicenseOf[operator] = licenseId;
        _enterService(licenseId, kind, initialIb);
        emit NodeRegistered(licenseId, owner, kind, operator, encryptionKey, pricePerIbmWad, metadataURI, epoch, initialIb);
    }

    /// @inheritdoc INodeRegistry
    function update(
        uint256 licenseId,
        address operator,
        bytes calldata encryptionKey,
        uint128 pricePerIbmWad,
        string calldata metadataURI
    ) external {
        _requireLicenseOwner(licenseId);
        Node storage n = _requireLive(licenseId);
        if (operator != n.operator) {
            _checkProfile(n.kind, operator, encryptionKey, pricePerIbmWad, licenseId);
            delete licenseOfOperator[n.operator];
            licenseOfOperator[operator] = licenseId;
            boundLicenseOf[operator] = licenseId;
            n.operator = operator;
        } else {
            _checkKeyAndPrice(n.kind, encryptionKey, pricePerIbmWad);
        }
        n.encryptionKey = encryptionKey;
        n.pricePerIbmWad = pricePerIbmWad;
        n.metadataURI = metadataURI;
        emit NodeUpdated(licenseId, operator, encryptionKey, pricePerIbmWad, metadataURI);
    }

    /// @inheritdoc INodeRegistry
    function setActive(uint256 licenseId, bool active) external {
        Node storage n = _requireLive(licenseId);
        if (msg.sender != n.operator && msg.sender != IERC721(address(license)).ownerOf(licenseId)) {
            revert NodeNotOwnerOrOperator(licenseId, msg.sender);
        }
        n.active = active;
        emit NodeActiveSet(licenseId, active);
    }

    // ------------------------------------------------------------------ protocol roles

    /// @dev What a node's benchmarks in `epoch` are bounded against: its IB at the start of that epoch, or its first
    ///      benchmark when that was in the epoch. One word per benchmarked node, rewritten once per epoch.
    struct IbAnchor {
        uint64 epoch;
        uint128 ibWad;
    }

    mapping(uint256 licenseId => IbAnchor) internal _ibAnchors;

    /// @inheritdoc INodeRegistry
    function postBenchmarks(Benchmark[] calldata benchmarks) external onlyRole(BENCHMARK_ROLE) {
        uint256 epoch = clock.currentEpoch();
        uint256 maxChangeBps = params.get(ParamKeys.MAX_IB_CHANGE_BPS);
        bytes32 cachedScene;
        uint256 cachedReferenceMs;
        for (uint256 i; i < benchmarks.length; ++i) {
            Benchmark calldata b = benchmarks[i];
            Node storage n = _requireLive(b.licenseId);
            if (b.frameTimeMs == 0) revert NodeInvalidFrameTime(b.licenseId, b.frameTimeMs);
            if (i == 0 || b.sceneId != cachedScene) {
                cachedScene = b.sceneId;
                cachedReferenceMs = params.referenceTimeMs(b.sceneId);
            }
            uint256 requested = (cachedReferenceMs * _WAD) / b.frameTimeMs;
            uint256 applied = requested;
            if (!n.benchmarked) {
                // The first benchmark is unbounded and anchors the rest of its epoch. Narrowing: T_G^0 <= 1 day in ms
                // and T_G >= 1 ms bound IB below 2^128; epochs stay below 2^64.
                _ibAnchors[b.licenseId] = IbAnchor(uint64(epoch), uint128(requested));
            } else {
                // Bounded against the epoch's anchor, not the IB of the previous entry: entries of one call, calls of
                // one epoch and several benchmark managers cannot compound the bound.
                IbAnchor memory anchor = _ibAnchors[b.licenseId];
                if (anchor.epoch != epoch) {
                    anchor = IbAnchor(uint64(epoch), n.ibWad);
                    _ibAnchors[b.licenseId] = anchor;
                }
                uint256 ceiling = (uint256(anchor.ibWad) * maxChangeBps) / _BPS;
                uint256 floor = Math.mulDiv(anchor.ibWad, _BPS, maxChangeBps, Math.Rounding.Ceil);
                applied = Math.min(Math.max(requested, floor), ceiling);
            }
            n.benchmarked = true;
            if (n.kind == INodeLicense.Kind.Worker) totalWorkerIbWad = totalWorkerIbWad + applied - n.ibWad;
            n.ibWad = uint128(applied); // T_G^0 <= 1 day in ms and T_G >= 1 ms bound IB below 2^128
            emit IbUpdated(b.licenseId, b.sceneId, b.frameTimeMs, requested, applied, epoch, msg.sender);
            _markActive(b.licenseId, n, epoch);
        }
    }

    /// @inheritdoc INodeRegistry
    function markActive(uint256 licenseId) external onlyRole(REPORTER_ROLE) {
        _markActive(licenseId, _requireLive(licenseId), clock.currentEpoch());
    }

    /// @inheritdoc INodeRegistry
    function participate(uint256 licenseId)
        external
        onlyRole(REPORTER_ROLE)
        returns (INodeLicense.Kind kind, bool registered, bool live)
    {
        Node storage n = _nodes[licenseId];
        (kind, registered) = (n.kind, n.registered);
        live = registered && !n.retired && !n.blacklisted;
        if (live) _markActive(licenseId, n, clock.currentEpoch());
    }

    /// @inheritdoc INodeRegistry
    function recordRejection(uint256 licenseId) external onlyRole(REPORTER_ROLE) {
        Node storage n = _nodes[licenseId];
        if (!n.registered) revert NodeNotRegistered(licenseId);
        uint256 epoch = clock.currentEpoch();
        if (n.rejectionEpoch != epoch) {
            n.rejectionEpoch = uint64(epoch);
            n.rejectionsInEpoch = 0;
        }
        uint32 count = ++n.rejectionsInEpoch;
        emit RejectionRecorded(licenseId, epoch, count);
        if (!n.blacklisted && count >= params.get(ParamKeys.BLACKLIST_REJECTIONS)) {
            _blacklist(licenseId, n, false);
        }
    }

    /// @inheritdoc INodeRegistry
    function blacklist(uint256 licenseId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Node storage n = _nodes[licenseId];
        if (!n.registered) revert NodeNotRegistered(licenseId);
        if (n.blacklisted) revert NodeIsBlacklisted(licenseId);
        _blacklist(licenseId, n, true);
    }

    /// @inheritdoc INodeRegistry
    function clearBlacklist(uint256 licenseId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Node storage n = _nodes[licenseId];
        if (!n.blacklisted) revert NodeNotBlacklisted(licenseId);
        n.blacklisted = false;
        n.rejectionsInEpoch = 0;
        // Back in the draw set or the apparent capacity; offline until its owner or operator says otherwise.
        if (!n.retired) _enterService(licenseId, n.kind, n.ibWad);
        emit NodeBlacklistCleared(licenseId);
    }

    /// @inheritdoc INodeRegistry
    function retire(uint256 licenseId) external onlyRole(BUYBACK_ROLE) {
        Node storage n = _nodes[licenseId];
        if (!n.registered || n.retired) return;
        if (!n.blacklisted) _leaveService(licenseId, n);
        n.retired = true;
        n.active = false;
        delete licenseOfOperator[n.operator];
        emit NodeRetired(licenseId);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc INodeRegistry
    function node(uint256 licenseId) external view returns (Node memory) {
        return _nodes[licenseId];
    }

    /// @inheritdoc INodeRegistry
    function status(uint256 licenseId) external view returns (NodeStatus memory) {
        Node storage n = _nodes[licenseId];
        return NodeStatus(
            n.kind, n.registered, n.active, n.blacklisted, n.retired, n.ibWad, n.pricePerIbmWad, n.operator
        );
    }

    /// @inheritdoc INodeRegistry
    function participationBps(uint256 licenseId) external view returns (uint256) {
        (uint256 active, uint256 completed) = participation(licenseId);
        return completed == 0 ? 0 : (active * _BPS) / completed;
    }

    /// @inheritdoc INodeRegistry
    function participation(uint256 licenseId) public view returns (uint256 activeEpochs, uint256 completedEpochs) {
        Node storage n = _nodes[licenseId];
        if (!n.registered) return (0, 0);
        uint256 epoch = clock.currentEpoch();
        completedEpochs = epoch - n.registeredEpoch;
        activeEpochs = n.activeEpochs;
        if (activeEpochs != 0 && n.lastActiveEpoch == epoch) --activeEpochs;
    }

    /// @inheritdoc INodeRegistry
    function ownerOf(uint256 licenseId) external view returns (address) {
        return IERC721(address(license)).ownerOf(licenseId);
    }

    // ------------------------------------------------------------------ internals

    function _markActive(uint256 licenseId, Node storage n, uint256 epoch) internal {
        if (n.activeEpochs != 0 && n.lastActiveEpoch == epoch) return;
        n.lastActiveEpoch = uint64(epoch);
        uint32 count = ++n.activeEpochs;
        emit NodeParticipated(licenseId, epoch, count);
    }

    function _blacklist(uint256 licenseId, Node storage n, bool byDao) internal {
        if (!n.retired) _leaveService(licenseId, n);
        n.blacklisted = true;
        n.active = false;
        emit NodeBlacklisted(licenseId, byDao);
    }

    /// @dev Live nodes are counted where committees and IBME need them: verifiers in the draw set, workers' IB in the
    ///      running sum of apparent capacity.
    function _enterService(uint256 licenseId, INodeLicense.Kind kind, uint256 ibWad) internal {
        if (kind == INodeLicense.Kind.Verifier) _verifiers.add(licenseId);
        else if (kind == INodeLicense.Kind.Worker) totalWorkerIbWad += ibWad;
    }

    function _leaveService(uint256 licenseId, Node storage n) internal {
        if (n.kind == INodeLicense.Kind.Verifier) _verifiers.remove(licenseId);
        else if (n.kind == INodeLicense.Kind.Worker) totalWorkerIbWad -= n.ibWad;
    }

    /// @inheritdoc INodeRegistry
    function verifierCount() external view returns (uint256) {
        return _verifiers.length();
    }

    /// @inheritdoc INodeRegistry
    function verifierAt(uint256 index) external view returns (uint256) {
        return _verifiers.at(index);
    }

    function _requireLicenseOwner(uint256 licenseId) internal view returns (address owner) {
        owner = IERC721(address(license)).ownerOf(licenseId);
        if (owner != msg.sender) revert NodeNotLicenseOwner(licenseId, msg.sender, owner);
    }

    function _requireLive(uint256 licenseId) internal view returns (Node storage n) {
        n = _nodes[licenseId];
        if (!n.registered) revert NodeNotRegistered(licenseId);
        if (n.retired) revert NodeIsRetired(licenseId);
        if (n.blacklisted) revert NodeIsBlacklisted(licenseId);
    }

    function _checkProfile(
        INodeLicense.Kind kind,
        address operator,
        bytes calldata encryptionKey,
        uint256 pricePerIbmWad,
        uint256 licenseId
    ) internal view {
        if (operator == address(0) || operator == msg.sender) revert NodeInvalidOperator(operator);
        // A key that ever signed for another node stays that node's: its signed results must keep naming one license.
        uint256 holder = boundLicenseOf[operator];
        if (holder != 0 && holder != licenseId) revert NodeOperatorInUse(operator, holder);
        _checkKeyAndPrice(kind, encryptionKey, pricePerIbmWad);
    }

    /// @dev Encryption keys are secp256k1 public keys for ECIES: 33 bytes compressed or 65 uncompressed. Workers sell
    ///      IBM and must price it; verifiers and managers are not priced per IBM.
    function _checkKeyAndPrice(INodeLicense.Kind kind, bytes calldata encryptionKey, uint256 pricePerIbmWad)
        internal
        pure
    {
        if (encryptionKey.length != 33 && encryptionKey.length != 65) revert NodeInvalidEncryptionKey(encryptionKey.length);
        bool isWorker = kind == INodeLicense.Kind.Worker;
        if (isWorker == (pricePerIbmWad == 0)) revert NodeInvalidPrice(kind, pricePerIbmWad);
    }
}
