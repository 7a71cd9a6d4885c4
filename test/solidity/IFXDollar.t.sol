// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Fixture} from "./utils/Fixture.sol";
import {IFXDollar} from "../../contracts/credits/IFXDollar.sol";
import {IIFXDollar} from "../../contracts/interfaces/IIFXDollar.sol";
import {DevStablecoin} from "../../contracts/dev/DevStablecoin.sol";

/// A stablecoin with more decimals than credits: refused at deployment.
contract TwentyFourDecimals is ERC20("24", "24") {
    function decimals() public pure override returns (uint8) {
        return 24;
    }
}

/// A token that keeps 1% of every transfer: credits must be minted only for what arrives.
contract FeeOnTransferToken is ERC20("Fee", "FEE") {
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0xdead), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// An 18-decimal stablecoin (like DAI): 1 unit = 1 credit unit.
contract EighteenDecimals is ERC20("D18", "D18") {
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

contract IFXDollarTest is Fixture {
    address internal artist = address(0xA271);
    address internal market = address(0x3A4C);
    address internal burner = address(0xB042);
    address internal escrow = address(0xE5C0);

    function setUp() public {
        deployFoundation(bytes32(0));
        vm.startPrank(timelock);
        credits.grantRole(credits.MARKET_ROLE(), market);
        credits.setReceivers(burner, foundationHolder);
        vm.stopPrank();
        usd.faucet(artist, 1_000e6);
        vm.prank(artist);
        usd.approve(address(credits), type(uint256).max);
    }

    function test_topUp_oneDollarOneCredit() public {
        vm.prank(artist);
        uint256 minted = credits.topUp(artist, 25e6);
        assertEq(minted, 25e18, "25 USD = 25 ifxDollar");
        assertEq(credits.balanceOf(artist), 25e18, "balance");
        assertEq(credits.totalSupply(), 25e18, "supply");
        assertEq(usd.balanceOf(address(credits)), 25e6, "stablecoin held");
    }

    function test_topUp_forAnotherAccount() public {
        vm.prank(artist);
        credits.topUp(escrow, 1e6);
        assertEq(credits.balanceOf(escrow), 1e18, "credited to the account, paid by the caller");
    }

    function test_topUp_eighteenDecimalStablecoin() public {
        EighteenDecimals dai = new EighteenDecimals();
        IFXDollar c = new IFXDollar(dai, params, timelock);
        dai.mint(artist, 5e18);
        vm.startPrank(artist);
        dai.approve(address(c), 5e18);
        assertEq(c.topUp(artist, 5e18), 5e18, "1:1 at 18 decimals");
        vm.stopPrank();
        assertEq(c.creditsPerStableUnit(), 1, "scale");
    }

    function test_constructor_revertsAbove18Decimals() public {
        TwentyFourDecimals t = new TwentyFourDecimals();
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsUnsupportedDecimals.selector, 24));
        new IFXDollar(t, params, timelock);
    }

    function test_topUp_revertsOnZero() public {
        vm.startPrank(artist);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAmount.selector, 0));
        credits.topUp(artist, 0);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAccount.selector, address(0)));
        credits.topUp(address(0), 1);
        vm.stopPrank();
    }

    function test_topUp_revertsOnShortfall() public {
        FeeOnTransferToken fee = new FeeOnTransferToken();
        IFXDollar c = new IFXDollar(fee, params, timelock);
        fee.mint(artist, 100e6);
        vm.startPrank(artist);
        fee.approve(address(c), 100e6);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsTransferShortfall.selector, 100e6, 99e6));
        c.topUp(artist, 100e6);
        vm.stopPrank();
    }

    function test_refund_returnsStablecoin() public {
        vm.startPrank(artist);
        credits.topUp(artist, 10e6);
        credits.refund(4e6, artist);
        vm.stopPrank();
        assertEq(credits.balanceOf(artist), 6e18, "credits burnt");
        assertEq(usd.balanceOf(artist), 994e6, "stablecoin back");
    }

    function test_refund_revertsBeyondBalance() public {
        vm.startPrank(artist);
        credits.topUp(artist, 1e6);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInsufficientBalance.selector, artist, 1e18, 2e18));
        credits.refund(2e6, artist);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAmount.selector, 0));
        credits.refund(0, artist);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAccount.selector, address(0)));
        credits.refund(1, address(0));
        vm.stopPrank();
    }

    function test_move_onlyMarket() public {
        vm.prank(artist);
        credits.topUp(artist, 10e6);
        bytes32 role = credits.MARKET_ROLE();
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, artist, role));
        credits.move(artist, escrow, 1e18);
        vm.prank(market);
        credits.move(artist, escrow, 3e18);
        assertEq(credits.balanceOf(escrow), 3e18, "escrowed");
        assertEq(credits.totalSupply(), 10e18, "moves keep supply");
    }

    function test_move_revertsBeyondBalanceOrToZero() public {
        vm.startPrank(market);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInsufficientBalance.selector, artist, 0, 1));
        credits.move(artist, escrow, 1);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAccount.selector, address(0)));
        credits.move(artist, address(0), 0);
        vm.stopPrank();
    }

    function test_spend_andDistribute8020() public {
        vm.prank(artist);
        credits.topUp(artist, 100e6);
        vm.prank(market);
        credits.spend(artist, 50e18);
        assertEq(credits.pendingSpentStable(), 50e6, "50 USD owed to the fee split");
        (uint256 burnAmount, uint256 foundationAmount) = credits.distributeSpent();
        assertEq(burnAmount, 40e6, "80% to buy-and-burn");
        assertEq(foundationAmount, 10e6, "20% to the foundation");
        assertEq(usd.balanceOf(burner), 40e6, "burn receiver paid");
        assertEq(usd.balanceOf(foundationHolder), 10e6, "foundation paid");
        assertEq(usd.balanceOf(address(credits)), 50e6, "unspent backing stays");
    }

    function test_spend_revertsForOthersAndOnZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), credits.MARKET_ROLE())
        );
        credits.spend(artist, 1);
        vm.startPrank(market);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAmount.selector, 0));
        credits.spend(artist, 0);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInsufficientBalance.selector, artist, 0, 1));
        credits.spend(artist, 1);
        vm.stopPrank();
    }

    function test_distribute_revertsWithNothingOrNoReceiver() public {
        vm.expectRevert(IIFXDollar.CreditsNothingToDistribute.selector);
        credits.distributeSpent();
        IFXDollar c = new IFXDollar(usd, params, timelock);
        vm.expectRevert(IIFXDollar.CreditsReceiverNotSet.selector);
        c.distributeSpent();
    }

    function test_setReceivers_revertsForOthersOrZero() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), bytes32(0))
        );
        credits.setReceivers(burner, foundationHolder);
        vm.startPrank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAccount.selector, address(0)));
        credits.setReceivers(address(0), foundationHolder);
        vm.expectRevert(abi.encodeWithSelector(IIFXDollar.CreditsInvalidAccount.selector, address(0)));
        credits.setReceivers(burner, address(0));
        vm.stopPrank();
    }

    function test_devStablecoin_faucetLimit() public {
        vm.expectRevert(abi.encodeWithSelector(DevStablecoin.DevFaucetLimit.selector, 1_000_000e6 + 1, 1_000_000e6));
        usd.faucet(artist, 1_000_000e6 + 1);
    }

    /// Spending dust that is not a whole stablecoin unit never lets distribution take unspent backing.
    function testFuzz_spendDistribute_keepsBacking(uint256 topUp, uint256 spent, uint256 refunded) public {
        topUp = bound(topUp, 1, 1_000e6);
        vm.prank(artist);
        credits.topUp(artist, topUp);
        spent = bound(spent, 1, topUp * 1e12);
        vm.prank(market);
        credits.spend(artist, spent);
        refunded = bound(refunded, 0, credits.balanceOf(artist) / 1e12);
        if (refunded > 0) {
            vm.prank(artist);
            credits.refund(refunded, artist);
        }
        if (credits.pendingSpentStable() > 0) credits.distributeSpent();
        assertGe(usd.balanceOf(address(credits)) * 1e12, credits.totalSupply(), "every balance refundable");
        assertEq(credits.distributedStable(), spent / 1e12, "whole units of spent credit paid out");
    }
}
