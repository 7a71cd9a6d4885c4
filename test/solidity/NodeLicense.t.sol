// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {NodesFixture} from "./utils/NodesFixture.sol";
import {NodeLicense} from "../../contracts/nodes/NodeLicense.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";

/// A buyer contract that can hold licenses but rejects ETH: any refund of excess ETH to it fails.
contract EthRejectingBuyer is IERC721Receiver {
    NodeLicense internal immutable _license;

    constructor(NodeLicense license_) {
        _license = license_;
    }

    function buyInEth(INodeLicense.Kind kind) external payable returns (uint256) {
        return _license.buy{value: msg.value}(kind, true);
    }

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return IERC721Receiver.onERC721Received.selector;
    }
}

/// A treasury that rejects ETH (a misconfiguration: the real treasury is the timelock, which accepts ETH).
contract EthRejectingTreasury {}

/// Stands in for the buyback vault of a license deployed on its own (the real vault only accepts its own license).
contract StandInVault {
    mapping(uint256 tokenId => uint256) public escrowOf;

    function escrowEth(uint256 tokenId) external payable {
        escrowOf[tokenId] += msg.value;
    }
}

contract NodeLicenseTest is NodesFixture {
    bytes32 internal constant CAP_WORKER = keccak256("licenseCapWorker");
    bytes32 internal constant CAP_VERIFIER = keccak256("licenseCapVerifier");
    bytes32 internal constant CAP_MANAGER = keccak256("licenseCapManager");
    bytes32 internal constant DISCOUNT = keccak256("whitelistDiscountBps");
    address internal carol = address(0xCA201);

    function setUp() public {
        deployNodes();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev TGE, then a fresh ETH/USD TWAP (the deployment's observation is stale a day later).
    function _openPublicSale() internal {
        runTge();
        ageOracles();
    }

    function _approveUsd(address who) internal {
        usd.faucet(who, 100_000e6);
        vm.prank(who);
        usd.approve(address(license), type(uint256).max);
    }

    function _buyInEth(address buyer, INodeLicense.Kind kind, uint256 value) internal returns (uint256 id) {
        vm.deal(buyer, buyer.balance + value);
        vm.prank(buyer);
        id = license.buy{value: value}(kind, true);
    }

    function _freshLicense(address treasury_) internal returns (NodeLicense fresh) {
        fresh = new NodeLicense(usd, ethUsd, params, tge, treasury_, address(this));
        fresh.addTier(INodeLicense.Kind.Worker, 2, 500e18);
    }

    function _setParam(bytes32 key, uint256 value) internal {
        vm.prank(timelock);
        params.set(key, value);
    }

    // ------------------------------------------------------------------ reverts: sale

    function test_buy_revertsWhenSoldOut() public {
        runTge();
        _setParam(CAP_MANAGER, 1);
        buyWithUsd(bob, INodeLicense.Kind.Manager);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseSoldOut.selector, INodeLicense.Kind.Manager, 1, 1));
        license.buy(INodeLicense.Kind.Manager, false);
        assertEq(license.soldOf(INodeLicense.Kind.Manager), 1, "nothing sold past the cap");
    }

    function test_buy_revertsWhenCapLoweredBelowSold() public {
        runTge();
        buyWithUsd(bob, INodeLicense.Kind.Worker);
        buyWithUsd(bob, INodeLicense.Kind.Worker);
        _setParam(CAP_WORKER, 1);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseSoldOut.selector, INodeLicense.Kind.Worker, 2, 1));
        license.buy(INodeLicense.Kind.Worker, false);
        // Other kinds keep their own caps.
        uint256 id = buyWithUsd(bob, INodeLicense.Kind.Verifier);
        assertEq(id, 3, "verifiers still on sale");
    }

    function test_buyWhitelisted_revertsWhenSoldOut() public {
        _setParam(CAP_VERIFIER, 0);
        _approveUsd(alice);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseSoldOut.selector, INodeLicense.Kind.Verifier, 0, 0));
        license.buyWhitelisted(INodeLicense.Kind.Verifier, false, 2, proof);
        assertEq(license.whitelistUsed(alice), 0, "quota not consumed");
    }

    function test_buy_revertsWhenNoTierLeft() public {
        runTge();
        buyWithUsd(bob, INodeLicense.Kind.Manager);
        buyWithUsd(bob, INodeLicense.Kind.Manager);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(INodeLicense.LicenseNoTierAvailable.selector, INodeLicense.Kind.Manager, 2)
        );
        license.buy(INodeLicense.Kind.Manager, false);
        vm.expectRevert(
            abi.encodeWithSelector(INodeLicense.LicenseNoTierAvailable.selector, INodeLicense.Kind.Manager, 2)
        );
        license.quote(INodeLicense.Kind.Manager, false);
    }

    function test_buy_resumesWhenTierAddedAfterSellingOut() public {
        runTge();
        buyWithUsd(bob, INodeLicense.Kind.Manager);
        buyWithUsd(bob, INodeLicense.Kind.Manager);
        vm.prank(timelock);
        license.addTier(INodeLicense.Kind.Manager, 1, 3_000e18);
        uint256 id = buyWithUsd(bob, INodeLicense.Kind.Manager);
        INodeLicense.License memory l = license.licenseOf(id);
        assertEq(l.tier, 1, "the new tier");
        assertEq(l.usdPriceWad, 3_000e18, "at its price");
    }

    function test_buy_revertsWithoutTiers() public {
        runTge();
        NodeLicense fresh = new NodeLicense(usd, ethUsd, params, tge, timelock, address(this));
        vm.expectRevert(
            abi.encodeWithSelector(INodeLicense.LicenseNoTierAvailable.selector, INodeLicense.Kind.Verifier, 0)
        );
        fresh.buy(INodeLicense.Kind.Verifier, false);
        vm.expectRevert(
            abi.encodeWithSelector(INodeLicense.LicenseNoTierAvailable.selector, INodeLicense.Kind.Worker, 0)
        );
        fresh.quote(INodeLicense.Kind.Worker, true);
    }

    /// The stablecoin price stands on its own: with the ETH oracle too young, quote() still answers, with 0 wei.
    function test_quote_answersWhileEthPriceUnavailable() public {
        runTge();
        (uint256 usdPrice, uint256 tier, uint256 stableAmount, uint256 weiAmount) =
            license.quote(INodeLicense.Kind.Worker, false);
        assertEq(usdPrice, 500e18, "USD price");
        assertEq(tier, 0, "tier");
        assertEq(stableAmount, 500e6, "dUSD amount");
        assertEq(weiAmount, 0, "no ETH amount while the oracle fails closed");
        ageOracles();
        (,,, weiAmount) = license.quote(INodeLicense.Kind.Worker, false);
        assertEq(weiAmount, (uint256(500e18) * 1e18 + ethUsd.usdPriceWad() - 1) / ethUsd.usdPriceWad(), "then priced");
    }

    function test_buyWhitelisted_revertsAfterTge() public {
        runTge();
        _approveUsd(alice);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseWhitelistClosed.selector, TGE_AT));
        license.buyWhitelisted(INodeLicense.Kind.Worker, false, 2, proof);
    }

    function test_buy_revertsBeforeTge() public {
        _approveUsd(bob);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicensePublicSaleNotOpen.selector));
        license.buy(INodeLicense.Kind.Worker, false);
    }

    function test_buyWhitelisted_revertsOnWrongQuota() public {
        _approveUsd(alice);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseInvalidWhitelistProof.selector, alice, 3));
        license.buyWhitelisted(INodeLicense.Kind.Worker, false, 3, proof);
    }

    function test_buyWhitelisted_revertsForAnotherAccount() public {
        _approveUsd(bob);
        bytes32[] memory proof = aliceProof();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseInvalidWhitelistProof.selector, bob, 2));
        license.buyWhitelisted(INodeLicense.Kind.Worker, false, 2, proof);
    }

    function test_buyWhitelisted_revertsOnEmptyProof() public {
        _approveUsd(alice);
        bytes32[] memory proof = new bytes32[](0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseInvalidWhitelistProof.selector, alice, 2));
        license.buyWhitelisted(INodeLicense.Kind.Worker, false, 2, proof);
    }

    function test_buyWhitelisted_revertsWhenQuotaUsed() public {
        _approveUsd(alice);
        bytes32[] memory proof = aliceProof();
        vm.startPrank(alice);
        license.buyWhitelisted(INodeLicense.Kind.Worker, false, 2, proof);
        license.buyWhitelisted(INodeLicense.Kind.Verifier, false, 2, proof);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseWhitelistQuotaUsed.selector, alice, 2, 2));
        license.buyWhitelisted(INodeLicense.Kind.Worker, false, 2, proof);
        vm.stopPrank();
        assertEq(license.whitelistUsed(alice), 2, "quota of 2 used across kinds");
        assertEq(license.balanceOf(alice), 2, "two licenses");
    }

    function test_buy_revertsOnInsufficientEth() public {
        _openPublicSale();
        (,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Worker, false);
        vm.deal(bob, 10 ether);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(INodeLicense.LicenseInsufficientEth.selector, weiAmount - 1, weiAmount)
        );
        license.buy{value: weiAmount - 1}(INodeLicense.Kind.Worker, true);
    }

    function test_buyWhitelisted_revertsOnInsufficientEth() public {
        ageOracles();
        (,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Worker, true);
        vm.deal(alice, 10 ether);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseInsufficientEth.selector, 0, weiAmount));
        license.buyWhitelisted(INodeLicense.Kind.Worker, true, 2, proof);
    }

    function test_buy_revertsOnUnexpectedEth() public {
        runTge();
        _approveUsd(bob);
        vm.deal(bob, 1 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseUnexpectedEth.selector, 1));
        license.buy{value: 1}(INodeLicense.Kind.Worker, false);
    }

    function test_buyWhitelisted_revertsOnUnexpectedEth() public {
        _approveUsd(alice);
        vm.deal(alice, 1 ether);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseUnexpectedEth.selector, 0.5 ether));
        license.buyWhitelisted{value: 0.5 ether}(INodeLicense.Kind.Worker, false, 2, proof);
    }

    function test_buy_revertsInEthWithoutVault() public {
        _openPublicSale();
        NodeLicense fresh = _freshLicense(timelock);
        vm.deal(bob, 10 ether);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseVaultNotSet.selector));
        fresh.buy{value: 1 ether}(INodeLicense.Kind.Worker, true);
        // The stablecoin sale does not need the vault.
        usd.faucet(bob, 500e6);
        vm.startPrank(bob);
        usd.approve(address(fresh), 500e6);
        uint256 id = fresh.buy(INodeLicense.Kind.Worker, false);
        vm.stopPrank();
        assertEq(fresh.ownerOf(id), bob, "sold in the stablecoin");
    }

    function test_buy_revertsWhenRefundRejected() public {
        _openPublicSale();
        EthRejectingBuyer buyer = new EthRejectingBuyer(license);
        (,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Worker, false);
        vm.deal(address(this), weiAmount + 1);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseEthTransferFailed.selector, address(buyer), 1));
        buyer.buyInEth{value: weiAmount + 1}(INodeLicense.Kind.Worker);
        // Paying the exact amount needs no refund, so the same buyer gets its license.
        uint256 id = buyer.buyInEth{value: weiAmount}(INodeLicense.Kind.Worker);
        assertEq(license.ownerOf(id), address(buyer), "exact payment from an ETH-rejecting contract");
    }

    function test_buy_revertsWhenTreasuryRejectsEth() public {
        _openPublicSale();
        EthRejectingTreasury treasury = new EthRejectingTreasury();
        NodeLicense fresh = _freshLicense(address(treasury));
        StandInVault vault = new StandInVault();
        fresh.setBuybackVault(address(vault));
        (,,, uint256 weiAmount) = fresh.quote(INodeLicense.Kind.Worker, false);
        uint256 toTreasury = weiAmount - (weiAmount * 8_000) / 10_000;
        vm.deal(bob, 10 ether);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(INodeLicense.LicenseEthTransferFailed.selector, address(treasury), toTreasury)
        );
        fresh.buy{value: weiAmount}(INodeLicense.Kind.Worker, true);
    }

    // ------------------------------------------------------------------ reverts: views and admin

    function test_licenseOf_revertsForUnknownId() public {
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseUnknown.selector, 1));
        license.licenseOf(1);
        runTge();
        uint256 id = buyWithUsd(bob, INodeLicense.Kind.Worker);
        assertEq(license.licenseOf(id).usdPriceWad, 500e18, "minted id known");
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseUnknown.selector, id + 1));
        license.licenseOf(id + 1);
    }

    function test_addTier_revertsOnZeroSize() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseInvalidTier.selector, 0, 900e18));
        license.addTier(INodeLicense.Kind.Worker, 0, 900e18);
    }

    function test_addTier_revertsOnZeroPrice() public {
        NodeLicense fresh = new NodeLicense(usd, ethUsd, params, tge, timelock, address(this));
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseInvalidTier.selector, 5, 0));
        fresh.addTier(INodeLicense.Kind.Verifier, 5, 0);
        assertEq(fresh.tiers(INodeLicense.Kind.Verifier).length, 0, "nothing added");
    }

    function test_addTier_revertsOnDecreasingPrice() public {
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(
                INodeLicense.LicenseTierPriceDecreasing.selector, INodeLicense.Kind.Worker, 800e18, 800e18 - 1
            )
        );
        license.addTier(INodeLicense.Kind.Worker, 1, 800e18 - 1);
    }

    function test_addTier_acceptsEqualPrice() public {
        vm.prank(timelock);
        license.addTier(INodeLicense.Kind.Worker, 7, 800e18);
        INodeLicense.Tier[] memory t = license.tiers(INodeLicense.Kind.Worker);
        assertEq(t.length, 3, "appended");
        assertEq(t[2].size, 7, "size");
        assertEq(t[2].usdPriceWad, 800e18, "equal price accepted");
    }

    function test_setBuybackVault_revertsWhenAlreadySet() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseVaultAlreadySet.selector, address(buyback)));
        license.setBuybackVault(address(0xBEEF));
        assertEq(address(license.buybackVault()), address(buyback), "unchanged");
    }

    function test_addTier_revertsForNonAdmin() public {
        bytes32 role = license.DEFAULT_ADMIN_ROLE();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role));
        license.addTier(INodeLicense.Kind.Worker, 1, 1_000e18);
    }

    function test_setWhitelistRoot_revertsForNonAdmin() public {
        bytes32 role = license.DEFAULT_ADMIN_ROLE();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role));
        license.setWhitelistRoot(bytes32(uint256(1)));
        assertTrue(license.whitelistRoot() == whitelistRoot, "root unchanged");
    }

    function test_setBuybackVault_revertsForNonAdmin() public {
        NodeLicense fresh = new NodeLicense(usd, ethUsd, params, tge, timelock, timelock);
        bytes32 role = fresh.DEFAULT_ADMIN_ROLE();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role));
        fresh.setBuybackVault(address(0xBEEF));
        assertEq(address(fresh.buybackVault()), address(0), "still unset");
    }

    // ------------------------------------------------------------------ sale: positive

    function test_buy_tierProgression() public {
        _openPublicSale();
        uint256[5] memory prices = [uint256(500e18), 500e18, 800e18, 800e18, 800e18];
        uint256[5] memory tierOf = [uint256(0), 0, 1, 1, 1];
        for (uint256 i; i < 5; ++i) {
            (uint256 quoted, uint256 quotedTier,,) = license.quote(INodeLicense.Kind.Worker, false);
            assertEq(quoted, prices[i], "quoted price");
            assertEq(quotedTier, tierOf[i], "quoted tier");
            uint256 before = usd.balanceOf(timelock);
            uint256 id = buyWithUsd(bob, INodeLicense.Kind.Worker);
            INodeLicense.License memory l = license.licenseOf(id);
            assertEq(l.usdPriceWad, prices[i], "price paid rises after 2");
            assertEq(l.tier, tierOf[i], "tier recorded");
            assertEq(usd.balanceOf(timelock) - before, prices[i] / 1e12, "charged in dUSD");
            assertEq(license.soldOf(INodeLicense.Kind.Worker), i + 1, "sold count");
        }
        assertEq(license.soldOf(INodeLicense.Kind.Verifier), 0, "kinds are independent");
    }

    function test_licenseOf_recordsEthPurchase() public {
        ageOracles();
        (uint256 usdPrice,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Worker, true);
        vm.deal(alice, 1 ether);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        uint256 id = license.buyWhitelisted{value: weiAmount}(INodeLicense.Kind.Worker, true, 2, proof);
        INodeLicense.License memory l = license.licenseOf(id);
        assertTrue(l.kind == INodeLicense.Kind.Worker, "kind");
        assertEq(l.tier, 0, "tier");
        assertTrue(l.whitelisted, "whitelisted");
        assertEq(l.purchasedAt, block.timestamp, "purchasedAt");
        assertEq(l.payToken, address(0), "ETH");
        assertEq(l.usdPriceWad, 400e18, "discounted USD price");
        assertEq(usdPrice, 400e18, "as quoted");
        assertEq(l.amountPaid, weiAmount, "wei paid");
        assertEq(license.ownerOf(id), alice, "owner");
        assertEq(license.whitelistUsed(alice), 1, "quota consumed");
    }

    function test_licenseOf_recordsStablecoinPurchase() public {
        runTge();
        vm.warp(block.timestamp + 1 hours);
        uint256 id = buyWithUsd(bob, INodeLicense.Kind.Verifier);
        INodeLicense.License memory l = license.licenseOf(id);
        assertTrue(l.kind == INodeLicense.Kind.Verifier, "kind");
        assertEq(l.tier, 0, "tier");
        assertTrue(!l.whitelisted, "public");
        assertEq(l.purchasedAt, TGE_AT + 1 hours, "purchasedAt");
        assertEq(l.payToken, address(usd), "the stablecoin");
        assertEq(l.usdPriceWad, 300e18, "USD price");
        assertEq(l.amountPaid, 300e6, "dUSD paid (6 decimals)");
    }

    function test_quote_whitelistDiscount() public {
        ageOracles();
        (uint256 w,,,) = license.quote(INodeLicense.Kind.Worker, true);
        (uint256 v,,,) = license.quote(INodeLicense.Kind.Verifier, true);
        (uint256 m, uint256 tier, uint256 stable,) = license.quote(INodeLicense.Kind.Manager, true);
        assertEq(w, 400e18, "20% off $500");
        assertEq(v, 240e18, "20% off $300");
        assertEq(m, 1_600e18, "20% off $2,000");
        assertEq(tier, 0, "tier");
        assertEq(stable, 1_600e6, "in dUSD");
        (uint256 full,,,) = license.quote(INodeLicense.Kind.Worker, false);
        assertEq(full, 500e18, "no discount for the public");
        _setParam(DISCOUNT, 5_000);
        (w,,,) = license.quote(INodeLicense.Kind.Worker, true);
        assertEq(w, 250e18, "governed discount 50%");
    }

    function test_buyWhitelisted_chargesDiscountedStablecoin() public {
        _approveUsd(alice);
        uint256 before = usd.balanceOf(alice);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        uint256 id = license.buyWhitelisted(INodeLicense.Kind.Manager, false, 2, proof);
        assertEq(before - usd.balanceOf(alice), 1_600e6, "paid 80% of $2,000");
        assertEq(usd.balanceOf(timelock), 1_600e6, "to the treasury");
        assertEq(license.licenseOf(id).usdPriceWad, 1_600e18, "recorded");
        assertEq(buyback.escrowOf(id), 0, "nothing escrowed for stablecoin payments");
    }

    function test_buy_stablecoinGoesToTreasury() public {
        runTge();
        _approveUsd(bob);
        uint256 bobBefore = usd.balanceOf(bob);
        uint256 treasuryBefore = usd.balanceOf(timelock);
        vm.prank(bob);
        uint256 id = license.buy(INodeLicense.Kind.Manager, false);
        assertEq(bobBefore - usd.balanceOf(bob), 2_000e6, "buyer charged");
        assertEq(usd.balanceOf(timelock) - treasuryBefore, 2_000e6, "treasury credited");
        assertEq(usd.balanceOf(address(license)), 0, "license holds nothing");
        assertEq(buyback.escrowOf(id), 0, "no escrow");
    }

    function test_buy_ethSplitBetweenEscrowAndTreasury() public {
        _openPublicSale();
        (,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Manager, false);
        uint256 treasuryBefore = timelock.balance;
        uint256 vaultBefore = address(buyback).balance;
        uint256 id = _buyInEth(bob, INodeLicense.Kind.Manager, weiAmount);
        uint256 escrowed = (weiAmount * 8_000) / 10_000;
        assertEq(buyback.escrowOf(id), escrowed, "exactly 80% escrowed for the license");
        assertEq(address(buyback).balance - vaultBefore, escrowed, "vault holds the escrow");
        assertEq(timelock.balance - treasuryBefore, weiAmount - escrowed, "the rest to the treasury");
        assertEq(address(license).balance, 0, "license keeps no ETH");
        assertEq(license.licenseOf(id).amountPaid, weiAmount, "amount recorded");
    }

    function test_buyWhitelisted_ethSplitBeforeTge() public {
        ageOracles();
        (,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Verifier, true);
        vm.deal(alice, 1 ether);
        bytes32[] memory proof = aliceProof();
        vm.prank(alice);
        uint256 id = license.buyWhitelisted{value: weiAmount}(INodeLicense.Kind.Verifier, true, 2, proof);
        assertEq(buyback.escrowOf(id), (weiAmount * 8_000) / 10_000, "80% escrowed");
        assertEq(timelock.balance, weiAmount - (weiAmount * 8_000) / 10_000, "20% to the treasury");
        assertEq(alice.balance, 1 ether - weiAmount, "charged the quote");
    }

    function test_buy_refundsExcessEth() public {
        _openPublicSale();
        (,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Worker, false);
        vm.deal(bob, 5 ether);
        vm.prank(bob);
        uint256 id = license.buy{value: 5 ether}(INodeLicense.Kind.Worker, true);
        assertEq(bob.balance, 5 ether - weiAmount, "excess refunded");
        assertEq(license.licenseOf(id).amountPaid, weiAmount, "charged the quote");
        assertEq(
            address(buyback).balance + timelock.balance, weiAmount, "only the price left the buyer"
        );
    }

    function test_quote_matchesCharge() public {
        _openPublicSale();
        _approveUsd(bob);
        for (uint256 i; i < 4; ++i) {
            INodeLicense.Kind kind = i % 2 == 0 ? INodeLicense.Kind.Worker : INodeLicense.Kind.Manager;
            (uint256 usdPrice, uint256 tier, uint256 stableAmount, uint256 weiAmount) = license.quote(kind, false);
            bool inEth = i < 2;
            uint256 usdBefore = usd.balanceOf(bob);
            uint256 id;
            if (inEth) {
                id = _buyInEth(bob, kind, weiAmount);
            } else {
                vm.prank(bob);
                id = license.buy(kind, false);
            }
            INodeLicense.License memory l = license.licenseOf(id);
            assertEq(l.usdPriceWad, usdPrice, "USD price as quoted");
            assertEq(l.tier, tier, "tier as quoted");
            assertEq(l.amountPaid, inEth ? weiAmount : stableAmount, "amount as quoted");
            assertEq(usdBefore - usd.balanceOf(bob), inEth ? 0 : stableAmount, "stablecoin charged as quoted");
        }
    }

    function test_buy_emitsLicensePurchased() public {
        _openPublicSale();
        (,,, uint256 weiAmount) = license.quote(INodeLicense.Kind.Verifier, false);
        uint256 escrowed = (weiAmount * 8_000) / 10_000;
        vm.deal(bob, 1 ether);
        vm.expectEmit(true, true, true, true);
        emit INodeLicense.LicensePurchased(
            1, bob, INodeLicense.Kind.Verifier, 0, 300e18, address(0), weiAmount, escrowed, false
        );
        vm.prank(bob);
        license.buy{value: 1 ether}(INodeLicense.Kind.Verifier, true);
    }

    function test_enumerable_indexesLicensesByOwner() public {
        runTge();
        uint256 a = buyWithUsd(bob, INodeLicense.Kind.Worker);
        uint256 b = buyWithUsd(carol, INodeLicense.Kind.Verifier);
        uint256 c = buyWithUsd(bob, INodeLicense.Kind.Manager);
        uint256 d = buyWithUsd(bob, INodeLicense.Kind.Worker);
        assertEq(license.totalSupply(), 4, "supply");
        assertEq(license.balanceOf(bob), 3, "bob's count");
        assertEq(license.tokenOfOwnerByIndex(bob, 0), a, "bob #0");
        assertEq(license.tokenOfOwnerByIndex(bob, 1), c, "bob #1");
        assertEq(license.tokenOfOwnerByIndex(bob, 2), d, "bob #2");
        assertEq(license.tokenOfOwnerByIndex(carol, 0), b, "carol #0");
        assertEq(license.tokenByIndex(1), b, "global index in mint order");
        assertEq(a, 1, "ids start at 1");
        assertEq(d, 4, "ids are sequential across kinds");
        vm.prank(bob);
        license.transferFrom(bob, carol, a);
        assertEq(license.balanceOf(bob), 2, "bob after transfer");
        assertEq(license.tokenOfOwnerByIndex(bob, 0), d, "last moved into the hole");
        assertEq(license.tokenOfOwnerByIndex(carol, 1), a, "carol #1");
        assertEq(license.licenseOf(a).usdPriceWad, 500e18, "the record follows the token");
    }

    // ------------------------------------------------------------------ fuzz

    /// @notice Random sequences of whitelisted and public purchases, of every kind and in both currencies, over a
    ///         random extension of the tier table: within a kind the USD price paid never decreases in sale order, and
    ///         the sale stops exactly when the table is exhausted.
    function testFuzz_buy_priceNonDecreasingWithinKind(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 14);
        // Extend each table with one tier at a random non-negative increment.
        vm.startPrank(timelock);
        license.addTier(INodeLicense.Kind.Worker, uint64(bound(seed, 1, 3)), uint192(800e18 + bound(seed >> 8, 0, 1e21)));
        license.addTier(INodeLicense.Kind.Verifier, 1, uint192(300e18 + bound(seed >> 16, 0, 1e21)));
        license.addTier(INodeLicense.Kind.Manager, 1, uint192(2_000e18 + bound(seed >> 24, 0, 1e21)));
        vm.stopPrank();
        ageOracles();
        _approveUsd(alice);
        _approveUsd(bob);
        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);

        uint256[3] memory lastUsd;
        uint256[3] memory lastWei;
        bool publicSale;
        for (uint256 i; i < steps; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            INodeLicense.Kind kind = INodeLicense.Kind(r % 3);
            bool inEth = (r >> 8) % 2 == 0;
            bool whitelisted = !publicSale && (r >> 16) % 3 != 0 && license.whitelistUsed(alice) < 2;
            if (!whitelisted && !publicSale) {
                runTge();
                ageOracles();
                publicSale = true;
            }
            uint256 k = uint256(uint8(kind));
            uint256 sold = license.soldOf(kind);
            if (sold >= _tableSize(kind)) {
                vm.prank(bob);
                vm.expectRevert(abi.encodeWithSelector(INodeLicense.LicenseNoTierAvailable.selector, kind, sold));
                license.buy(kind, false);
                continue;
            }
            (,,, uint256 weiAmount) = license.quote(kind, whitelisted);
            uint256 id;
            if (whitelisted) {
                bytes32[] memory proof = aliceProof();
                vm.prank(alice);
                id = license.buyWhitelisted{value: inEth ? weiAmount : 0}(kind, inEth, 2, proof);
            } else {
                vm.prank(bob);
                id = license.buy{value: inEth ? weiAmount : 0}(kind, inEth);
            }
            INodeLicense.License memory l = license.licenseOf(id);
            assertGe(l.usdPriceWad, lastUsd[k], "USD price never decreases within a kind");
            lastUsd[k] = l.usdPriceWad;
            if (inEth) {
                // The ETH price is constant here (nothing trades on the pool), so neither does the wei price.
                assertGe(l.amountPaid, lastWei[k], "wei price never decreases within a kind");
                lastWei[k] = l.amountPaid;
            }
            assertEq(license.soldOf(kind), sold + 1, "one more sold");
        }
    }

    function _tableSize(INodeLicense.Kind kind) internal view returns (uint256 size) {
        INodeLicense.Tier[] memory t = license.tiers(kind);
        for (uint256 i; i < t.length; ++i) size += t[i].size;
    }

    /// @notice At any ETH price (moved by a real swap on the pool and read through the TWAP), any kind, whitelisted or
    ///         not and any governed discount, the wei charged is ceil(usd * 1e18 / ethUsdPrice), 80% of it escrowed.
    function testFuzz_buy_weiChargedIsCeilOfUsdOverEthPrice(
        uint256 swapIn,
        bool sellEth,
        uint8 kindSeed,
        bool whitelisted,
        uint256 discountBps
    ) public {
        discountBps = bound(discountBps, 0, 5_000);
        _setParam(DISCOUNT, discountBps);
        if (!whitelisted) runTge();
        if (sellEth) sellWeth(bound(swapIn, 1e15, 1_000 ether));
        else sellUsdForWeth(bound(swapIn, 1e6, 3_000_000e6));
        ethUsd.update();
        vm.warp(block.timestamp + 30 minutes);
        ethUsd.update();

        INodeLicense.Kind kind = INodeLicense.Kind(kindSeed % 3);
        uint256 listUsd = kind == INodeLicense.Kind.Worker ? 500e18 : kind == INodeLicense.Kind.Verifier ? 300e18 : 2_000e18;
        uint256 usdPrice = whitelisted ? listUsd - (listUsd * discountBps) / 10_000 : listUsd;
        uint256 ethPrice = ethUsd.usdPriceWad();
        uint256 expectedWei = (usdPrice * 1e18 + ethPrice - 1) / ethPrice;

        address buyer = whitelisted ? alice : bob;
        vm.deal(buyer, expectedWei + 1 ether);
        uint256 id;
        if (whitelisted) {
            bytes32[] memory proof = aliceProof();
            vm.prank(alice);
            id = license.buyWhitelisted{value: expectedWei + 1 ether}(kind, true, 2, proof);
        } else {
            vm.prank(bob);
            id = license.buy{value: expectedWei + 1 ether}(kind, true);
        }
        INodeLicense.License memory l = license.licenseOf(id);
        assertEq(l.usdPriceWad, usdPrice, "USD price");
        assertEq(l.amountPaid, expectedWei, "wei recorded = ceil(usd / price)");
        assertEq(buyer.balance, 1 ether, "wei charged = ceil(usd / price), the rest refunded");
        assertEq(buyback.escrowOf(id), (expectedWei * 8_000) / 10_000, "80% escrowed");
        assertGe(expectedWei * ethPrice, usdPrice * 1e18, "never undercharged");
    }



}
