// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {IFXToken} from "../../contracts/token/IFXToken.sol";
import {IIFXToken} from "../../contracts/interfaces/IIFXToken.sol";

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
}
