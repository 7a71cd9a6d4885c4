// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IEcosystemFund
/// @notice The ecosystem fund (WP §VI-G1, Table II): 50% of supply, locked at TGE, released only through three
///         channels, each minted at the moment of release: BMW epoch rewards (the epoch minter), the Guaranteed Node
///         Buyback fund (WP §VI-J3, 10,000,000 IFX) and DAO grants (the timelock).
/// @dev The buyback fund is reserved from TGE. The other 490,000,000 IFX unlock linearly over 4 years from TGE
///      ("release all within 4 years"): what BMW and grants may have released by time t is capped by the linear
///      schedule, so no channel can front-load the fund; after 4 years whatever is not yet released stays available
///      to the same channels (the cap is on cumulative minting, so nothing is ever lost or created).
interface IEcosystemFund {
    /// @notice The TGE has not run, so nothing is unlocked.
    error EcosystemTgeNotExecuted();
    /// @notice The release would pass what the 4-year schedule has unlocked so far.
    error EcosystemExceedsUnlocked(uint256 unlocked, uint256 released, uint256 requested);
    /// @notice The release would pass the buyback fund.
    error EcosystemExceedsBuybackFund(uint256 fund, uint256 released, uint256 requested);
    /// @notice A release to the zero address or of zero tokens.
    error EcosystemInvalidRelease(address to, uint256 amount);

    /// @notice Emitted after every release. `channel` is 0 epoch rewards, 1 buyback, 2 DAO grant.
    event Released(uint8 indexed channel, address indexed to, uint256 amount, bytes32 memo);

    /// @notice The fund's total allocation.
    function ALLOCATION() external view returns (uint256);
    /// @notice The Guaranteed Node Buyback fund reserved within the allocation.
    function BUYBACK_FUND() external view returns (uint256);
    /// @notice The length of the linear unlock of the non-buyback part.
    function RELEASE_DURATION() external view returns (uint256);

    /// @notice What BMW and grants may have released in total by now.
    function unlocked() external view returns (uint256);
    /// @notice Released so far through BMW epochs and DAO grants.
    function releasedScheduled() external view returns (uint256);
    /// @notice Released so far from the buyback fund.
    function releasedBuyback() external view returns (uint256);

    /// @notice Mints an epoch's rewards (EPOCH_MINTER_ROLE): `maxAmount`, capped by what the schedule has unlocked and
    ///         not released yet; returns what was minted (0 mints nothing). `memo` carries the epoch id.
    function releaseEpochRewards(address to, uint256 maxAmount, bytes32 memo) external returns (uint256 released);
    /// @notice Mints from the buyback fund (BUYBACK_ROLE). `memo` carries the license id.
    function releaseBuyback(address to, uint256 amount, bytes32 memo) external;
    /// @notice A DAO grant (DEFAULT_ADMIN_ROLE, the timelock). `memo` carries the proposal's reason.
    function grant(address to, uint256 amount, bytes32 memo) external;
}
