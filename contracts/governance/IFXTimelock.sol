// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title IFXTimelock
/// @notice The DAO's timelock: owner of every governed role and of the parameter registry, and the treasury that holds
///         the community fund. OpenZeppelin's TimelockController, unchanged; this file only names it.
/// @dev Deployed with the governor as the only proposer and canceller, anyone as executor, and no admin once the
///      deploy module has wired the roles (the deployer's temporary admin role is renounced).
contract IFXTimelock is TimelockController {
    constructor(uint256 minDelaySeconds, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelaySeconds, proposers, executors, admin)
    {}
}
