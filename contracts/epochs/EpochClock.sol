// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";

/// @title EpochClock
/// @notice See `IEpochClock`. Livepeer's rounds, lazily: a stored (epoch, start, length) checkpoint and arithmetic.
contract EpochClock is IEpochClock {
    IParameterRegistry public immutable params;

    uint64 internal _epoch;
    uint64 internal _startedAt;
    uint64 internal _lengthSeconds;

    constructor(IParameterRegistry params_) {
        params = params_;
        _startedAt = uint64(block.timestamp);
        _lengthSeconds = uint64(params_.epochLengthSeconds());
        emit EpochCheckpointed(0, block.timestamp, _lengthSeconds);
    }

    /// @inheritdoc IEpochClock
    function currentEpoch() public view returns (uint256) {
        return _epoch + (block.timestamp - _startedAt) / _lengthSeconds;
    }

    /// @inheritdoc IEpochClock
    function currentEpochBounds() external view returns (uint256 startedAt, uint256 lengthSeconds) {
        uint256 elapsedEpochs = (block.timestamp - _startedAt) / _lengthSeconds;
        return (_startedAt + elapsedEpochs * _lengthSeconds, _lengthSeconds);
    }

    /// @inheritdoc IEpochClock
    function checkpoint() external returns (uint256 epoch) {
        uint256 elapsedEpochs = (block.timestamp - _startedAt) / _lengthSeconds;
        // Narrowing is safe: epoch counts and timestamps stay far below 2^64.
        _epoch += uint64(elapsedEpochs);
        _startedAt += uint64(elapsedEpochs * _lengthSeconds);
        _lengthSeconds = uint64(params.epochLengthSeconds());
        emit EpochCheckpointed(_epoch, _startedAt, _lengthSeconds);
        return _epoch;
    }
}
