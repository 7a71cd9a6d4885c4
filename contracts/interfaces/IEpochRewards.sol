// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IEpochRewards
/// @notice BMW epochs (WP §VI-D eq. 18, §VI-E eq. 20, §VI-I): the market credits verified work per node to the
///         current epoch; closing an ended epoch mints T = W_p x E_p from the ecosystem fund (capped by its 4-year
///         schedule), sets each role's pool (workers / verifiers / managers; the rest is owed to the DAO) and records
///         IBME; node owners claim, O(1) whatever the number of epochs or nodes. Slashed stake waiting in the penalty
///         pool joins the verifiers' pool of the closing epoch (WP §VI-I4).
/// @dev Accounting per node is one accrual slot: (epoch, role, work in it) plus the IFX accrued from earlier closed
///      epochs. When a node is credited in a later epoch, or claims, the work of its recorded epoch is converted into
///      its share of that epoch's role pool (closing the epoch first if nobody has). An epoch's terms (IFX price, E_p,
///      role split and length) are fixed at its first credit. A node's first credit in an epoch also records its
///      participation (WP §VI-J2), checks its role, and for a worker whether its stake covers S(n) at the epoch's IFX
///      price: a worker that does not forfeits its whole epoch's share to the DAO (as does a node retired or
///      blacklisted by then). A price outage never forfeits a worker: while the IFX price source fails closed at an
///      epoch's first credit, the epoch is fixed at the last IFX price an earlier epoch was fixed at
///      (`lastIfxUsdPriceWad`, `EpochPriceFallback`); before any epoch ever had a price, the stake check waits for one
///      (later joiners of the epoch are checked once it comes) and the work stands. Per settlement, a node then
///      costs one storage update and no event: `IJobMarket.JobSettled` carries the work of every node.
interface IEpochRewards {
    /// @notice What an epoch is paid by, fixed at its first credit: governance changes apply to later epochs, never
    ///         to work already done.
    struct EpochTerms {
        uint32 lengthSeconds;
        uint16 workersBps;
        uint16 verifiersBps;
        uint16 managersBps;
        uint80 emissionRatePerIbm;
        uint96 ifxUsdPriceWad;
    }

    /// @notice An epoch's work and, once closed, its emission. Paid work is W_p (every accepted IBM, forfeited or not);
    ///         workers share the workers' pool by work, verifiers the verifiers' pool plus penalties by the work they
    ///         signed, and managers the managers' pool by the work of their jobs whose fees were released in the epoch
    ///         (fees the artist can no longer dispute). `forfeitedWorkWad` is the workers' forfeited work.
    struct EpochTotals {
        uint128 paidWorkWad;
        uint128 verifierWorkWad;
        uint128 managerWorkWad;
        uint128 forfeitedWorkWad;
        bool closed;
        uint96 mintedIfx;
        uint96 penaltyIfx;
        uint32 ibmeBps;
        EpochTerms terms;
    }

    /// @notice One node's accrual slot: the epoch of `workWad`, the node's role, whether that epoch's first credit was
    ///         checked (and forfeited), and IFX accrued from closed epochs.
    struct Account {
        uint64 epoch;
        uint8 role;
        bool checked;
        bool forfeited;
        uint168 workWad;
        uint256 accruedIfx;
    }

    error RewardsEpochNotOver(uint256 epoch, uint256 currentEpoch);
    error RewardsEpochClosed(uint256 epoch);
    error RewardsNothingToClaim(uint256 licenseId);
    error RewardsNotOwner(uint256 licenseId, address caller, address owner);
    /// @notice A settlement credited a node in a role its license is not of.
    error RewardsWrongRole(uint256 licenseId, uint8 expected, uint8 actual);
    /// @notice A node's work in one epoch beyond 2^104 WAD-IBM (unreachable: 2e13 IBM).
    error RewardsWorkOverflow(uint256 licenseId);
    /// @notice Only the market credits settlements.
    error RewardsNotMarket(address caller);
    /// @notice The market is wired once, at deployment.
    error RewardsMarketAlreadySet(address market);
    error RewardsZeroAddress();

    /// @notice A node's first credit in an epoch: its participation, and whether its share is forfeited.
    event EpochJoined(uint256 indexed epoch, uint256 indexed licenseId, uint8 role, bool forfeited);
    /// @notice Emitted once per epoch; IBME in basis points (paid IBM over apparent IBM, eq. 20).
    event EpochClosed(
        uint256 indexed epoch,
        uint256 paidIbmWad,
        uint256 apparentIbmWad,
        uint256 ibmeBps,
        uint256 emissionIfx,
        uint256 mintedIfx,
        uint256 penaltyIfx,
        uint256 toDaoIfx
    );
    event RewardsClaimed(uint256 indexed licenseId, address indexed to, uint256 amount);
    event DaoPaid(address indexed treasury, uint256 amount);
    event MarketSet(address indexed market);
    /// @notice The IFX price source failed closed at the epoch's first credit: the epoch's IFX price is the last one
    ///         an earlier epoch was fixed at.
    event EpochPriceFallback(uint256 indexed epoch, uint256 ifxUsdPriceWad);

    /// @notice Credits one settlement's work (the market only): each worker its accepted work (packed entries, see
    ///         `IJobMarket.Settlement`), each signing verifier the settlement's total.
    function creditSettlement(uint256[] calldata workers, uint256[] calldata verifierIds, uint256 paidWorkWad) external;
    /// @notice Credits managers the work of their jobs whose fees were just released (the market only), as packed
    ///         `managerId << 128 | workWad` entries summing to `totalWorkWad`.
    function creditManagers(uint256[] calldata managers, uint256 totalWorkWad) external;
    /// @notice Wires the market, once (DEFAULT_ADMIN_ROLE, at deployment): the only caller of `creditSettlement`.
    function setMarket(address market) external;
    /// @notice Closes an ended epoch (anyone, once): mint, pools, penalties, IBME.
    function closeEpoch(uint256 epoch) external;
    /// @notice Pays the node's accrued rewards to the license holder (the holder only).
    function claim(uint256 licenseId) external returns (uint256 amount);
    /// @notice Pays what closed epochs owe the DAO to its treasury (anyone).
    function payDao() external returns (uint256 amount);

    function claimable(uint256 licenseId) external view returns (uint256);
    function epochTotals(uint256 epoch) external view returns (EpochTotals memory);
    function accountOf(uint256 licenseId) external view returns (Account memory);
    /// @notice Forfeited work of the epoch per role (workers, verifiers, managers).
    function forfeitedWork(uint256 epoch) external view returns (uint256 workers, uint256 verifiers, uint256 managers);
    function totalMinted() external view returns (uint128);
    /// @notice The IFX price the latest priced epoch was fixed at from the price source: the fallback of an outage.
    function lastIfxUsdPriceWad() external view returns (uint96);
    /// @notice IFX owed to the DAO treasury by closed epochs and not yet paid.
    function daoOwed() external view returns (uint128);
    function market() external view returns (address);
}
