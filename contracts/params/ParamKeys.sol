// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ParamKeys
/// @notice The keys of the governed parameters: `keccak256` of each name. TypeScript derives the same keys from the
///         same names (`keepers/chain/paramKeys.ts`).
library ParamKeys {
    bytes32 internal constant EPOCH_LENGTH_SECONDS = keccak256("epochLengthSeconds");
    bytes32 internal constant EMISSION_RATE_PER_IBM = keccak256("emissionRatePerIbm");
    bytes32 internal constant STAKE_MULTIPLIER_BPS = keccak256("stakeMultiplierBps");
    bytes32 internal constant WORKER_SHARE_BPS = keccak256("workerShareBps");
    bytes32 internal constant VERIFIER_SHARE_BPS = keccak256("verifierShareBps");
    bytes32 internal constant MANAGER_SHARE_BPS = keccak256("managerShareBps");
    bytes32 internal constant COMMITTEE_SIZE = keccak256("committeeSize");
    bytes32 internal constant COMMITTEE_THRESHOLD = keccak256("committeeThreshold");
    bytes32 internal constant BURN_SHARE_BPS = keccak256("burnShareBps");
    bytes32 internal constant SLASH_BPS = keccak256("slashBps");
    bytes32 internal constant UNBONDING_PERIOD_SECONDS = keccak256("unbondingPeriodSeconds");
}
