// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";

/// @title EpochClock
/// @notice See `IEpochClock`. Livepeer's rounds, lazily: a stored checkpoint (the running epoch, its start, its length,
///         and the length of the epochs after it) and arithmetic.
/// @dev A governed length change is picked up by `checkpoint()` as the length of the epochs *after* the running one:
///      the running epoch keeps the length it started with, so no epoch is ever cut short or stretched once started,
///      and epoch numbers never jump.
contract EpochClock is IEpochClock {
    IParameterRegistry public immutable params;

    uint64 internal _epoch;
    uint64 internal _startedAt;
    uint64 internal _lengthSeconds;
    uint64 internal _nextLengthSeconds;

    constructor(IParameterRegistry params_) {
        params = params_;
        _startedAt = uint64(block.timestamp);
        _lengthSeconds = uint64(params_.epochLengthSeconds());
        _nextLengthSeconds = _lengthSeconds;
        emit EpochCheckpointed(0, block.timestamp, _lengthSeconds);
    }

    /// @inheritdoc IEpochClock
    function currentEpoch() public view returns (uint256) {
        (uint256 epoch,,) = _current();
        return epoch;
    }

    /// @inheritdoc IEpochClock
    function currentEpochBounds() external view returns (uint256 startedAt, uint256 lengthSeconds) {
        (, startedAt, lengthSeconds) = _current();
    }

    /// @inheritdoc IEpochClock
    function checkpoint() external returns (uint256 epoch) {
        (uint256 e, uint256 startedAt, uint256 length) = _current();
        // Narrowing is safe: epoch counts, timestamps and lengths (<= 30 days) stay far below 2^64.
        _epoch = uint64(e);
        _startedAt = uint64(startedAt);
        _lengthSeconds = uint64(length);
        _nextLengthSeconds = uint64(params.epochLengthSeconds());
        emit EpochCheckpointed(e, startedAt, length);
        return e;
    }

    /// @dev The running epoch, its start and length: the stored epoch while it lasts, then epochs of the next length.
    function _current() internal view returns (uint256 epoch, uint256 startedAt, uint256 lengthSeconds) {
        uint256 storedEnd = uint256(_startedAt) + _lengthSeconds;
        if (block.timestamp < storedEnd) return (_epoch, _startedAt, _lengthSeconds);
        uint256 next = _nextLengthSeconds;
        uint256 later = (block.timestamp - storedEnd) / next;
        return (_epoch + 1 + later, storedEnd + later * next, next);
    }
}
