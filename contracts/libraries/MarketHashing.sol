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
    bytes32 internal constant SETTLEMENT_TYPEHASH = keccak256(
        "Settlement(bytes32 jobId,uint256 settlementIndex,bytes32 outcomesRoot,uint256[] workers,uint256[] rejected)"
    );

    bytes32 internal constant TASK_RESULT_TYPEHASH =
        keccak256("TaskResult(bytes32 jobId,uint32 taskIndex,bytes32 resultCid)");

    /// @notice What a worker signs with its operator key when it hands in a task's result: the proof, on-chain, that
    ///         this worker took this task of this job (a settlement can slash only such a worker).
    function hashTaskResult(bytes32 jobId, uint32 taskIndex, bytes32 resultCid) internal pure returns (bytes32) {
        return keccak256(abi.encode(TASK_RESULT_TYPEHASH, jobId, taskIndex, resultCid));
    }

    /// @dev Every member of `Quote` is a static type, so its ABI encoding is exactly EIP-712's `encodeData`.
    function hashQuote(IJobMarket.Quote calldata q) internal pure returns (bytes32) {
        return keccak256(abi.encode(QUOTE_TYPEHASH, q));
    }

    /// @dev Arrays of atomic values hash as the keccak of their packed words (EIP-712 `encodeData`).
    function hashSettlement(bytes32 jobId, uint256 index, IJobMarket.Settlement calldata s)
        internal
        pure
        returns (bytes32)
    {
        return hashSettlement(jobId, index, s.outcomesRoot, hashWords(s.workers), hashWords(s.rejected));
    }

    function hashSettlement(bytes32 jobId, uint256 index, bytes32 root, bytes32 workersHash, bytes32 rejectedHash)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(SETTLEMENT_TYPEHASH, jobId, index, root, workersHash, rejectedHash));
    }

    /// @notice The EIP-712 hash of a `uint256[]`: the keccak of its packed words.
    function hashWords(uint256[] calldata words) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(words));
    }

    /// @notice The leaf of a task outcome under a settlement's root (OpenZeppelin merkle-tree, double-hashed).
    function outcomeLeaf(IJobMarket.TaskOutcome calldata o) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(o.taskIndex, o.workerId, o.resultCid, o.accepted, o.workWad))));
    }
}
