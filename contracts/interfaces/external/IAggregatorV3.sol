// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Chainlink's price feed interface (AggregatorV3Interface), as its feeds expose it on every EVM chain.
///         Declared here because the Chainlink contracts npm package pulls a git dependency this build cannot fetch.
interface IAggregatorV3 {
    function decimals() external view returns (uint8);
    function description() external view returns (string memory);
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
