// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {IFXToken} from "../../contracts/token/IFXToken.sol";
import {IIFXToken} from "../../contracts/interfaces/IIFXToken.sol";
import {ITokenGenerationEvent} from "../../contracts/interfaces/ITokenGenerationEvent.sol";

contract IFXTokenTest is Fixture {
    address internal alice = address(0xA11CE);

    function setUp() public {
        deployFoundation(bytes32(0));
    }

    function test_metadata() public view {
        assertTrue(keccak256(bytes(token.name())) == keccak256("Inferix"), "name");
        assertTrue(keccak256(bytes(token.symbol())) == keccak256("IFX"), "symbol");
        assertEq(token.decimals(), 18, "decimals");
        assertEq(token.MAX_SUPPLY(), 1_000_000_000e18, "cap");
        assertEq(token.TGE_ALLOCATION() + token.ECOSYSTEM_ALLOCATION(), token.MAX_SUPPLY(), "allocations sum to cap");
    }

    function test_clock_isTimestamp() public {
        vm.warp(T0 + 12345);
        assertEq(token.clock(), T0 + 12345, "clock");
        assertTrue(keccak256(bytes(token.CLOCK_MODE())) == keccak256("mode=timestamp"), "clock mode");
    }

    function test_initializeMinters_setsAllowances() public view {
        assertEq(token.mintAllowance(address(tge)), 500_000_000e18, "tge allowance");
        assertEq(token.mintAllowance(address(eco)), 500_000_000e18, "eco allowance");
    }

    function test_initializeMinters_revertsForOthers() public {
        IFXToken fresh = new IFXToken();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenNotConfigurer.selector, alice, address(this)));
        fresh.initializeMinters(address(1), address(2));
    }

    function test_initializeMinters_revertsTwice() public {
        vm.expectRevert(IIFXToken.TokenMintersAlreadyInitialized.selector);
        token.initializeMinters(address(1), address(2));
    }

    function test_initializeMinters_revertsOnZeroTge() public {
        IFXToken fresh = new IFXToken();
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenInvalidMinter.selector, address(0)));
        fresh.initializeMinters(address(0), address(2));
    }

    function test_initializeMinters_revertsOnZeroEcosystem() public {
        IFXToken fresh = new IFXToken();
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenInvalidMinter.selector, address(0)));
        fresh.initializeMinters(address(1), address(0));
    }

    function test_initializeMinters_revertsOnSameMinter() public {
        IFXToken fresh = new IFXToken();
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenInvalidMinter.selector, address(1)));
        fresh.initializeMinters(address(1), address(1));
    }

    function test_mint_revertsForNonMinter() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenMintAllowanceExceeded.selector, alice, 0, 1));
        token.mint(alice, 1);
    }

    function test_mint_revertsPastAllocation() public {
        vm.startPrank(address(eco));
        token.mint(alice, 400_000_000e18);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIFXToken.TokenMintAllowanceExceeded.selector, address(eco), 100_000_000e18, 100_000_000e18 + 1
            )
        );
        token.mint(alice, 100_000_000e18 + 1);
        vm.stopPrank();
    }

    function test_burn_neverReopensHeadroom() public {
        vm.prank(address(eco));
        token.mint(alice, 500_000_000e18);
        vm.prank(alice);
        token.burn(200_000_000e18);
        assertEq(token.totalSupply(), 300_000_000e18, "supply fell");
        assertEq(token.totalMinted(), 500_000_000e18, "minted did not");
        vm.prank(address(eco));
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenMintAllowanceExceeded.selector, address(eco), 0, 1));
        token.mint(alice, 1);
    }

    function test_votes_followDelegation() public {
        vm.prank(address(eco));
        token.mint(alice, 1_000e18);
        assertEq(token.getVotes(alice), 0, "no votes before delegation");
        vm.prank(alice);
        token.delegate(alice);
        assertEq(token.getVotes(alice), 1_000e18, "votes after delegation");
        vm.warp(block.timestamp + 1);
        assertEq(token.getPastVotes(alice, block.timestamp - 1), 1_000e18, "checkpoint by timestamp");
    }

    /// Cumulative minting never passes the cap, whatever the sequence of mints and burns.
    function testFuzz_mintBurn_capHolds(uint256 a, uint256 b, uint256 burnt, uint256 c) public {
        a = bound(a, 0, 500_000_000e18);
        vm.prank(address(eco));
        token.mint(alice, a);
        burnt = bound(burnt, 0, a);
        vm.prank(alice);
        token.burn(burnt);
        b = bound(b, 0, 600_000_000e18);
        uint256 remaining = 500_000_000e18 - a;
        vm.prank(address(eco));
        if (b > remaining) {
            vm.expectRevert(
                abi.encodeWithSelector(IIFXToken.TokenMintAllowanceExceeded.selector, address(eco), remaining, b)
            );
            token.mint(alice, b);
        } else {
            token.mint(alice, b);
        }
        c = bound(c, 0, 500_000_000e18);
        vm.prank(address(tge));
        token.mint(alice, c);
        assertLe(token.totalMinted(), token.MAX_SUPPLY(), "cap");
        assertEq(token.totalSupply() + burnt, token.totalMinted(), "supply + burnt == minted");
    }

    // ------------------------------------------------------------------ votable supply

    /// @dev A contract holder standing in for a vault (any contract can be flagged).
    function _vault() internal returns (address) {
        return address(new IFXTokenVaultStub());
    }

    function test_runTge_flagsEveryVestingWallet() public {
        runTge();
        uint256 locked;
        ITokenGenerationEvent.Allocation[] memory table = tge.allocations();
        for (uint256 i; i < table.length; ++i) {
            address recipient = tge.recipientOf(i);
            if (table[i].tgeUnlockBps == 10_000) continue; // an unlocked tranche went to its holder
            assertTrue(token.isNonVoting(recipient), "vesting wallet flagged");
            locked += token.balanceOf(recipient);
        }
        assertEq(locked, 350_000_000e18, "seed, strategic, KOLs, public sale, foundation");
        assertEq(token.nonVotingSupply(), locked, "the non-voting supply is theirs");
        vm.warp(block.timestamp + 1);
        assertEq(token.getPastVotableSupply(block.timestamp - 1), 150_000_000e18, "the rest can vote");
    }

    function test_setNonVoting_tracksTransfersMintsAndBurns() public {
        address vault = _vault();
        vm.prank(address(eco));
        token.mint(alice, 1_000e18);
        vm.expectEmit(true, true, true, true);
        emit IIFXToken.NonVotingSet(vault, true, 0, 0);
        token.setNonVoting(vault, true);
        vm.prank(alice);
        token.transfer(vault, 400e18);
        assertEq(token.nonVotingSupply(), 400e18, "into the vault");
        vm.prank(address(eco));
        token.mint(vault, 100e18);
        assertEq(token.nonVotingSupply(), 500e18, "minted into the vault");
        vm.prank(vault);
        token.burn(50e18);
        assertEq(token.nonVotingSupply(), 450e18, "burnt from the vault");
        vm.prank(vault);
        token.transfer(alice, 150e18);
        assertEq(token.nonVotingSupply(), 300e18, "released from the vault");
        uint256 flaggedAt = block.timestamp;
        vm.warp(block.timestamp + 10);
        token.setNonVoting(vault, false);
        assertEq(token.nonVotingSupply(), 0, "unflagged");
        vm.warp(block.timestamp + 1);
        assertEq(token.getPastNonVotingSupply(flaggedAt), 300e18, "the past is checkpointed");
        assertEq(token.getPastVotableSupply(flaggedAt), token.totalSupply() - 300e18, "votable then");
        assertEq(token.getPastVotableSupply(block.timestamp - 1), token.totalSupply(), "votable now");
    }

    function test_setNonVoting_clearsDelegationAndBlocksIt() public {
        address vault = _vault();
        vm.prank(address(eco));
        token.mint(vault, 1_000e18);
        vm.prank(vault);
        token.delegate(alice);
        assertEq(token.getVotes(alice), 1_000e18, "delegated before the flag");
        token.setNonVoting(vault, true);
        assertEq(token.getVotes(alice), 0, "its votes left the delegate");
        assertEq(token.delegates(vault), address(0), "no delegate");
        vm.prank(vault);
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenNonVotingHolder.selector, vault));
        token.delegate(vault);
    }

    function test_setNonVoting_onlyAdminOrTge() public {
        address vault = _vault();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenNotNonVotingRegistrar.selector, alice));
        token.setNonVoting(vault, true);
        vm.prank(address(tge));
        token.setNonVoting(vault, true);
        assertTrue(token.isNonVoting(vault), "the TGE may flag");
    }

    function test_setNonVoting_neverAPerson() public {
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenInvalidNonVotingHolder.selector, alice));
        token.setNonVoting(alice, true);
        vm.expectRevert(abi.encodeWithSelector(IIFXToken.TokenInvalidNonVotingHolder.selector, address(0)));
        token.setNonVoting(address(0), true);
    }

    /// For random transfers among two flagged vaults and two people: the non-voting supply is the vaults' balances,
    /// and every vote cast could only come from the votable supply.
    function testFuzz_nonVotingSupply_isTheFlaggedBalances(uint256 seed, uint8 steps) public {
        address[4] memory who = [_vault(), _vault(), alice, address(0xB0B)];
        token.setNonVoting(who[0], true);
        token.setNonVoting(who[1], true);
        for (uint256 i; i < 4; ++i) {
            vm.prank(address(eco));
            token.mint(who[i], 1_000e18);
        }
        vm.prank(alice);
        token.delegate(alice);
        for (uint256 i; i < bound(steps, 1, 30); ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            address from = who[r % 4];
            address to = who[(r >> 8) % 4];
            uint256 amount = bound(r >> 16, 0, token.balanceOf(from));
            vm.prank(from);
            token.transfer(to, amount);
            assertEq(token.nonVotingSupply(), token.balanceOf(who[0]) + token.balanceOf(who[1]), "flagged balances");
            assertLe(token.getVotes(alice), token.totalSupply() - token.nonVotingSupply(), "votes <= votable");
        }
    }
}

/// @notice A contract that can hold and move IFX: a vault standing in for the protocol's holders.
contract IFXTokenVaultStub {}
