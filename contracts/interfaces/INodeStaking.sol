// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title INodeStaking
/// @notice IFX stakes of nodes (WP §VI-I1): the minimum stake S(n) = multiplier x E x IB(n) x P(n) (eq. 21), E the
///         epoch length in minutes, valued in USD and converted to IFX at the IFX/USD TWAP; unbonding; slashing into
///         the penalty pool (WP §VI-I4); the eligibility view managers use to assign tasks.
/// @dev Stakes belong to nodes, so they follow the license. An unbonding is paid to whoever requested it (or to the
///      holder paid by a buyback), one claim per (node, beneficiary), but it stays the node's stake until paid: a slash
///      takes from the stake first, then from every unbonding claim of the node pro rata, whoever holds the license
///      now. So unstaking and moving the license before a rejection or a dispute shelters nothing: a stake that backed
///      a task stays slashable for the whole unbonding period, which the parameter registry keeps longer than a job,
///      its dispute window and a dispute's resolution together.
interface INodeStaking {
    enum Eligibility {
        Eligible,
        NotRegistered,
        Retired,
        Blacklisted,
        Inactive,
        IbBelowFloor,
        StakeBelowMinimum,
        PriceUnavailable
    }

    struct Unbonding {
        uint128 amount;
        uint64 releaseAt;
    }

    error StakeNotRegistered(uint256 licenseId);
    error StakeNotOwner(uint256 licenseId, address caller, address owner);
    error StakeZeroAmount();
    error StakeExceedsStaked(uint256 licenseId, uint256 staked, uint256 requested);
    error StakeUnbondingNotDue(uint256 licenseId, address beneficiary, uint256 releaseAt, uint256 nowTimestamp);
    error StakeNothingUnbonding(uint256 licenseId, address beneficiary);
    error StakeNodeRetired(uint256 licenseId);
    /// @notice The node is not eligible; for `StakeBelowMinimum` the values are the stake and S(n), else zeros.
    error StakeNotEligible(uint256 licenseId, Eligibility reason, uint256 stake, uint256 minimum);

    event Staked(uint256 indexed licenseId, address indexed from, uint256 amount, uint256 stake);
    /// @notice `unbonding` is the node's whole unbonding stake after the request (every beneficiary's together).
    event UnstakeRequested(
        uint256 indexed licenseId, address indexed beneficiary, uint256 amount, uint256 unbonding, uint256 releaseAt
    );
    event Withdrawn(uint256 indexed licenseId, address indexed beneficiary, uint256 amount);
    /// @notice `stake` and `unbonding` are the node's after the slash (`unbonding`: every beneficiary's together).
    event Slashed(uint256 indexed licenseId, uint256 amount, uint256 stake, uint256 unbonding, uint256 epoch);

    function stake(uint256 licenseId, uint256 amount) external;
    /// @notice Moves `amount` of the stake into unbonding, paid to the caller after the unbonding period (holder only).
    function requestUnstake(uint256 licenseId, uint256 amount) external;
    /// @notice Pays out `beneficiary`'s due unbonding of the node (anyone may call; the tokens go to the beneficiary).
    function withdraw(uint256 licenseId, address beneficiary) external;
    /// @notice Slashes the governed share of the node's stake and of all its unbonding (stake first, then every claim
    ///         pro rata) into the penalty pool for a rejected task, and records the rejection (SLASHER_ROLE: the market).
    function slash(uint256 licenseId) external returns (uint256 amount);
    /// @notice Moves a bought-back node's whole stake into unbonding for `beneficiary` (BUYBACK_ROLE).
    function exitForBuyback(uint256 licenseId, address beneficiary) external;

    function stakeOf(uint256 licenseId) external view returns (uint256);
    /// @notice What `beneficiary` would be paid of the node's unbonding now (less after a slash), and when.
    function unbondingOf(uint256 licenseId, address beneficiary) external view returns (Unbonding memory);
    /// @notice The node's whole unbonding stake, every beneficiary's together (slashable until withdrawn).
    function unbondingOfNode(uint256 licenseId) external view returns (uint256);
    function totalStaked() external view returns (uint256);
    function totalUnbonding() external view returns (uint256);
    /// @notice S(n) in USD, 18 decimals, rounded up.
    function minStakeUsdWad(uint256 licenseId) external view returns (uint256);
    /// @notice S(n) in IFX wei at the TWAP, rounded up; reverts when the price source fails closed.
    function minStake(uint256 licenseId) external view returns (uint256);
    /// @notice Whether the node's stake covers S(n) at the given IFX/USD price (the epoch's price, for rewards).
    function coversMinimumAt(uint256 licenseId, uint256 ifxUsdPriceWad) external view returns (bool);
    /// @notice Why a node is or is not eligible for a job with IB floor `ibFloorWad`.
    function eligibility(uint256 licenseId, uint256 ibFloorWad) external view returns (Eligibility);
    /// @notice Reverts with `StakeNotEligible` and the reason unless the node is eligible.
    function requireEligible(uint256 licenseId, uint256 ibFloorWad) external view;
}
