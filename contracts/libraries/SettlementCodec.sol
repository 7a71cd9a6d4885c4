// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title SettlementCodec
/// @notice The packed entries of a settlement (`IJobMarket.Settlement`): a worker's accepted work is
///         `licenseId << 128 | workWad`, a rejected task `licenseId << 32 | taskIndex`. One word per entry keeps a
///         settlement's calldata, signature hash and event at one word per worker.
library SettlementCodec {
    function worker(uint256 entry) internal pure returns (uint256 licenseId, uint256 workWad) {
        return (entry >> 128, uint128(entry));
    }

    function rejection(uint256 entry) internal pure returns (uint256 licenseId, uint32 taskIndex) {
        return (entry >> 32, uint32(entry));
    }

    function packWorker(uint256 licenseId, uint128 workWad) internal pure returns (uint256) {
        return (licenseId << 128) | workWad;
    }

    function packRejection(uint256 licenseId, uint32 taskIndex) internal pure returns (uint256) {
        return (licenseId << 32) | taskIndex;
    }
}
