// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IMerkleAirdrop} from "../interfaces/IMerkleAirdrop.sol";

/// @title MerkleAirdrop
/// @notice See `IMerkleAirdrop`.
contract MerkleAirdrop is IMerkleAirdrop {
    using SafeERC20 for IERC20;

    IERC20 internal immutable _token;
    /// @inheritdoc IMerkleAirdrop
    bytes32 public immutable merkleRoot;
    /// @inheritdoc IMerkleAirdrop
    uint256 public immutable claimDeadline;
    /// @inheritdoc IMerkleAirdrop
    address public immutable dao;
    /// @inheritdoc IMerkleAirdrop
    mapping(address account => bool) public claimed;

    constructor(IERC20 token_, bytes32 merkleRoot_, uint256 claimDeadline_, address dao_) {
        _token = token_;
        merkleRoot = merkleRoot_;
        claimDeadline = claimDeadline_;
        dao = dao_;
    }

    /// @inheritdoc IMerkleAirdrop
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IMerkleAirdrop
    function claim(address account, uint256 amount, bytes32[] calldata proof) external {
        if (block.timestamp > claimDeadline) revert AirdropClaimWindowClosed(block.timestamp, claimDeadline);
        if (claimed[account]) revert AirdropAlreadyClaimed(account);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
        if (!MerkleProof.verifyCalldata(proof, merkleRoot, leaf)) revert AirdropInvalidProof(account, amount);
        claimed[account] = true;
        _token.safeTransfer(account, amount);
        emit Claimed(account, amount);
    }

    /// @inheritdoc IMerkleAirdrop
    function sweep(address to) external {
        if (msg.sender != dao) revert AirdropNotDao(msg.sender);
        if (block.timestamp <= claimDeadline) revert AirdropClaimWindowOpen(block.timestamp, claimDeadline);
        if (to == address(0)) revert AirdropInvalidRecipient(to);
        uint256 amount = _token.balanceOf(address(this));
        _token.safeTransfer(to, amount);
        emit Swept(to, amount);
    }
}
