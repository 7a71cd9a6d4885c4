// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAggregatorV3} from "../interfaces/external/IAggregatorV3.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";

/// @title ChainlinkPriceSource
/// @notice `IPriceSource` served by a Chainlink-style USD feed (ETH/USD, IFX/USD) on a real network, in place of the
///         Uniswap V2 TWAP used on local chains. Fails closed like the TWAP: a non-positive answer, an unfinished
///         round or an answer older than `maxAgeSeconds` (the feed's heartbeat plus a margin) reverts.
contract ChainlinkPriceSource is IPriceSource {
    error FeedInvalidAnswer(int256 answer);
    error FeedStale(uint256 updatedAt, uint256 maxAgeSeconds, uint256 nowTimestamp);
    error FeedIncompleteRound(uint80 roundId, uint80 answeredInRound);
    error FeedUnsupportedDecimals(uint8 decimals);

    IAggregatorV3 public immutable feed;
    /// @inheritdoc IPriceSource
    address public immutable asset;
    uint256 public immutable maxAgeSeconds;
    uint256 internal immutable _scale;

    constructor(IAggregatorV3 feed_, address asset_, uint256 maxAgeSeconds_) {
        uint8 d = feed_.decimals();
        if (d > 18) revert FeedUnsupportedDecimals(d);
        feed = feed_;
        asset = asset_;
        maxAgeSeconds = maxAgeSeconds_;
        _scale = 10 ** (18 - d);
    }

    /// @inheritdoc IPriceSource
    function usdPriceWad() external view returns (uint256) {
        (uint80 roundId, int256 answer,, uint256 updatedAt, uint80 answeredInRound) = feed.latestRoundData();
        if (answer <= 0) revert FeedInvalidAnswer(answer);
        if (answeredInRound < roundId) revert FeedIncompleteRound(roundId, answeredInRound);
        if (updatedAt + maxAgeSeconds < block.timestamp) revert FeedStale(updatedAt, maxAgeSeconds, block.timestamp);
        return uint256(answer) * _scale; // answer > 0 was checked
    }
}
