// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPenaltyPool
/// @notice Slashed stake rewards verifiers (WP §VI-I4). Staking books every slash here; when an epoch with verification
///         work closes, the epoch minter takes everything pending and adds it to that epoch's verifier pool, shared pro
///         rata to verification work with the verifiers' BMW rewards (`IEpochRewards`). So a slash reaches the verifiers
///         of the first epoch closed after it, at no cost per verification and O(1) per epoch.
interface IPenaltyPool {
    error PoolZeroAmount();

    event SlashReceived(uint256 amount, uint256 pending);
    event PenaltiesReleased(address indexed to, uint256 amount);

    /// @notice Books `amount` IFX already transferred in by staking (NOTIFIER_ROLE).
    function notifySlashed(uint256 amount) external;
    /// @notice Sends everything pending to the caller (RELEASER_ROLE: the epoch minter); returns the amount (maybe 0).
    function release() external returns (uint256 amount);

    /// @notice Slashed IFX not yet released.
    function pending() external view returns (uint256);
    function totalSlashed() external view returns (uint256);
    function totalReleased() external view returns (uint256);
}
