// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IIFXToken
/// @notice $IFX, the Inferix token (WP §VI-G): ERC20 with permit, votes on a timestamp clock (ERC-6372) and burn.
/// @dev Supply rule (DESIGN "Decisions"): the 1,000,000,000 IFX cap bounds *cumulative* minting. A burn lowers
///      `totalSupply` but never `totalMinted`, so burnt tokens never reopen minting headroom.
///      Exactly two minters exist, fixed once by `initializeMinters`: the TGE (the 50% minted at TGE) and the
///      ecosystem fund (the 50% released through BMW epochs, the buyback fund and DAO grants). Each is bounded by its
///      own allocation and the two allocations sum to exactly the cap.
///
///      Votable supply (WP §VI-H: the DAO votes with $IFX). Most of the supply sits where it cannot vote: Table II's
///      vesting wallets, the DAO treasury, the DEX pool, staking and the reward vaults. A quorum measured on the total
///      supply (20M IFX at 4% of the 500M minted at TGE) could not be reached in the first months, when at most ~14M
///      IFX can vote. So the token keeps a checkpointed total of the balances of holders flagged non-voting, and the
///      governor's quorum is a fraction of `getPastVotableSupply` = total supply - non-voting supply at the snapshot.
///      Flags are set by the TGE for the vesting wallets it creates, by the deployment (admin) for the protocol's
///      vaults before the admin role goes to the timelock, and by governance after. A flagged holder is a contract
///      (never a person) and cannot delegate, so every vote comes from the votable supply: votes <= votable supply.
interface IIFXToken is IERC20 {
    /// @notice The caller is not the deployer that may wire the minters.
    error TokenNotConfigurer(address caller, address configurer);
    /// @notice The minters were already wired; they can never change.
    error TokenMintersAlreadyInitialized();
    /// @notice A minter address was zero or both minters were the same address.
    error TokenInvalidMinter(address minter);
    /// @notice `minter` asked for more than its remaining allocation.
    error TokenMintAllowanceExceeded(address minter, uint256 remaining, uint256 requested);

    /// @notice `caller` may not flag non-voting holders: only the admin (the timelock after deployment) and the TGE.
    error TokenNotNonVotingRegistrar(address caller);
    /// @notice `holder` cannot be flagged non-voting: the zero address, or not a contract.
    error TokenInvalidNonVotingHolder(address holder);
    /// @notice `holder` is non-voting: it cannot delegate.
    error TokenNonVotingHolder(address holder);

    /// @notice Emitted once when the two minters are wired.
    event MintersInitialized(address indexed tge, uint256 tgeAllocation, address indexed ecosystem, uint256 ecosystemAllocation);
    /// @notice Emitted on every mint, after the state change.
    event Minted(address indexed minter, address indexed to, uint256 amount, uint256 totalMinted);

    /// @notice The hard cap on cumulative minting, in IFX wei (1e9 IFX).
    function MAX_SUPPLY() external view returns (uint256);
    /// @notice The TGE minter's allocation: every non-ecosystem allocation of WP Fig. 17 (50%).
    function TGE_ALLOCATION() external view returns (uint256);
    /// @notice The ecosystem fund's allocation (50%, WP §VI-G1).
    function ECOSYSTEM_ALLOCATION() external view returns (uint256);
    /// @notice Every token ever minted; never decreases, burns included.
    function totalMinted() external view returns (uint256);
    /// @notice What `minter` may still mint.
    function mintAllowance(address minter) external view returns (uint256);

    /// @notice Wires the TGE and ecosystem minters; callable once, by the deployer.
    function initializeMinters(address tge, address ecosystem) external;
    /// @notice Mints `amount` to `to` out of the caller's allocation.
    function mint(address to, uint256 amount) external;
    /// @notice Burns `amount` of the caller's tokens.
    function burn(uint256 amount) external;

    /// @notice Emitted when a holder's non-voting flag changes: its balance then and the non-voting supply after.
    event NonVotingSet(address indexed holder, bool nonVoting, uint256 balance, uint256 nonVotingSupply);

    /// @notice Flags `holder` non-voting (its balance leaves the votable supply, its delegation is cleared) or back.
    ///         The admin (DEFAULT_ADMIN_ROLE: the deployer, then the timelock) or the TGE minter; only contracts can be
    ///         flagged. Setting the current value again does nothing.
    function setNonVoting(address holder, bool nonVoting) external;
    /// @notice Whether `holder` is flagged non-voting.
    function isNonVoting(address holder) external view returns (bool);
    /// @notice The balances of non-voting holders now.
    function nonVotingSupply() external view returns (uint256);
    /// @notice The balances of non-voting holders at a past `timepoint` (ERC-6372 clock: a timestamp).
    function getPastNonVotingSupply(uint256 timepoint) external view returns (uint256);
    /// @notice The supply that could vote at a past `timepoint`: total supply minus non-voting supply. The
    ///         governor's quorum is a fraction of it.
    function getPastVotableSupply(uint256 timepoint) external view returns (uint256);
}
