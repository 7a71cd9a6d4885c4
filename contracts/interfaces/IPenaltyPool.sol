// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPenaltyPool
/// @notice Slashed stake rewards verifiers (WP §VI-I4): what is slashed during an epoch is shared by the verifiers
///         pro rata to the verification work credited to them in that epoch, claimable once the epoch is over, O(1)
///         per claim. An epoch with slashes but no verification work rolls its pool into the current epoch.
/// @dev Warning: a claim pays whoever holds the verifier's license when it is claimed (rewards follow the license, as
///      the node and its stake do): claim before selling the license or handing it to the buyback.
interface IPenaltyPool {
    error PoolEpochNotOver(uint256 epoch, uint256 currentEpoch);
    error PoolAlreadyClaimed(uint256 epoch, uint256 licenseId);
    error PoolNothingToClaim(uint256 epoch, uint256 licenseId);
    error PoolNotRollable(uint256 epoch, uint256 pool, uint256 totalWork);
    error PoolZeroAmount();
    /// @notice Verification work can only be credited to a registered verifier node.
    error PoolNotVerifier(uint256 licenseId);

    event SlashReceived(uint256 indexed epoch, uint256 amount, uint256 pool);
    event VerificationCredited(uint256 indexed epoch, uint256 indexed licenseId, uint256 work, uint256 totalWork);
    event PenaltyClaimed(uint256 indexed epoch, uint256 indexed licenseId, address indexed to, uint256 amount);
    event PoolRolledOver(uint256 indexed fromEpoch, uint256 indexed toEpoch, uint256 amount);

    /// @notice Books `amount` IFX already transferred in by staking into the current epoch's pool (NOTIFIER_ROLE).
    function notifySlashed(uint256 amount) external;
    /// @notice Credits verification work to a verifier node in the current epoch (CREDITOR_ROLE: the market).
    function creditVerification(uint256 licenseId, uint256 work) external;
    /// @notice Pays the node's share of a finished epoch's pool to the license holder.
    function claim(uint256 epoch, uint256 licenseId) external returns (uint256 amount);
    /// @notice Moves the pool of a finished epoch without verification work into the current epoch.
    function rollOver(uint256 epoch) external;

    function claimable(uint256 epoch, uint256 licenseId) external view returns (uint256);
    function poolOf(uint256 epoch) external view returns (uint256);
    function totalWorkOf(uint256 epoch) external view returns (uint256);
    function workOf(uint256 epoch, uint256 licenseId) external view returns (uint256);
    function totalSlashed() external view returns (uint256);
    function totalClaimed() external view returns (uint256);
}
