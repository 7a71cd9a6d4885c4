// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";

/// @title EpochClock
/// @notice See `IEpochClock`. Livepeer's rounds, lazily: a stored checkpoint (the running epoch, its start, its length,
///         and the length of the epochs after it) and arithmetic, plus the schedule's history for past timestamps.
/// @dev A governed length change is picked up by `checkpoint()` as the length of the epochs *after* the running one:
///      the running epoch keeps the length it started with, so no epoch is ever cut short or stretched once started,
///      and epoch numbers never jump. Each change appends a segment (first epoch, its start, the length of its
///      epochs), so that `epochAt` answers for any past timestamp with the epochs as they were run.
contract EpochClock is IEpochClock {
    /// @dev From `firstEpoch`, starting at `startedAt`, every epoch lasts `lengthSeconds` (until the next segment).
    struct Segment {
        uint64 firstEpoch;
        uint64 startedAt;
        uint64 lengthSeconds;
    }

    IParameterRegistry public immutable params;

    uint64 internal _epoch;
    uint64 internal _startedAt;
    uint64 internal _lengthSeconds;
    uint64 internal _nextLengthSeconds;
    /// @dev One entry per length change, ordered by start; the last may start in the future (after the running epoch).
    Segment[] internal _segments;

    constructor(IParameterRegistry params_) {
        params = params_;
        _startedAt = uint64(block.timestamp);
        _lengthSeconds = uint64(params_.epochLengthSeconds());
        _nextLengthSeconds = _lengthSeconds;
        _segments.push(Segment(0, _startedAt, _lengthSeconds));
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
    function epochAt(uint256 timestamp) external view returns (uint256) {
        // Binary search for the last segment started at or before `timestamp`; there are as many as length changes.
        uint256 low;
        uint256 high = _segments.length;
        while (high - low > 1) {
            uint256 mid = (low + high) / 2;
            if (_segments[mid].startedAt <= timestamp) low = mid;
            else high = mid;
        }
        Segment memory s = _segments[low];
        if (timestamp < s.startedAt) return 0; // before the clock's deployment
        return s.firstEpoch + (timestamp - s.startedAt) / s.lengthSeconds;
    }

    /// @inheritdoc IEpochClock
    function checkpoint() external returns (uint256 epoch) {
        (uint256 e, uint256 startedAt, uint256 length) = _current();
        uint256 next = params.epochLengthSeconds();
        // Narrowing is safe: epoch counts, timestamps and lengths (<= 30 days) stay far below 2^64.
        _epoch = uint64(e);
        _startedAt = uint64(startedAt);
        _lengthSeconds = uint64(length);
        _nextLengthSeconds = uint64(next);
        _recordLength(e + 1, startedAt + length, next);
        emit EpochCheckpointed(e, startedAt, length);
        return e;
    }

    /// @dev Records that epochs from `firstEpoch` (starting at `startsAt`) last `lengthSeconds`. A segment that has not
    ///      started yet (a second change within one epoch) is overwritten: only started epochs are history.
    function _recordLength(uint256 firstEpoch, uint256 startsAt, uint256 lengthSeconds) internal {
        Segment storage last = _segments[_segments.length - 1];
        if (last.firstEpoch == firstEpoch) {
            if (last.lengthSeconds == lengthSeconds) return;
            last.lengthSeconds = uint64(lengthSeconds);
        } else {
            if (last.lengthSeconds == lengthSeconds) return;
            _segments.push(Segment(uint64(firstEpoch), uint64(startsAt), uint64(lengthSeconds)));
        }
        emit EpochLengthScheduled(firstEpoch, startsAt, lengthSeconds);
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
