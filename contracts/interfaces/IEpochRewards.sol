// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IEpochRewards
/// @notice BMW epochs (WP §VI-D eq. 18, §VI-E eq. 20, §VI-I): the market credits verified work per node to the
///         current epoch; closing an ended epoch mints T = W_p x E_p from the ecosystem fund (capped by its 4-year
///         schedule), splits it by role (workers / verifiers / managers / the rest to the DAO) and records IBME; node
///         owners claim, O(1) whatever the number of epochs or nodes.
/// @dev Accounting per node is one accrual slot: (epoch, work in it, IFX accrued from earlier closed epochs). When a
///      node is credited in a later epoch, or claims, the work of its recorded epoch is converted at that epoch's reward
///      per unit of work (closing the epoch first if nobody has). An epoch's terms (IFX price, E_p, role split and
///      length) are fixed at its first credit. A node's first credit in an epoch also records its
///      participation (WP §VI-J2) and, for a worker, whether its stake covers S(n) at the epoch's IFX price: a worker
///      that does not forfeits its whole epoch's share to the DAO; while the IFX price source fails closed, shares are
///      forfeited too (fail closed: never pay against an unknown price). Per settlement, a node then costs one
///      storage update.
interface IEpochRewards {
    /// @notice What an epoch is paid by, fixed at its first credit: governance changes apply to later epochs, never
    ///         to work already done.
    struct EpochTerms {
        uint128 ifxUsdPriceWad;
        uint64 lengthSeconds;
        uint16 workersBps;
        uint16 verifiersBps;
        uint16 managersBps;
        uint128 emissionRatePerIbm;
    }

    struct EpochTotals {
        bool closed;
        uint128 workerWorkWad;
        uint128 forfeitedWorkWad;
        uint128 verifierWorkWad;
        uint128 managerWorkWad;
        uint128 mintedIfx;
        uint128 apparentIbmWad;
        EpochTerms terms;
        uint256 workerRewardPerWorkWad;
        uint256 verifierRewardPerWorkWad;
        uint256 managerRewardPerWorkWad;
    }

    /// @notice One node's accrual slot: the epoch of `workWad`, whether that epoch's first credit was checked (and
    ///         forfeited), and IFX accrued from closed epochs.
    struct Account {
        uint64 epoch;
        uint176 workWad;
        bool checked;
        bool forfeited;
        uint256 accruedIfx;
    }

    error RewardsEpochNotOver(uint256 epoch, uint256 currentEpoch);
    error RewardsEpochClosed(uint256 epoch);
    error RewardsNothingToClaim(uint256 licenseId);
    error RewardsNotOwner(uint256 licenseId, address caller, address owner);

    event WorkCredited(uint256 indexed epoch, uint256 indexed licenseId, uint8 role, uint256 workWad, bool forfeited);
    /// @notice Emitted once per epoch; IBME in basis points (paid IBM over apparent IBM, eq. 20).
    event EpochClosed(
        uint256 indexed epoch,
        uint256 paidIbmWad,
        uint256 apparentIbmWad,
        uint256 ibmeBps,
        uint256 emissionIfx,
        uint256 mintedIfx,
        uint256 toDaoIfx
    );
    event RewardsClaimed(uint256 indexed licenseId, address indexed to, uint256 amount);

    /// @notice Credits one settlement's work (MARKET_ROLE): each worker its work, each signing verifier and the quoting
    ///         manager the settlement's total.
    function creditSettlement(
        uint256 managerId,
        uint256[] calldata workerIds,
        uint256[] calldata workerWorkWad,
        uint256[] calldata verifierIds,
        uint256 totalWorkWad
    ) external;
    /// @notice Closes an ended epoch (anyone, once): mint, split, IBME.
    function closeEpoch(uint256 epoch) external;
    /// @notice Pays the node's accrued rewards to the license holder (the holder only).
    function claim(uint256 licenseId) external returns (uint256 amount);

    function claimable(uint256 licenseId) external view returns (uint256);
    function epochTotals(uint256 epoch) external view returns (EpochTotals memory);
    function accountOf(uint256 licenseId) external view returns (Account memory);
    function totalMinted() external view returns (uint256);
    function totalClaimed() external view returns (uint256);
}
