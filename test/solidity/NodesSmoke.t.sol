// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {NodesFixture} from "./utils/NodesFixture.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";
import {INodeStaking} from "../../contracts/interfaces/INodeStaking.sol";
import {IGuaranteedBuyback} from "../../contracts/interfaces/IGuaranteedBuyback.sol";

/// @notice The node lifecycle in one pass: whitelist purchase in ETH before TGE, public purchase, registration,
///         benchmark, stake to S(n), slash, participation, and a buyback in ETH in the window.
contract NodesSmokeTest is NodesFixture {
    function setUp() public {
        deployNodes();
    }

    function test_lifecycle() public {
        ageOracles();
        (uint256 usdPrice,, , uint256 weiAmount) = license.quote(INodeLicense.Kind.Worker, true);
        assertEq(usdPrice, 400e18, "20% whitelist discount on $500");
        vm.deal(alice, 10 ether);
        vm.prank(alice);
        uint256 id = license.buyWhitelisted{value: weiAmount + 1 ether}(INodeLicense.Kind.Worker, true, 2, aliceProof());
        assertEq(buyback.escrowOf(id), weiAmount * 8_000 / 10_000, "80% escrowed");
        assertEq(alice.balance, 10 ether - weiAmount, "excess refunded");

        runTgeAndSeedIfxPool();
        ageOracles();
        registerWorker(alice, id, aliceOperator);
        benchmark(id, 20_000); // IB 0.5
        vm.prank(alice);
        registry.setActive(id, true);
        uint256 minimum = staking.minStake(id);
        // S(n) = 2 x 4320 x 0.5 IB x $0.05 = $216, at $0.10 per IFX = 2,160 IFX
        assertEq(staking.minStakeUsdWad(id), 216e18, "S(n) in USD");
        assertTrue(minimum > 2_100e18 && minimum < 2_200e18, "S(n) in IFX near 2,160");
        fundIfx(alice, 10_000e18);
        ageOracles();
        minimum = staking.minStake(id);
        vm.prank(alice);
        staking.stake(id, minimum - 1);
        assertTrue(staking.eligibility(id, 0) == INodeStaking.Eligibility.StakeBelowMinimum, "one wei short");
        vm.prank(alice);
        staking.stake(id, 1);
        assertTrue(staking.eligibility(id, 0) == INodeStaking.Eligibility.Eligible, "exactly S(n)");

        vm.prank(market);
        uint256 slashed = staking.slash(id);
        assertEq(slashed, minimum / 10, "10% slashed");
        assertEq(pool.totalSlashed(), slashed, "into the penalty pool");

        // Active in every epoch until the window: participation 100%.
        (uint256 opensAt,) = buyback.window();
        while (block.timestamp < opensAt) {
            vm.warp(block.timestamp + 3 days);
            vm.prank(market);
            registry.markActive(id);
        }
        (bool eligible, uint256 participation) = buyback.eligibility(id);
        assertTrue(eligible, "eligible");
        assertGe(participation, 6_671, "over 66.7% despite the 30 idle days of fundIfx");
        vm.startPrank(alice);
        license.approve(address(buyback), id);
        uint256 before = alice.balance;
        buyback.buyback(id, IGuaranteedBuyback.Option.Eth);
        vm.stopPrank();
        assertEq(alice.balance - before, weiAmount * 8_000 / 10_000, "80% of the ETH paid, at once");
        assertEq(license.ownerOf(id), timelock, "license returned to the treasury");
    }
}
