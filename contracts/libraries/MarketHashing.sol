// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title MarketHashing
/// @notice EIP-712 struct hashes of the market's signed messages, as viem's `signTypedData` computes them (arrays of
///         structs hash the concatenation of their members' struct hashes; referenced types sorted by name).
library MarketHashing {
    bytes32 internal constant QUOTE_TYPEHASH = keccak256(
        "Quote(bytes32 jobId,address artist,bytes32 sceneCid,uint32 frameStart,uint32 frameEnd,uint32 taskCount,"
        "uint128 workWad,uint128 pricePerIbmWad,uint128 fee,uint128 ibFloorWad,bytes32 keysCommitment,uint64 expiry,"
        "uint64 deadline,uint256 managerId)"
    );
    bytes32 internal constant WORKER_WORK_TYPEHASH = keccak256("WorkerWork(uint256 licenseId,uint128 workWad)");
    bytes32 internal constant REJECTION_TYPEHASH = keccak256("Rejection(uint256 licenseId,uint32 taskIndex)");
    bytes32 internal constant SETTLEMENT_TYPEHASH = keccak256(
        "Settlement(bytes32 jobId,uint256 settlementIndex,bytes32 outcomesRoot,WorkerWork[] workers,Rejection[] rejected)"
        "Rejection(uint256 licenseId,uint32 taskIndex)WorkerWork(uint256 licenseId,uint128 workWad)"
    );

    /// @dev Every member of `Quote` is a static type, so its ABI encoding is exactly EIP-712's `encodeData`.
    function hashQuote(IJobMarket.Quote calldata q) internal pure returns (bytes32) {
        return keccak256(abi.encode(QUOTE_TYPEHASH, q));
    }

    function hashSettlement(bytes32 jobId, uint256 index, IJobMarket.Settlement calldata s)
        internal
        pure
        returns (bytes32)
    {
        bytes32[] memory workers = new bytes32[](s.workers.length);
        for (uint256 i; i < workers.length; ++i) {
            workers[i] = keccak256(abi.encode(WORKER_WORK_TYPEHASH, s.workers[i]));
        }
        bytes32[] memory rejected = new bytes32[](s.rejected.length);
        for (uint256 i; i < rejected.length; ++i) {
            rejected[i] = keccak256(abi.encode(REJECTION_TYPEHASH, s.rejected[i]));
        }
        return keccak256(
            abi.encode(
                SETTLEMENT_TYPEHASH,
                jobId,
                index,
                s.outcomesRoot,
                keccak256(abi.encodePacked(workers)),
                keccak256(abi.encodePacked(rejected))
            )
        );
    }

    /// @notice The leaf of a task outcome under a settlement's root (OpenZeppelin merkle-tree, double-hashed).
    function outcomeLeaf(IJobMarket.TaskOutcome calldata o) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(o.taskIndex, o.workerId, o.resultCid, o.accepted, o.workWad))));
    }
}
