// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {Fixture} from "./utils/Fixture.sol";
import {IMerkleAirdrop} from "../../contracts/interfaces/IMerkleAirdrop.sol";

contract MerkleAirdropTest is Fixture {
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal carol = address(0xCA201);
    bytes32 internal leafA;
    bytes32 internal leafB;
    bytes32 internal leafC;
    bytes32 internal nodeAB;

    function setUp() public {
        leafA = leaf(alice, 1_000e18);
        leafB = leaf(bob, 2_000e18);
        leafC = leaf(carol, 500e18);
        // The commutative pair hash of OpenZeppelin's StandardMerkleTree and MerkleProof.
        nodeAB = Hashes.commutativeKeccak256(leafA, leafB);
        deployFoundation(Hashes.commutativeKeccak256(nodeAB, leafC));
        runTge();
    }

    function leaf(address account, uint256 amount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }

    function proofFor(bytes32 sibling, bytes32 uncle) internal pure returns (bytes32[] memory p) {
        p = new bytes32[](2);
        (p[0], p[1]) = (sibling, uncle);
    }

    function test_claim_paysTheAccount() public {
        vm.prank(carol);
        airdrop.claim(alice, 1_000e18, proofFor(leafB, leafC));
        assertEq(token.balanceOf(alice), 1_000e18, "paid to the account, not the caller");
        assertTrue(airdrop.claimed(alice), "marked");
        bytes32[] memory single = new bytes32[](1);
        single[0] = nodeAB;
        airdrop.claim(carol, 500e18, single);
        assertEq(token.balanceOf(carol), 500e18, "short proof for the odd leaf");
    }

    function test_claim_revertsTwice() public {
        airdrop.claim(bob, 2_000e18, proofFor(leafA, leafC));
        vm.expectRevert(abi.encodeWithSelector(IMerkleAirdrop.AirdropAlreadyClaimed.selector, bob));
        airdrop.claim(bob, 2_000e18, proofFor(leafA, leafC));
    }

    function test_claim_revertsOnWrongAmount() public {
        vm.expectRevert(abi.encodeWithSelector(IMerkleAirdrop.AirdropInvalidProof.selector, bob, 2_001e18));
        airdrop.claim(bob, 2_001e18, proofFor(leafA, leafC));
    }

    function test_claim_revertsAfterDeadline() public {
        uint256 deadline = airdrop.claimDeadline();
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IMerkleAirdrop.AirdropClaimWindowClosed.selector, deadline + 1, deadline));
        airdrop.claim(bob, 2_000e18, proofFor(leafA, leafC));
    }

    function test_sweep_afterDeadlineByDao() public {
        airdrop.claim(bob, 2_000e18, proofFor(leafA, leafC));
        uint256 deadline = airdrop.claimDeadline();
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IMerkleAirdrop.AirdropClaimWindowOpen.selector, block.timestamp, deadline));
        airdrop.sweep(timelock);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IMerkleAirdrop.AirdropNotDao.selector, address(this)));
        airdrop.sweep(address(this));
        vm.startPrank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IMerkleAirdrop.AirdropInvalidRecipient.selector, address(0)));
        airdrop.sweep(address(0));
        uint256 before = token.balanceOf(timelock);
        airdrop.sweep(timelock);
        vm.stopPrank();
        assertEq(token.balanceOf(timelock) - before, 3_000_000e18 - 2_000e18, "unclaimed back to the DAO");
    }
}
