// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IGuaranteedBuyback
/// @notice The Guaranteed Node Buyback (WP §VI-J2, J3). Eligible: participation over 66.7% and never blacklisted.
///         Window: 7 days, opening 6 months after TGE. The holder hands the license back (to the treasury) and takes
///         (a) 100% of the license's USD price in IFX at the TWAP, vesting linearly over 30 days, from the 10,000,000 IFX
///         buyback fund, or (b) 80% of the ETH it paid, at once.
/// @dev Warning: option (b) is solvent by construction: 80% of every ETH payment is escrowed here per license at
///      purchase and leaves only to that license's holder (option b), or to the treasury when the license takes
///      option (a) or once the window has closed. The eligibility rule, the window and the 80% are constants: they
///      are promises made to buyers, not governed numbers.
interface IGuaranteedBuyback {
    enum Option {
        Ifx,
        Eth
    }

    struct Vesting {
        address beneficiary;
        uint64 startedAt;
        uint128 total;
        uint128 released;
    }

    error BuybackOnlyLicense(address caller);
    error BuybackTgeNotExecuted();
    error BuybackOutsideWindow(uint256 nowTimestamp, uint256 opensAt, uint256 closesAt);
    error BuybackWindowNotClosed(uint256 nowTimestamp, uint256 closesAt);
    error BuybackNotHolder(uint256 tokenId, address caller, address holder);
    error BuybackNotEligible(uint256 tokenId, uint256 participationBps, bool blacklisted);
    error BuybackAlreadyDone(uint256 tokenId);
    error BuybackNoEthPaid(uint256 tokenId);
    error BuybackNothingToClaim(uint256 tokenId);
    error BuybackEthTransferFailed(address to, uint256 amount);

    event EthEscrowed(uint256 indexed tokenId, uint256 amount, uint256 totalEscrowed);
    event BoughtBack(
        uint256 indexed tokenId,
        address indexed holder,
        Option option,
        uint256 usdPriceWad,
        uint256 ifxAmount,
        uint256 ethAmount,
        uint256 participationBps
    );
    event EscrowReleasedToTreasury(uint256 indexed tokenId, uint256 amount);
    event VestedClaimed(uint256 indexed tokenId, address indexed beneficiary, uint256 amount, uint256 released);
    event EscrowSwept(uint256 amount);

    /// @notice Escrows the buyback share of an ETH license payment (the license contract only).
    function escrowEth(uint256 tokenId) external payable;
    /// @notice Sells `tokenId` back (the holder, who must have approved this contract for the token).
    function buyback(uint256 tokenId, Option option) external;
    /// @notice Pays the vested part of an option (a) buyback to its beneficiary (anyone may call).
    function claimVested(uint256 tokenId) external returns (uint256 amount);
    /// @notice After the window, sends every escrowed wei left to the treasury (anyone may call).
    function sweepAfterWindow() external;

    function window() external view returns (uint256 opensAt, uint256 closesAt);
    function escrowOf(uint256 tokenId) external view returns (uint256);
    function totalEscrowed() external view returns (uint256);
    function vestingOf(uint256 tokenId) external view returns (Vesting memory);
    function boughtBack(uint256 tokenId) external view returns (bool);
    /// @notice Whether `tokenId` is eligible now (window aside), with its participation: active completed epochs over
    ///         completed epochs since registration, and never over fewer than the epochs from TGE to the window
    ///         (`programEpochCount`).
    function eligibility(uint256 tokenId) external view returns (bool eligible, uint256 participationBps);
    /// @notice The epochs run from TGE's epoch to the window's opening, counted on the epoch clock's history: what a
    ///         node active throughout the six months was active in. 0 before the TGE.
    /// @dev Warning: before the window opens this is a projection at the epoch length known now; from the window's
    ///      opening it is history, and no later change of the governed epoch length moves it (WP §VI-J2: the
    ///      promise is made to buyers, not governed).
    function programEpochCount() external view returns (uint256);
}
