// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IPenaltyPool} from "../interfaces/IPenaltyPool.sol";

/// @title PenaltyPool
/// @notice See `IPenaltyPool`. Holds slashed stake until the epoch minter folds it into a closed epoch's verifier pool:
///         distribution rides on the minter's per-node accrual, so crediting verification costs nothing here.
contract PenaltyPool is AccessControl, IPenaltyPool {
    using SafeERC20 for IERC20;

    bytes32 public constant NOTIFIER_ROLE = keccak256("NOTIFIER_ROLE");
    bytes32 public constant RELEASER_ROLE = keccak256("RELEASER_ROLE");

    IERC20 public immutable ifx;

    /// @inheritdoc IPenaltyPool
    uint256 public pending;
    /// @inheritdoc IPenaltyPool
    uint256 public totalSlashed;
    /// @inheritdoc IPenaltyPool
    uint256 public totalReleased;

    constructor(IERC20 ifx_, address admin) {
        ifx = ifx_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IPenaltyPool
    function notifySlashed(uint256 amount) external onlyRole(NOTIFIER_ROLE) {
        if (amount == 0) revert PoolZeroAmount();
        uint256 pendingNow = pending + amount;
        pending = pendingNow;
        totalSlashed += amount;
        emit SlashReceived(amount, pendingNow);
    }

    /// @inheritdoc IPenaltyPool
    function release() external onlyRole(RELEASER_ROLE) returns (uint256 amount) {
        amount = pending;
        if (amount == 0) return 0;
        pending = 0;
        totalReleased += amount;
        emit PenaltiesReleased(msg.sender, amount);
        ifx.safeTransfer(msg.sender, amount);
    }
}
