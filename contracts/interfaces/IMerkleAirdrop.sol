// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IMerkleAirdrop
/// @notice The community airdrop (WP Table II: 3,000,000 IFX unlocked at TGE): a Merkle claim with a deadline, after
///         which the DAO sweeps what is unclaimed.
/// @dev Leaves are OpenZeppelin merkle-tree `StandardMerkleTree` leaves of `(address account, uint256 amount)`:
///      `keccak256(bytes.concat(keccak256(abi.encode(account, amount))))`, double-hashed against second-preimage attacks.
interface IMerkleAirdrop {
    /// @notice The claim window closed at `deadline`.
    error AirdropClaimWindowClosed(uint256 nowTimestamp, uint256 deadline);
    /// @notice The claim window is still open until `deadline`.
    error AirdropClaimWindowOpen(uint256 nowTimestamp, uint256 deadline);
    /// @notice `account` already claimed.
    error AirdropAlreadyClaimed(address account);
    /// @notice The proof does not prove `(account, amount)` against the root.
    error AirdropInvalidProof(address account, uint256 amount);
    /// @notice Only the DAO may sweep.
    error AirdropNotDao(address caller);
    /// @notice Sweep to the zero address.
    error AirdropInvalidRecipient(address to);

    /// @notice Emitted after `account` claimed `amount`.
    event Claimed(address indexed account, uint256 amount);
    /// @notice Emitted after the DAO swept `amount` unclaimed tokens to `to`.
    event Swept(address indexed to, uint256 amount);

    function token() external view returns (address);
    function merkleRoot() external view returns (bytes32);
    function claimDeadline() external view returns (uint256);
    function dao() external view returns (address);
    function claimed(address account) external view returns (bool);

    /// @notice Claims `amount` for `account` (anyone may submit; tokens go to `account`).
    function claim(address account, uint256 amount, bytes32[] calldata proof) external;
    /// @notice After the deadline, sends every unclaimed token to `to` (the DAO only).
    function sweep(address to) external;
}
