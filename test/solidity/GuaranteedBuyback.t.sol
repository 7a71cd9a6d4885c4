// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {NodesFixture} from "./utils/NodesFixture.sol";
import {UniswapV2} from "./utils/UniswapV2.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {INodeStaking} from "../../contracts/interfaces/INodeStaking.sol";
import {IGuaranteedBuyback} from "../../contracts/interfaces/IGuaranteedBuyback.sol";
import {IEcosystemFund} from "../../contracts/interfaces/IEcosystemFund.sol";

/// @notice GuaranteedBuyback: the ETH escrow, the window, eligibility (participation belongs to the license), option
///         (a) in IFX at the TWAP vesting over 30 days from the 10,000,000 IFX fund, option (b) in ETH at once, the
///         sweep after the window.
contract GuaranteedBuybackTest is NodesFixture {
    address internal stranger = address(0x57A6);

    uint256 internal ethId; // alice's worker, $500 paid in ETH, active in every epoch
    uint256 internal usdId; // alice's worker, $500 paid in dUSD, active in every epoch
    uint256 internal lowId; // bob's worker, $800 paid in dUSD, benchmarked once then idle
    uint256 internal ethPaid; // wei paid for ethId
    uint256 internal escrow; // 80% of it

    function setUp() public {
        deployNodes();
    }

    // ------------------------------------------------------------------ helpers

    function _setupLicenses() internal {
        ageOracles();
        runTgeAndSeedIfxPool();
        ageOracles();
        (ethId, ethPaid) = _buyWithEth(alice, INodeLicense.Kind.Worker);
        escrow = (ethPaid * 8_000) / 10_000;
        usdId = buyWithUsd(alice, INodeLicense.Kind.Worker);
        lowId = buyWithUsd(bob, INodeLicense.Kind.Worker);
        registerWorker(alice, ethId, aliceOperator);
        registerWorker(alice, usdId, address(0xA2));
        registerWorker(bob, lowId, bobOperator);
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](3);
        b[0] = INodeRegistry.Benchmark(ethId, SCENE, 20_000);
        b[1] = INodeRegistry.Benchmark(usdId, SCENE, 20_000);
        b[2] = INodeRegistry.Benchmark(lowId, SCENE, 20_000);
        vm.prank(manager);
        registry.postBenchmarks(b);
        vm.prank(alice);
        registry.setActive(ethId, true);
        vm.prank(alice);
        registry.setActive(usdId, true);
    }

    function _buyWithEth(address buyer, INodeLicense.Kind kind) internal returns (uint256 tokenId, uint256 paid) {
        (,,, paid) = license.quote(kind, false);
        vm.deal(buyer, buyer.balance + paid);
        vm.prank(buyer);
        tokenId = license.buy{value: paid}(kind, true);
        assertEq(license.licenseOf(tokenId).amountPaid, paid, "paid the quote");
    }

    /// @dev Moves epoch by epoch to the window, the market reporting alice's two nodes active in each, then refreshes
    ///      both oracles. Ends inside the window.
    function _reachWindow() internal {
        (uint256 opensAt,) = buyback.window();
        while (block.timestamp < opensAt) {
            vm.warp(block.timestamp + 72 hours);
            vm.startPrank(market);
            registry.markActive(ethId);
            registry.markActive(usdId);
            vm.stopPrank();
        }
        ageOracles();
        (, uint256 closesAt) = buyback.window();
        assertTrue(block.timestamp >= opensAt && block.timestamp < closesAt, "inside the window");
    }

    function _giveIfx(address who, uint256 amount) internal {
        vm.prank(timelock);
        token.transfer(who, amount);
        vm.prank(who);
        IERC20(address(token)).approve(address(staking), type(uint256).max);
    }

    function _buyback(address holder, uint256 tokenId, IGuaranteedBuyback.Option option) internal {
        vm.startPrank(holder);
        license.approve(address(buyback), tokenId);
        buyback.buyback(tokenId, option);
        vm.stopPrank();
    }

    function _expectNotEligible(address holder, uint256 tokenId, uint256 participation, bool blacklisted) internal {
        vm.startPrank(holder);
        license.approve(address(buyback), tokenId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuaranteedBuyback.BuybackNotEligible.selector, tokenId, participation, blacklisted
            )
        );
        buyback.buyback(tokenId, IGuaranteedBuyback.Option.Ifx);
        vm.stopPrank();
    }

    /// @dev Sells `amountIn` IFX of the DAO treasury into the real IFX/dUSD pair.
    function _dumpIfx(uint256 amountIn) internal {
        vm.prank(timelock);
        token.transfer(address(ifxUsdPair), amountIn);
        UniswapV2.swapIn(ifxUsdPair, address(token), amountIn, address(this));
    }

    // ------------------------------------------------------------------ escrow

    function test_escrowEth_holdsEightyPercentPerLicense() public {
        _setupLicenses();
        assertEq(buyback.escrowOf(ethId), escrow, "80% of the ETH paid");
        assertEq(buyback.escrowOf(usdId), 0, "nothing for a dUSD license");
        assertEq(buyback.totalEscrowed(), escrow, "total");
        assertEq(address(buyback).balance, escrow, "held by the vault");
        assertEq(timelock.balance, ethPaid - escrow, "20% to the treasury");
    }

    function test_escrowEth_onlyLicense() public {
        vm.deal(alice, 1 ether);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackOnlyLicense.selector, alice));
        buyback.escrowEth{value: 1 ether}(1);
    }

    function test_escrowEth_afterWindowForwardsToTreasury() public {
        _setupLicenses();
        (, uint256 closesAt) = buyback.window();
        vm.warp(closesAt);
        ageOracles();
        uint256 vaultBefore = address(buyback).balance;
        uint256 treasuryBefore = timelock.balance;
        (uint256 late, uint256 paid) = _buyWithEth(bob, INodeLicense.Kind.Worker);
        assertEq(address(buyback).balance, vaultBefore, "the vault keeps nothing");
        assertEq(buyback.escrowOf(late), 0, "nothing escrowed");
        assertEq(buyback.totalEscrowed(), escrow, "total unchanged");
        assertEq(timelock.balance - treasuryBefore, paid, "all of it to the treasury");
    }

    // ------------------------------------------------------------------ window

    function test_window_revertsBeforeTge() public {
        vm.expectRevert(IGuaranteedBuyback.BuybackTgeNotExecuted.selector);
        buyback.window();
        vm.expectRevert(IGuaranteedBuyback.BuybackTgeNotExecuted.selector);
        buyback.buyback(1, IGuaranteedBuyback.Option.Ifx);
        vm.expectRevert(IGuaranteedBuyback.BuybackTgeNotExecuted.selector);
        buyback.sweepAfterWindow();
    }

    function test_window_sixMonthsAfterTgeForSevenDays() public {
        runTge();
        (uint256 opensAt, uint256 closesAt) = buyback.window();
        assertEq(opensAt, TGE_AT + 182.5 days, "opens 6 months after TGE");
        assertEq(closesAt, opensAt + 7 days, "for 7 days");
    }

    function test_buyback_revertsBeforeWindow() public {
        _setupLicenses();
        (uint256 opensAt, uint256 closesAt) = buyback.window();
        vm.warp(opensAt - 1);
        vm.startPrank(alice);
        license.approve(address(buyback), ethId);
        vm.expectRevert(
            abi.encodeWithSelector(IGuaranteedBuyback.BuybackOutsideWindow.selector, opensAt - 1, opensAt, closesAt)
        );
        buyback.buyback(ethId, IGuaranteedBuyback.Option.Eth);
        vm.stopPrank();
    }

    function test_buyback_revertsAfterWindow() public {
        _setupLicenses();
        _reachWindow();
        (uint256 opensAt, uint256 closesAt) = buyback.window();
        vm.warp(closesAt);
        vm.startPrank(alice);
        license.approve(address(buyback), ethId);
        vm.expectRevert(
            abi.encodeWithSelector(IGuaranteedBuyback.BuybackOutsideWindow.selector, closesAt, opensAt, closesAt)
        );
        buyback.buyback(ethId, IGuaranteedBuyback.Option.Eth);
        vm.stopPrank();
    }

    function test_sweepAfterWindow_revertsBeforeClose() public {
        _setupLicenses();
        _reachWindow();
        (, uint256 closesAt) = buyback.window();
        vm.expectRevert(
            abi.encodeWithSelector(IGuaranteedBuyback.BuybackWindowNotClosed.selector, block.timestamp, closesAt)
        );
        buyback.sweepAfterWindow();
    }

    // ------------------------------------------------------------------ eligibility reverts

    function test_buyback_revertsForNonHolder() public {
        _setupLicenses();
        _reachWindow();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackNotHolder.selector, ethId, bob, alice));
        buyback.buyback(ethId, IGuaranteedBuyback.Option.Eth);
    }

    function test_buyback_revertsOnLowParticipation() public {
        _setupLicenses();
        _reachWindow();
        uint256 completed = clock.currentEpoch(); // all three registered in epoch 0
        uint256 participation = registry.participationBps(lowId);
        assertEq(participation, 10_000 / completed, "active in its first epoch only");
        (bool eligible, uint256 p) = buyback.eligibility(lowId);
        assertTrue(!eligible, "not eligible");
        assertEq(p, participation, "same participation");
        _expectNotEligible(bob, lowId, participation, false);
    }

    function test_buyback_revertsWhenBlacklisted() public {
        _setupLicenses();
        _reachWindow();
        vm.prank(timelock);
        registry.blacklist(ethId);
        assertEq(registry.participationBps(ethId), 10_000, "full participation");
        _expectNotEligible(alice, ethId, 10_000, true);
    }

    function test_buyback_revertsEthOptionWithoutEthPaid() public {
        _setupLicenses();
        _reachWindow();
        vm.startPrank(alice);
        license.approve(address(buyback), usdId);
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackNoEthPaid.selector, usdId));
        buyback.buyback(usdId, IGuaranteedBuyback.Option.Eth);
        vm.stopPrank();
    }

    function test_buyback_revertsWithoutApproval() public {
        _setupLicenses();
        _reachWindow();
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, address(buyback), ethId)
        );
        buyback.buyback(ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(license.ownerOf(ethId), alice, "kept");
    }

    // ------------------------------------------------------------------ option (a): IFX

    function test_buyback_ifxAmountAtTwapRoundedDown() public {
        _setupLicenses();
        _reachWindow();
        uint256 price = ifxUsd.usdPriceWad();
        uint256 expected = (500e18 * 1e18) / price;
        assertLe(expected * price, 500e36, "rounded down");
        assertGe((expected + 1) * price, 500e36 + 1, "by less than one wei");
        vm.startPrank(alice);
        license.approve(address(buyback), usdId);
        vm.expectEmit(true, true, false, true);
        emit IGuaranteedBuyback.BoughtBack(usdId, alice, IGuaranteedBuyback.Option.Ifx, 500e18, expected, 0, 10_000);
        buyback.buyback(usdId, IGuaranteedBuyback.Option.Ifx);
        vm.stopPrank();
        IGuaranteedBuyback.Vesting memory v = buyback.vestingOf(usdId);
        assertEq(v.total, expected, "USD price / TWAP");
        assertEq(v.beneficiary, alice, "for the holder");
        assertEq(v.startedAt, block.timestamp, "vesting starts now");
        assertEq(v.released, 0, "nothing released yet");
        assertEq(eco.releasedBuyback(), expected, "from the buyback fund");
        assertEq(token.balanceOf(address(buyback)), expected, "minted into the vault");
        assertTrue(expected > 4_990e18 && expected < 5_010e18, "about 5,000 IFX at $0.10");
    }

    function test_claimVested_linearOverThirtyDays() public {
        _setupLicenses();
        _reachWindow();
        _buyback(alice, usdId, IGuaranteedBuyback.Option.Ifx);
        uint256 startedAt = block.timestamp;
        uint256 total = buyback.vestingOf(usdId).total;
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackNothingToClaim.selector, usdId));
        buyback.claimVested(usdId);

        vm.warp(startedAt + 15 days);
        vm.prank(stranger); // anyone may trigger it; the beneficiary is paid
        uint256 first = buyback.claimVested(usdId);
        assertEq(first, total / 2, "half after 15 days");
        assertEq(token.balanceOf(alice), total / 2, "paid to alice");
        assertEq(buyback.vestingOf(usdId).released, total / 2, "released");

        vm.warp(startedAt + 30 days);
        uint256 second = buyback.claimVested(usdId);
        assertEq(second, total - total / 2, "the rest after 30 days");
        assertEq(token.balanceOf(alice), total, "all of it");
        assertEq(token.balanceOf(address(buyback)), 0, "vault emptied");

        vm.warp(startedAt + 60 days);
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackNothingToClaim.selector, usdId));
        buyback.claimVested(usdId);
    }

    function test_claimVested_revertsWithoutBuyback() public {
        _setupLicenses();
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackNothingToClaim.selector, usdId));
        buyback.claimVested(usdId);
    }

    function test_buyback_returnsLicenseToTreasuryAndRetiresNode() public {
        _setupLicenses();
        _reachWindow();
        _buyback(alice, usdId, IGuaranteedBuyback.Option.Ifx);
        assertEq(license.ownerOf(usdId), timelock, "license to the treasury");
        INodeRegistry.Node memory n = registry.node(usdId);
        assertTrue(n.retired && !n.active, "node retired");
        assertEq(registry.licenseOfOperator(address(0xA2)), 0, "operator freed");
        assertTrue(buyback.boughtBack(usdId), "recorded");
        (bool eligible,) = buyback.eligibility(usdId);
        assertTrue(!eligible, "never again");
        assertTrue(staking.eligibility(usdId, 0) == INodeStaking.Eligibility.Retired, "out of service");
    }

    function test_buyback_movesStakeIntoUnbondingForHolder() public {
        _setupLicenses();
        _giveIfx(alice, 5_000e18);
        vm.prank(alice);
        staking.stake(usdId, 5_000e18);
        _reachWindow();
        _buyback(alice, usdId, IGuaranteedBuyback.Option.Ifx);
        INodeStaking.Unbonding memory u = staking.unbondingOf(usdId, alice);
        assertEq(staking.stakeOf(usdId), 0, "no stake left on the retired node");
        assertEq(u.amount, 5_000e18, "all of it unbonding, for the holder");
        assertEq(staking.unbondingOf(usdId, timelock).amount, 0, "not for the treasury");
        assertEq(u.releaseAt, block.timestamp + params.unbondingPeriodSeconds(), "after the unbonding period");
        vm.warp(u.releaseAt);
        staking.withdraw(usdId, alice);
        assertEq(token.balanceOf(alice), 5_000e18, "stake back to alice");
    }

    function test_buyback_ifxOptionReleasesEscrowToTreasury() public {
        _setupLicenses();
        _reachWindow();
        uint256 treasuryBefore = timelock.balance;
        uint256 aliceBefore = alice.balance;
        _buyback(alice, ethId, IGuaranteedBuyback.Option.Ifx);
        assertEq(timelock.balance - treasuryBefore, escrow, "the escrow goes to the treasury");
        assertEq(alice.balance, aliceBefore, "no ETH to alice");
        assertEq(address(buyback).balance, 0, "vault emptied");
        assertEq(buyback.escrowOf(ethId), 0, "escrow cleared");
        assertEq(buyback.totalEscrowed(), 0, "total cleared");
        assertTrue(buyback.vestingOf(ethId).total > 0, "paid in IFX instead");
    }

    // ------------------------------------------------------------------ option (b): ETH

    function test_buyback_ethOptionPaysEscrowAtOnce() public {
        _setupLicenses();
        _reachWindow();
        uint256 aliceBefore = alice.balance;
        uint256 treasuryBefore = timelock.balance;
        _buyback(alice, ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(alice.balance - aliceBefore, escrow, "exactly the escrowed 80%");
        assertEq(timelock.balance, treasuryBefore, "nothing to the treasury");
        assertEq(address(buyback).balance, 0, "vault emptied");
        assertEq(buyback.totalEscrowed(), 0, "total cleared");
        assertEq(buyback.vestingOf(ethId).total, 0, "no IFX");
        assertEq(eco.releasedBuyback(), 0, "buyback fund untouched");
        assertEq(license.ownerOf(ethId), timelock, "license to the treasury");
    }

    // ------------------------------------------------------------------ sweep

    function test_sweepAfterWindow_sendsRestToTreasury() public {
        _setupLicenses();
        (uint256 bobEthId,) = _buyWithEth(bob, INodeLicense.Kind.Worker);
        uint256 bobEscrow = buyback.escrowOf(bobEthId);
        assertTrue(bobEscrow > 0, "bob's escrow");
        _reachWindow();
        _buyback(alice, ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(address(buyback).balance, bobEscrow, "bob's escrow left");
        (, uint256 closesAt) = buyback.window();
        vm.warp(closesAt);
        uint256 treasuryBefore = timelock.balance;
        vm.expectEmit(false, false, false, true);
        emit IGuaranteedBuyback.EscrowSwept(bobEscrow);
        vm.prank(stranger);
        buyback.sweepAfterWindow();
        assertEq(timelock.balance - treasuryBefore, bobEscrow, "to the treasury");
        assertEq(address(buyback).balance, 0, "vault emptied");
        assertEq(buyback.totalEscrowed(), 0, "total cleared");
    }

    // ------------------------------------------------------------------ fund exhaustion

    function test_buyback_revertsWhenBuybackFundExhausted() public {
        _setupLicenses();
        _reachWindow();
        vm.warp(block.timestamp + 10 minutes);
        _dumpIfx(50_000_000e18); // IFX/dUSD falls from $0.10 to about $0.00004
        ageOracles();
        uint256 price = ifxUsd.usdPriceWad();
        assertLe(price, 0.00005e18, "IFX crashed");
        uint256 amount = (500e18 * 1e18) / price;
        assertTrue(amount > eco.BUYBACK_FUND(), "one license is worth more than the fund");
        vm.startPrank(alice);
        license.approve(address(buyback), usdId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IEcosystemFund.EcosystemExceedsBuybackFund.selector, uint256(10_000_000e18), uint256(0), amount
            )
        );
        buyback.buyback(usdId, IGuaranteedBuyback.Option.Ifx);
        vm.stopPrank();
        assertEq(license.ownerOf(usdId), alice, "license kept by its holder");
        assertTrue(!buyback.boughtBack(usdId), "not bought back");
        assertTrue(!registry.node(usdId).retired, "node still live");
        assertEq(eco.releasedBuyback(), 0, "fund untouched");
        // Option (b) does not depend on the fund.
        _buyback(alice, ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(license.ownerOf(ethId), timelock, "the ETH buyback still works");
    }

    // ------------------------------------------------------------------ double claims

    function test_buyback_revertsTwice() public {
        _setupLicenses();
        _reachWindow();
        _buyback(alice, ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(license.ownerOf(ethId), timelock, "the treasury holds the license");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackAlreadyDone.selector, ethId));
        buyback.buyback(ethId, IGuaranteedBuyback.Option.Eth);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackAlreadyDone.selector, ethId));
        buyback.buyback(ethId, IGuaranteedBuyback.Option.Ifx);
        vm.startPrank(timelock);
        license.approve(address(buyback), ethId);
        vm.expectRevert(abi.encodeWithSelector(IGuaranteedBuyback.BuybackAlreadyDone.selector, ethId));
        buyback.buyback(ethId, IGuaranteedBuyback.Option.Ifx);
        vm.stopPrank();
        assertEq(alice.balance, escrow, "paid once");
    }

    // ------------------------------------------------------------------ participation belongs to the license

    function test_buyback_freshLicenseInEligibleWalletStaysIneligible() public {
        _setupLicenses();
        _reachWindow();
        uint256 participation = registry.participationBps(lowId);
        vm.prank(bob);
        license.transferFrom(bob, alice, lowId);
        (bool eligible, uint256 p) = buyback.eligibility(lowId);
        assertTrue(!eligible, "still ineligible in alice's wallet");
        assertEq(p, participation, "its own participation");
        _expectNotEligible(alice, lowId, participation, false);
        _buyback(alice, ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(license.ownerOf(lowId), alice, "the fresh one stays with alice");
        assertEq(license.ownerOf(ethId), timelock, "the eligible one was bought back");
    }

    function test_buyback_participationFollowsTransferredLicense() public {
        _setupLicenses();
        _reachWindow();
        (bool before, uint256 pBefore) = buyback.eligibility(ethId);
        vm.prank(alice);
        license.transferFrom(alice, bob, ethId);
        (bool eligible, uint256 p) = buyback.eligibility(ethId);
        assertTrue(before && eligible, "eligible before and after");
        assertEq(p, pBefore, "participation kept");
        uint256 bobBefore = bob.balance;
        uint256 aliceBefore = alice.balance;
        _buyback(bob, ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(bob.balance - bobBefore, escrow, "the new holder is paid");
        assertEq(alice.balance, aliceBefore, "not the buyer of record");
    }

    // ------------------------------------------------------------------ holders changing, late joiners

    /// A previous holder's pending unbonding neither blocks the new holder's buyback nor is taken by it.
    function test_buyback_newHolderNotBlockedByPreviousHoldersUnbonding() public {
        _setupLicenses();
        _giveIfx(alice, 5_000e18);
        vm.prank(alice);
        staking.stake(usdId, 5_000e18);
        _reachWindow();
        vm.startPrank(alice);
        staking.requestUnstake(usdId, 1); // one wei, inside the window
        license.transferFrom(alice, bob, usdId);
        vm.stopPrank();
        _buyback(bob, usdId, IGuaranteedBuyback.Option.Ifx);
        assertEq(license.ownerOf(usdId), timelock, "bought back by the new holder");
        assertEq(staking.unbondingOf(usdId, alice).amount, 1, "alice's unbonding stays hers");
        assertEq(staking.unbondingOf(usdId, bob).amount, 5_000e18 - 1, "the stake exits to bob");
    }

    /// A license registered days before the window, active in its one epoch, is measured over the whole period.
    function test_eligibility_lateJoinerMeasuredOverThePeriod() public {
        _setupLicenses();
        (uint256 opensAt,) = buyback.window();
        vm.warp(opensAt - 3 days);
        ageOracles();
        uint256 late = buyWithUsd(bob, INodeLicense.Kind.Worker);
        registerWorker(bob, late, address(0xB2));
        benchmark(late, 20_000);
        vm.warp(opensAt + 1 hours);
        (uint256 active, uint256 completed) = registry.participation(late);
        assertEq(active, 1, "active in its one completed epoch");
        assertEq(completed, 1, "one completed epoch");
        assertEq(registry.participationBps(late), 10_000, "100% since registration");
        (bool eligible, uint256 participation) = buyback.eligibility(late);
        // The TGE ran one day into epoch 0 (72 h epochs from T0): the window opens in epoch 61.
        uint256 programEpochs = buyback.programEpochCount();
        assertEq(programEpochs, 61, "epochs from TGE's epoch to the window's");
        assertEq(participation, 10_000 / programEpochs, "1 epoch over the six months' epochs");
        assertTrue(!eligible, "not eligible");
    }

    // ------------------------------------------------------------------ the DAO changes the epoch length

    bytes32 internal constant EPOCH_LENGTH = keccak256("epochLengthSeconds");

    function _setEpochLength(uint256 seconds_) internal {
        vm.prank(timelock);
        params.set(EPOCH_LENGTH, seconds_);
        clock.checkpoint();
    }

    /// @dev Epoch by epoch until `until`, the market reporting each of `ids` active in every epoch.
    function _workUntil(uint256 until, uint256[] memory ids) internal {
        while (block.timestamp < until) {
            vm.startPrank(market);
            for (uint256 i; i < ids.length; ++i) {
                registry.markActive(ids[i]);
            }
            vm.stopPrank();
            (uint256 startedAt, uint256 length) = clock.currentEpochBounds();
            uint256 next = startedAt + length;
            vm.warp(next < until ? next : until);
        }
    }

    function _aliceNodes() internal view returns (uint256[] memory ids) {
        ids = new uint256[](2);
        (ids[0], ids[1]) = (ethId, usdId);
    }

    /// Shortening epochs a month before the window (72 h -> 1 day) leaves a node active in every epoch eligible, its
    /// ETH escrow paid to it; the idle node stays ineligible.
    function test_eligibility_activeNodeStaysEligibleWhenEpochsAreShortened() public {
        _setupLicenses();
        (uint256 opensAt,) = buyback.window();
        _workUntil(opensAt - 30 days, _aliceNodes());
        uint256 programBefore = buyback.programEpochCount();
        _setEpochLength(1 days);
        _workUntil(opensAt + 1 hours, _aliceNodes());
        assertGt(buyback.programEpochCount(), programBefore, "more, shorter epochs were run in the last month");
        (bool eligible, uint256 participation) = buyback.eligibility(ethId);
        assertTrue(eligible, "active in every epoch: eligible");
        assertGt(participation, buyback.MIN_PARTICIPATION_BPS(), "over 66.7%");
        (bool idleEligible,) = buyback.eligibility(lowId);
        assertTrue(!idleEligible, "the idle node stays ineligible");
        uint256 before = alice.balance;
        _buyback(alice, ethId, IGuaranteedBuyback.Option.Eth);
        assertEq(alice.balance - before, escrow, "the ETH escrow goes to the node's holder, not the treasury");
    }

    /// Lengthening (72 h -> 10 days) then shortening (-> 1 day), and the reverse (72 h -> 1 hour -> 30 days): a node
    /// active in every epoch stays eligible, and its participation is what the epochs as run say.
    function test_eligibility_activeNodeStaysEligibleWhenEpochsChangeBothWays() public {
        _setupLicenses();
        (uint256 opensAt,) = buyback.window();
        _workUntil(TGE_AT + 60 days, _aliceNodes());
        _setEpochLength(10 days);
        _workUntil(opensAt - 30 days, _aliceNodes());
        _setEpochLength(1 days);
        _workUntil(opensAt + 1 hours, _aliceNodes());
        (bool eligible, uint256 participation) = buyback.eligibility(usdId);
        assertTrue(eligible, "lengthened then shortened: eligible");
        assertEq(participation, 10_000, "active in every epoch run");
        // A change after the window opened moves nothing for a node that keeps working.
        _setEpochLength(1 hours);
        _workUntil(block.timestamp + 1 days, _aliceNodes());
        (bool still, uint256 after_) = buyback.eligibility(usdId);
        assertTrue(still, "a change inside the window moves nothing");
        assertEq(after_, participation, "same participation");
        assertEq(buyback.programEpochCount(), clock.epochAt(opensAt) - clock.epochAt(TGE_AT), "history, not the new length");
    }

    function test_eligibility_activeNodeStaysEligibleWhenEpochsAreShortenedThenLengthened() public {
        _setupLicenses();
        (uint256 opensAt,) = buyback.window();
        _workUntil(TGE_AT + 150 days, _aliceNodes());
        _setEpochLength(1 hours);
        _workUntil(TGE_AT + 160 days, _aliceNodes());
        _setEpochLength(30 days);
        _workUntil(opensAt + 1 hours, _aliceNodes());
        (bool eligible, uint256 participation) = buyback.eligibility(ethId);
        assertTrue(eligible, "shortened then lengthened: eligible");
        assertEq(participation, 10_000, "active in every epoch run");
        (bool idleEligible,) = buyback.eligibility(lowId);
        assertTrue(!idleEligible, "the idle node stays ineligible");
    }

    /// A node that joined a month after TGE, active in every epoch since, stays ineligible when the DAO then lengthens
    /// the epochs to 30 days: six 30-day epochs in six months would have counted it at 100%.
    function test_eligibility_lateNodeStaysIneligibleWhenEpochsAreLengthened() public {
        _setupLicenses();
        (uint256 opensAt,) = buyback.window();
        vm.warp(TGE_AT + 30 days);
        ageOracles();
        uint256 late = buyWithUsd(bob, INodeLicense.Kind.Worker);
        registerWorker(bob, late, address(0xB2));
        _setEpochLength(30 days);
        uint256[] memory ids = new uint256[](1);
        ids[0] = late;
        _workUntil(opensAt + 1 hours, ids);
        (uint256 active, uint256 completed) = registry.participation(late);
        assertEq(active, completed, "active in every epoch since it joined");
        (bool eligible, uint256 participation) = buyback.eligibility(late);
        assertTrue(!eligible, "not active through the six months: ineligible");
        assertEq(participation, (active * 10_000) / buyback.programEpochCount(), "measured over the epochs as run");
        assertLt(participation, buyback.MIN_PARTICIPATION_BPS(), "below 66.7%");
    }
}
