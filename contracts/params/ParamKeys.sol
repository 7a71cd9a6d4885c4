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
    bytes32 internal constant LICENSE_CAP_WORKER = keccak256("licenseCapWorker");
    bytes32 internal constant LICENSE_CAP_VERIFIER = keccak256("licenseCapVerifier");
    bytes32 internal constant LICENSE_CAP_MANAGER = keccak256("licenseCapManager");
    bytes32 internal constant WHITELIST_DISCOUNT_BPS = keccak256("whitelistDiscountBps");
    bytes32 internal constant MAX_IB_CHANGE_BPS = keccak256("maxIbChangeBps");
    bytes32 internal constant INITIAL_IB_WAD = keccak256("initialIbWad");
    bytes32 internal constant BLACKLIST_REJECTIONS = keccak256("blacklistRejections");
    bytes32 internal constant TWAP_WINDOW_SECONDS = keccak256("twapWindowSeconds");
    bytes32 internal constant DISPUTE_WINDOW_SECONDS = keccak256("disputeWindowSeconds");
    bytes32 internal constant BURN_MAX_SLIPPAGE_BPS = keccak256("burnMaxSlippageBps");
    bytes32 internal constant BURN_MIN_BATCH_USD_WAD = keccak256("burnMinBatchUsdWad");
    bytes32 internal constant BURN_INTERVAL_SECONDS = keccak256("burnIntervalSeconds");
    bytes32 internal constant MAX_JOB_SECONDS = keccak256("maxJobSeconds");
    bytes32 internal constant DISPUTE_RESOLUTION_SECONDS = keccak256("disputeResolutionSeconds");
    bytes32 internal constant DISPUTE_BOND_WAD = keccak256("disputeBondWad");
    bytes32 internal constant CANCEL_FEE_BPS = keccak256("cancelFeeBps");
    bytes32 internal constant DISPUTE_PANEL_SIZE = keccak256("disputePanelSize");
    bytes32 internal constant DISPUTE_PANEL_SECONDS = keccak256("disputePanelSeconds");
    bytes32 internal constant DISPUTE_APPEAL_SECONDS = keccak256("disputeAppealSeconds");
}
