// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {IPenaltyPool} from "../interfaces/IPenaltyPool.sol";

/// @title PenaltyPool
/// @notice See `IPenaltyPool`. Per-epoch pro rata (the mechanics of Livepeer's per-round earnings pools): a claim reads
///         three numbers and writes one flag, whatever the number of verifiers.
/// @dev Shares round down, so the sum of claims never exceeds the pool; the dust stays in the contract.
contract PenaltyPool is AccessControl, ReentrancyGuard, IPenaltyPool {
    using SafeERC20 for IERC20;

    bytes32 public constant NOTIFIER_ROLE = keccak256("NOTIFIER_ROLE");
    bytes32 public constant CREDITOR_ROLE = keccak256("CREDITOR_ROLE");

    IERC20 public immutable ifx;
    IEpochClock public immutable clock;
    INodeRegistry public immutable registry;

    mapping(uint256 epoch => uint256) public poolOf;
    mapping(uint256 epoch => uint256) public totalWorkOf;
    mapping(uint256 epoch => mapping(uint256 licenseId => uint256)) public workOf;
    mapping(uint256 epoch => mapping(uint256 licenseId => bool)) public claimed;
    /// @inheritdoc IPenaltyPool
    uint256 public totalSlashed;
    /// @inheritdoc IPenaltyPool
    uint256 public totalClaimed;

    constructor(IERC20 ifx_, IEpochClock clock_, INodeRegistry registry_, address admin) {
        ifx = ifx_;
        clock = clock_;
        registry = registry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IPenaltyPool
    function notifySlashed(uint256 amount) external onlyRole(NOTIFIER_ROLE) {
        if (amount == 0) revert PoolZeroAmount();
        uint256 epoch = clock.currentEpoch();
        uint256 pool = poolOf[epoch] + amount;
        poolOf[epoch] = pool;
        totalSlashed += amount;
        emit SlashReceived(epoch, amount, pool);
    }

    /// @inheritdoc IPenaltyPool
    function creditVerification(uint256 licenseId, uint256 work) external onlyRole(CREDITOR_ROLE) {
        if (work == 0) revert PoolZeroAmount();
        INodeRegistry.NodeStatus memory n = registry.status(licenseId);
        if (!n.registered || n.kind != INodeLicense.Kind.Verifier) revert PoolNotVerifier(licenseId);
        uint256 epoch = clock.currentEpoch();
        workOf[epoch][licenseId] += work;
        uint256 total = totalWorkOf[epoch] + work;
        totalWorkOf[epoch] = total;
        emit VerificationCredited(epoch, licenseId, work, total);
    }

    /// @inheritdoc IPenaltyPool
    function claim(uint256 epoch, uint256 licenseId) external nonReentrant returns (uint256 amount) {
        uint256 current = clock.currentEpoch();
        if (epoch >= current) revert PoolEpochNotOver(epoch, current);
        if (claimed[epoch][licenseId]) revert PoolAlreadyClaimed(epoch, licenseId);
        amount = _share(epoch, licenseId);
        if (amount == 0) revert PoolNothingToClaim(epoch, licenseId);
        claimed[epoch][licenseId] = true;
        totalClaimed += amount;
        address to = registry.ownerOf(licenseId);
        emit PenaltyClaimed(epoch, licenseId, to, amount);
        ifx.safeTransfer(to, amount);
    }

    /// @inheritdoc IPenaltyPool
    function rollOver(uint256 epoch) external {
        uint256 current = clock.currentEpoch();
        if (epoch >= current) revert PoolEpochNotOver(epoch, current);
        uint256 pool = poolOf[epoch];
        uint256 work = totalWorkOf[epoch];
        if (pool == 0 || work != 0) revert PoolNotRollable(epoch, pool, work);
        poolOf[epoch] = 0;
        poolOf[current] += pool;
        emit PoolRolledOver(epoch, current, pool);
    }

    /// @inheritdoc IPenaltyPool
    function claimable(uint256 epoch, uint256 licenseId) external view returns (uint256) {
        if (epoch >= clock.currentEpoch() || claimed[epoch][licenseId]) return 0;
        return _share(epoch, licenseId);
    }

    function _share(uint256 epoch, uint256 licenseId) internal view returns (uint256) {
        uint256 total = totalWorkOf[epoch];
        if (total == 0) return 0;
        return (poolOf[epoch] * workOf[epoch][licenseId]) / total;
    }
}
