// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ITokenGenerationEvent
/// @notice The TGE (WP §VI-G, Fig. 17, Table II): one transaction mints every non-ecosystem allocation into its holder,
///         through a vesting wallet wherever Table II locks it.
/// @dev Warning: the amounts and schedules are constants of the implementation (the WP's table as code, not a
///      spreadsheet); only the holders are chosen at deployment. A holder may be a distributor or a multisig that
///      splits a tranche among its investors.
interface ITokenGenerationEvent {
    /// @notice One row of the allocation table.
    /// @param name Tranche name (bytes32 of its ASCII label).
    /// @param holder Who receives the tokens (the beneficiary of the vesting wallet when locked).
    /// @param amount IFX wei.
    /// @param tgeUnlockBps Share unlocked at TGE, in basis points.
    /// @param cliffSeconds Time after TGE before the linear part starts.
    /// @param linearSeconds Length of the linear part after the cliff.
    struct Allocation {
        bytes32 name;
        address holder;
        uint256 amount;
        uint16 tgeUnlockBps;
        uint64 cliffSeconds;
        uint64 linearSeconds;
    }

    /// @notice The holders chosen at deployment, one per tranche.
    struct Holders {
        address seed;
        address strategic;
        address kol;
        address publicSale;
        address liquidity;
        address airdrop;
        address communityTreasury;
        address foundation;
    }

    /// @notice `execute` was called before the TGE time.
    error TgeTooEarly(uint256 nowTimestamp, uint256 notBefore);
    /// @notice The TGE already ran at `executedAt`.
    error TgeAlreadyExecuted(uint256 executedAt);
    /// @notice The holder of tranche `index` is the zero address.
    error TgeZeroHolder(uint256 index);
    /// @notice The allocation table does not sum to the token's TGE allocation.
    error TgeAllocationMismatch(uint256 sum, uint256 expected);

    /// @notice Emitted once per tranche, after its tokens are minted. `recipient` is the vesting wallet for a locked
    ///         tranche and the holder itself for an unlocked one.
    event AllocationMinted(
        uint256 indexed index,
        bytes32 indexed name,
        address indexed holder,
        address recipient,
        uint256 amount,
        uint16 tgeUnlockBps,
        uint64 cliffSeconds,
        uint64 linearSeconds
    );
    /// @notice Emitted once, after every tranche is minted.
    event TgeExecuted(uint256 timestamp, uint256 totalMinted);

    /// @notice The allocation table (WP Fig. 17 and Table II).
    function allocations() external view returns (Allocation[] memory);
    /// @notice Mints every allocation; callable by anyone, once, from `notBefore`.
    function execute() external;
    /// @notice The earliest TGE time.
    function notBefore() external view returns (uint256);
    /// @notice When the TGE ran (0 before).
    function executedAt() external view returns (uint256);
    /// @notice Where tranche `index` was minted: its vesting wallet, or its holder when unlocked (0 before the TGE).
    function recipientOf(uint256 index) external view returns (address);
}
