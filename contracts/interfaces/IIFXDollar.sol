// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IIFXDollar
/// @notice ifxDollar (WP §VI-D): prepaid service credit, topped up with a USD stablecoin at 1 USD = 1 ifxDollar.
/// @dev Warning: not a token. Balances cannot be transferred between users (DESIGN "ifxDollar is not transferable",
///      like Helium's Data Credits); only the protocol's market (MARKET_ROLE) moves them, into and out of job escrow,
///      and spends them. Credits have 18 decimals whatever the stablecoin's: 1 stablecoin unit = 10^(18 - d) credit
///      units. The stablecoin behind spent credit is owed to the fee split (WP §VI-D: 80% buy-and-burn, 20% foundation)
///      and leaves through `distributeSpent`; the stablecoin behind unspent credit always stays, so every balance can
///      be refunded.
interface IIFXDollar {
    /// @notice The stablecoin has more than 18 decimals.
    error CreditsUnsupportedDecimals(uint8 decimals);
    /// @notice Zero amount, or zero account.
    error CreditsInvalidAmount(uint256 amount);
    /// @notice Zero address where an account was required.
    error CreditsInvalidAccount(address account);
    /// @notice `account` holds `balance` credits, less than `needed`.
    error CreditsInsufficientBalance(address account, uint256 balance, uint256 needed);
    /// @notice The stablecoin arrived short (a fee-on-transfer token); credits are minted only for what arrived.
    error CreditsTransferShortfall(uint256 expected, uint256 received);
    /// @notice No receiver is set for the spent stablecoin.
    error CreditsReceiverNotSet();
    /// @notice Nothing spent is waiting to be distributed.
    error CreditsNothingToDistribute();

    /// @notice Emitted after a top-up: `payer` paid `stableAmount`, `account` received `credits`.
    event ToppedUp(address indexed payer, address indexed account, uint256 stableAmount, uint256 credits);
    /// @notice Emitted after `account` redeemed `credits` for `stableAmount` paid to `to`.
    event Refunded(address indexed account, address indexed to, uint256 credits, uint256 stableAmount);
    /// @notice Emitted after the market moved credits (into or out of escrow).
    event CreditsMoved(address indexed from, address indexed to, uint256 credits);
    /// @notice Emitted after the market spent `credits` of `from` (a paid fee).
    event CreditsSpent(address indexed from, uint256 credits, uint256 totalSpentCredits);
    /// @notice Emitted after the stablecoin behind spent credit was paid out.
    event SpentDistributed(address indexed burnReceiver, uint256 burnAmount, address indexed foundation, uint256 foundationAmount);
    /// @notice Emitted after the receivers of spent stablecoin change.
    event ReceiversSet(address burnReceiver, address foundation);

    /// @notice The USD stablecoin behind credits.
    function stablecoin() external view returns (address);
    /// @notice Credit units per stablecoin unit: 10^(18 - stablecoin decimals).
    function creditsPerStableUnit() external view returns (uint256);
    /// @notice Credits held by `account`.
    function balanceOf(address account) external view returns (uint256);
    /// @notice Credits outstanding.
    function totalSupply() external view returns (uint256);
    /// @notice Credits ever spent on fees.
    function totalSpentCredits() external view returns (uint256);
    /// @notice Stablecoin already paid out of spent credit.
    function distributedStable() external view returns (uint256);
    /// @notice Stablecoin behind spent credit not yet paid out.
    function pendingSpentStable() external view returns (uint256);

    /// @notice Pays `stableAmount` of the stablecoin for `account`'s credits; returns the credits minted.
    function topUp(address account, uint256 stableAmount) external returns (uint256 credits);
    /// @notice Redeems the caller's unspent credits worth `stableAmount`, paid to `to`.
    function refund(uint256 stableAmount, address to) external returns (uint256 credits);
    /// @notice Moves credits between accounts (MARKET_ROLE): job escrow in and out.
    function move(address from, address to, uint256 credits) external;
    /// @notice Spends credits of `from` (MARKET_ROLE): a fee paid for verified work.
    function spend(address from, uint256 credits) external;
    /// @notice Pays the stablecoin behind spent credit: the burn share to the burn receiver, the rest to the foundation.
    function distributeSpent() external returns (uint256 burnAmount, uint256 foundationAmount);
    /// @notice Sets the receivers of spent stablecoin (DEFAULT_ADMIN_ROLE, the timelock).
    function setReceivers(address burnReceiver, address foundation) external;
}
