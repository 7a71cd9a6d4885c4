// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";

/// @title CommitteeDraw
/// @notice Draws k distinct online verifiers from the registry's live set by a seed: a job's committee (WP §III-F3)
///         and a dispute's panel, which must not sit anyone of the committee it judges.
/// @dev O(k x tries), never O(verifiers). Each seat keeps the operator key the verifier had at the draw, so a vote or a
///      settlement signature needs no registry look-up.
library CommitteeDraw {
    /// @dev Draw attempts per seat before giving up (ineligible, excluded or repeated verifiers are skipped).
    uint256 internal constant TRIES_PER_SEAT = 16;

    /// @return seats The seats drawn; `full` when all k are seated (else the draw failed: too few eligible verifiers).
    function draw(INodeRegistry registry, bytes32 seed, uint256 k, IJobMarket.Seat[] memory excluded)
        internal
        view
        returns (IJobMarket.Seat[] memory seats, bool full)
    {
        uint256 available = registry.verifierCount();
        seats = new IJobMarket.Seat[](k);
        if (available < k) return (seats, false);
        uint256 seated;
        for (uint256 t; seated < k && t < k * TRIES_PER_SEAT; ++t) {
            uint256 id = registry.verifierAt(uint256(keccak256(abi.encode(seed, t))) % available);
            if (_contains(seats, seated, id) || _contains(excluded, excluded.length, id)) continue;
            INodeRegistry.NodeStatus memory n = registry.status(id);
            if (!n.active) continue;
            seats[seated++] = IJobMarket.Seat(id, n.operator);
        }
        full = seated == k;
    }

    function _contains(IJobMarket.Seat[] memory seats, uint256 count, uint256 id) private pure returns (bool) {
        for (uint256 i; i < count; ++i) {
            if (seats[i].verifierId == id) return true;
        }
        return false;
    }
}
