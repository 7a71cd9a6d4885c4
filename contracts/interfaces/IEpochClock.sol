// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IEpochClock
/// @notice Epoch numbering for the whole protocol (WP §VI-D: 72-hour epochs, governable). Epoch 0 starts at deployment.
/// @dev An epoch keeps the length it started with: a governed change of `epochLengthSeconds` is picked up by the next
///      `checkpoint()` and applies from the end of the epoch running then. Epoch numbers only grow, one at a time.
///      Views compute the current epoch lazily, so nothing needs a transaction at each boundary.
interface IEpochClock {
    /// @notice Emitted when the stored checkpoint moves forward.
    event EpochCheckpointed(uint256 indexed epoch, uint256 startedAt, uint256 lengthSeconds);

    /// @notice The current epoch number.
    function currentEpoch() external view returns (uint256);
    /// @notice When the current epoch started and its length.
    function currentEpochBounds() external view returns (uint256 startedAt, uint256 lengthSeconds);
    /// @notice Stores the current epoch and picks up the governed length for the epochs after it. Anyone may call it.
    function checkpoint() external returns (uint256 epoch);
}
