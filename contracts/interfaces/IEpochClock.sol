// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IEpochClock
/// @notice Epoch numbering for the whole protocol (WP §VI-D: 72-hour epochs, governable). Epoch 0 starts at deployment.
/// @dev An epoch keeps the length it started with: a governed change of `epochLengthSeconds` is picked up by the next
///      `checkpoint()` and applies from the end of the epoch running then. Epoch numbers only grow, one at a time.
///      Views compute the current epoch lazily, so nothing needs a transaction at each boundary. The clock keeps the
///      history of its length changes, so that a promise measured in epochs (the buyback's participation, WP §VI-J2)
///      counts the epochs as they were run, whatever the DAO decides later.
interface IEpochClock {
    /// @notice Emitted when the stored checkpoint moves forward.
    event EpochCheckpointed(uint256 indexed epoch, uint256 startedAt, uint256 lengthSeconds);
    /// @notice Emitted when a checkpoint picks up a new governed length: epochs from `firstEpoch`, the first of them
    ///         starting at `startsAt`, last `lengthSeconds`.
    event EpochLengthScheduled(uint256 indexed firstEpoch, uint256 startsAt, uint256 lengthSeconds);

    /// @notice The current epoch number.
    function currentEpoch() external view returns (uint256);
    /// @notice When the current epoch started and its length.
    function currentEpochBounds() external view returns (uint256 startedAt, uint256 lengthSeconds);
    /// @notice The epoch `timestamp` fell in, with the epochs' lengths as they were run (0 before the clock's start).
    ///         `epochAt(block.timestamp) == currentEpoch()`.
    /// @dev Warning: for a future timestamp the answer is a projection at the lengths known now: a governed change
    ///      not yet checkpointed, or made later, moves it. Past timestamps never change.
    function epochAt(uint256 timestamp) external view returns (uint256);
    /// @notice Stores the current epoch and picks up the governed length for the epochs after it. Anyone may call it.
    function checkpoint() external returns (uint256 epoch);
}
