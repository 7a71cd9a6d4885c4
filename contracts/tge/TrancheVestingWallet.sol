// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";

/// @title TrancheVestingWallet
/// @notice OpenZeppelin's VestingWallet with the schedule of WP Table II: a share unlocked at TGE, then a cliff, then
///         linear vesting of the rest.
/// @dev "10% at TGE, 3 months cliff, then 15 months linear" reads: 10% claimable at TGE, nothing more until TGE + 3
///      months, then the other 90% linearly until TGE + 18 months. OpenZeppelin's VestingWalletCliff does not fit: at its
///      cliff it releases at once the linear share accrued since its start, while Table II starts the linear part at the
///      cliff. So the wallet's `start()` is the end of the cliff and its `duration()` the linear part; the TGE share is
///      the one addition. With `tgeUnlockBps == 0` this is exactly a VestingWallet starting at TGE + cliff.
///      Release accounting (released, releasable, ownership by the beneficiary) is OpenZeppelin's, unchanged.
contract TrancheVestingWallet is VestingWallet {
    uint256 internal constant _BPS = 10_000;

    /// @notice When the tranche's TGE share became claimable.
    uint64 public immutable tgeTimestamp;
    /// @notice The share claimable at TGE, in basis points.
    uint16 public immutable tgeUnlockBps;

    error VestingInvalidUnlock(uint16 tgeUnlockBps);

    constructor(address beneficiary, uint64 tgeTimestamp_, uint16 tgeUnlockBps_, uint64 cliffSeconds, uint64 linearSeconds)
        VestingWallet(beneficiary, tgeTimestamp_ + cliffSeconds, linearSeconds)
    {
        if (tgeUnlockBps_ > _BPS) revert VestingInvalidUnlock(tgeUnlockBps_);
        tgeTimestamp = tgeTimestamp_;
        tgeUnlockBps = tgeUnlockBps_;
    }

    /// @dev Rounds the TGE share down and the linear share down: never more than the schedule allows.
    function _vestingSchedule(uint256 totalAllocation, uint64 timestamp) internal view override returns (uint256) {
        if (timestamp < tgeTimestamp) return 0;
        uint256 atTge = (totalAllocation * tgeUnlockBps) / _BPS;
        if (timestamp < start()) return atTge;
        if (timestamp >= end()) return totalAllocation;
        return atTge + ((totalAllocation - atTge) * (timestamp - start())) / duration();
    }
}
