// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {NodesFixture} from "./utils/NodesFixture.sol";
import {UniswapV2TwapOracle} from "../../contracts/oracles/UniswapV2TwapOracle.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {INodeStaking} from "../../contracts/interfaces/INodeStaking.sol";

/// @notice NodeStaking: S(n) in USD and in IFX at the TWAP, eligibility and its reasons, unbonding, slashing into the
///         penalty pool, roles.
contract NodeStakingTest is NodesFixture {
    address internal retirer = address(0x2E71);
    address internal exiter = address(0xE817);
    address internal stranger = address(0x57A6);

    uint256 internal id; // alice's worker: IB 0.5, $0.05 per IBM, active
    uint256 internal idle; // bob's worker, not registered

    function setUp() public {
        deployNodes();
        runTgeAndSeedIfxPool();
        ageOracles();
        id = buyWithUsd(alice, INodeLicense.Kind.Worker);
        idle = buyWithUsd(bob, INodeLicense.Kind.Worker);
        registerWorker(alice, id, aliceOperator);
        benchmark(id, 20_000); // IB 0.5
        vm.prank(alice);
        registry.setActive(id, true);
        _giveIfx(alice, 1_000_000e18);
        _giveIfx(bob, 1_000_000e18);
        bytes32 registryBuyback = registry.BUYBACK_ROLE();
        bytes32 stakingBuyback = staking.BUYBACK_ROLE();
        vm.startPrank(timelock);
        registry.grantRole(registryBuyback, retirer);
        staking.grantRole(stakingBuyback, exiter);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev IFX from the DAO treasury's TGE allocation (no time travel, unlike `fundIfx`), approved for staking.
    function _giveIfx(address who, uint256 amount) internal {
        vm.prank(timelock);
        token.transfer(who, amount);
        vm.prank(who);
        IERC20(address(token)).approve(address(staking), type(uint256).max);
    }

    function _stake(address who, uint256 amount) internal {
        vm.prank(who);
        staking.stake(id, amount);
    }

    function _unstake(uint256 amount) internal {
        vm.prank(alice);
        staking.requestUnstake(id, amount);
    }

    function _expectNotEligible(uint256 licenseId, uint256 floor, INodeStaking.Eligibility reason, uint256 s, uint256 m)
        internal
    {
        vm.expectRevert(abi.encodeWithSelector(INodeStaking.StakeNotEligible.selector, licenseId, reason, s, m));
        staking.requireEligible(licenseId, floor);
        assertTrue(staking.eligibility(licenseId, floor) == reason, "eligibility view agrees");
    }

    // ------------------------------------------------------------------ S(n)

    function test_minStakeUsdWad_twiceEpochMinutesIbPrice() public view {
        // 2 x 4320 min x 0.5 IB x $0.05 = $216
        assertEq(staking.minStakeUsdWad(id), 216e18, "S(n) in USD");
    }

    function test_minStakeUsdWad_initialIbBeforeBenchmark() public {
        vm.prank(bob);
        registry.register(idle, bobOperator, encKey, 0.05e18, "");
        // 2 x 4320 x 1 IB x $0.05 = $432
        assertEq(staking.minStakeUsdWad(idle), 432e18, "a new node counts as one IB");
    }

    function test_minStakeUsdWad_followsGovernedMultiplier() public {
        vm.prank(timelock);
        params.set(keccak256("stakeMultiplierBps"), 30_000);
        assertEq(staking.minStakeUsdWad(id), 324e18, "3 x 4320 x 0.5 x $0.05");
    }

    function testFuzz_minStakeUsdWad_roundsUp(uint256 frameTimeMs, uint128 price) public {
        frameTimeMs = bound(frameTimeMs, 1, 1e9);
        price = uint128(bound(price, 1, 1_000e18));
        vm.prank(bob);
        registry.register(idle, bobOperator, encKey, price, "");
        benchmark(idle, frameTimeMs);
        uint256 ib = registry.node(idle).ibWad;
        uint256 usd = staking.minStakeUsdWad(idle);
        // Exact value: 8640 x IB x P / 1e18, never below it and less than 8640 units (one per IBM-minute) above.
        uint256 exactTimes1e18 = 8_640 * ib * uint256(price);
        assertGe(usd * 1e18, exactTimes1e18, "never understated");
        assertLe(usd * 1e18, exactTimes1e18 + 8_640 * 1e18, "rounded up by at most one unit per minute");
    }

    function test_minStake_convertsAtTwapRoundingUp() public view {
        uint256 price = ifxUsd.usdPriceWad();
        assertGe(price, 0.0999e18, "IFX near $0.10");
        assertLe(price, 0.1001e18, "IFX near $0.10");
        uint256 minimum = staking.minStake(id);
        assertGe(minimum * price, 216e18 * 1e18, "S(n) in IFX is worth at least $216");
        assertLe((minimum - 1) * price, 216e18 * 1e18 - 1, "one wei less is worth less than $216");
        assertTrue(minimum > 2_159e18 && minimum < 2_161e18, "about 2,160 IFX");
    }

    function test_minStake_revertsWhenOracleStale() public {
        vm.warp(block.timestamp + 3 hours);
        vm.expectRevert(
            abi.encodeWithSelector(UniswapV2TwapOracle.OracleStale.selector, uint256(3 hours), uint256(2 hours))
        );
        staking.minStake(id);
    }

    // ------------------------------------------------------------------ eligibility

    function test_eligibility_exactlyMinimumIsEligible() public {
        uint256 minimum = staking.minStake(id);
        _stake(alice, minimum - 1);
        _expectNotEligible(id, 0, INodeStaking.Eligibility.StakeBelowMinimum, minimum - 1, minimum);
        _stake(alice, 1);
        staking.requireEligible(id, 0);
        assertTrue(staking.eligibility(id, 0) == INodeStaking.Eligibility.Eligible, "exactly S(n) is eligible");
        assertTrue(staking.eligibility(id, 0.5e18) == INodeStaking.Eligibility.Eligible, "IB equal to the floor");
    }

    function test_requireEligible_revertsNotRegistered() public {
        _expectNotEligible(idle, 0, INodeStaking.Eligibility.NotRegistered, 0, 0);
    }

    function test_requireEligible_revertsInactive() public {
        vm.prank(alice);
        registry.setActive(id, false);
        _expectNotEligible(id, 0, INodeStaking.Eligibility.Inactive, 0, 0);
    }

    function test_requireEligible_revertsIbBelowFloor() public {
        _stake(alice, staking.minStake(id));
        _expectNotEligible(id, 0.5e18 + 1, INodeStaking.Eligibility.IbBelowFloor, 0, 0);
    }

    function test_requireEligible_revertsStakeBelowMinimum() public {
        _stake(alice, 1_000e18);
        uint256 minimum = staking.minStake(id);
        _expectNotEligible(id, 0, INodeStaking.Eligibility.StakeBelowMinimum, 1_000e18, minimum);
    }

    function test_requireEligible_revertsBlacklisted() public {
        _stake(alice, staking.minStake(id));
        vm.prank(timelock);
        registry.blacklist(id);
        _expectNotEligible(id, 0, INodeStaking.Eligibility.Blacklisted, 0, 0);
    }

    function test_requireEligible_revertsRetired() public {
        vm.prank(retirer);
        registry.retire(id);
        _expectNotEligible(id, 0, INodeStaking.Eligibility.Retired, 0, 0);
    }

    function test_requireEligible_revertsPriceUnavailable() public {
        _stake(alice, 5_000e18);
        vm.warp(block.timestamp + 3 hours); // nobody updated the oracle: it fails closed
        _expectNotEligible(id, 0, INodeStaking.Eligibility.PriceUnavailable, 5_000e18, 0);
        ageOracles();
        assertTrue(staking.eligibility(id, 0) == INodeStaking.Eligibility.Eligible, "eligible once the price is back");
    }

    // ------------------------------------------------------------------ stake

    function test_stake_accountsAndPulls() public {
        vm.expectEmit(true, true, false, true);
        emit INodeStaking.Staked(id, bob, 300e18, 300e18);
        _stake(bob, 300e18); // anyone may add to a node's stake; it belongs to the node
        _stake(alice, 200e18);
        assertEq(staking.stakeOf(id), 500e18, "stake of the node");
        assertEq(staking.totalStaked(), 500e18, "total");
        assertEq(token.balanceOf(address(staking)), 500e18, "held");
        assertEq(token.balanceOf(bob), 1_000_000e18 - 300e18, "pulled from bob");
    }

    function test_stake_revertsOnZero() public {
        vm.prank(alice);
        vm.expectRevert(INodeStaking.StakeZeroAmount.selector);
        staking.stake(id, 0);
    }

    function test_stake_revertsWhenNotRegistered() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeStaking.StakeNotRegistered.selector, idle));
        staking.stake(idle, 1e18);
    }

    function test_stake_revertsWhenRetired() public {
        vm.prank(retirer);
        registry.retire(id);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeStaking.StakeNodeRetired.selector, id));
        staking.stake(id, 1e18);
    }

    // ------------------------------------------------------------------ unbonding

    function test_requestUnstake_revertsOnZero() public {
        _stake(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(INodeStaking.StakeZeroAmount.selector);
        staking.requestUnstake(id, 0);
    }

    function test_requestUnstake_revertsForNonHolder() public {
        _stake(alice, 10e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeStaking.StakeNotOwner.selector, id, bob, alice));
        staking.requestUnstake(id, 1e18);
    }

    function test_requestUnstake_revertsBeyondStake() public {
        _stake(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeStaking.StakeExceedsStaked.selector, id, 10e18, 10e18 + 1));
        staking.requestUnstake(id, 10e18 + 1);
    }

    function test_unbonding_withdrawAfterTheUnbondingPeriodPaysBeneficiary() public {
        _stake(alice, 1_000e18);
        uint256 requestedAt = block.timestamp;
        vm.expectEmit(true, true, false, true);
        emit INodeStaking.UnstakeRequested(id, alice, 400e18, 400e18, requestedAt + 21 days);
        _unstake(400e18);
        INodeStaking.Unbonding memory u = staking.unbondingOf(id, alice);
        assertEq(u.amount, 400e18, "unbonding, for the holder");
        assertEq(u.releaseAt, requestedAt + 21 days, "21 days");
        assertEq(staking.stakeOf(id), 600e18, "stake reduced");
        assertEq(staking.totalStaked(), 600e18, "total staked");
        assertEq(staking.totalUnbonding(), 400e18, "total unbonding");

        vm.warp(requestedAt + 21 days);
        uint256 before = token.balanceOf(alice);
        vm.prank(stranger); // anyone may trigger the payout; it goes to the beneficiary
        staking.withdraw(id, alice);
        assertEq(token.balanceOf(alice) - before, 400e18, "paid to alice");
        assertEq(token.balanceOf(stranger), 0, "not to the caller");
        assertEq(staking.totalUnbonding(), 0, "nothing unbonding");
        assertEq(staking.unbondingOf(id, alice).amount, 0, "cleared");
        assertEq(token.balanceOf(address(staking)), 600e18, "the stake stays");
    }

    function test_unbonding_secondRequestAddsAndRestartsClock() public {
        _stake(alice, 1_000e18);
        _unstake(100e18);
        vm.warp(block.timestamp + 3 days);
        _unstake(50e18);
        INodeStaking.Unbonding memory u = staking.unbondingOf(id, alice);
        assertEq(u.amount, 150e18, "added up");
        assertEq(u.releaseAt, block.timestamp + 21 days, "clock restarted");
    }

    function test_withdraw_revertsBeforeDue() public {
        _stake(alice, 1_000e18);
        _unstake(100e18);
        uint256 releaseAt = block.timestamp + 21 days;
        vm.warp(releaseAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(INodeStaking.StakeUnbondingNotDue.selector, id, alice, releaseAt, releaseAt - 1)
        );
        staking.withdraw(id, alice);
    }

    function test_withdraw_revertsWithNothingUnbonding() public {
        _stake(alice, 1_000e18);
        vm.expectRevert(abi.encodeWithSelector(INodeStaking.StakeNothingUnbonding.selector, id, alice));
        staking.withdraw(id, alice);
    }

    /// A license changing hands never blocks or takes a previous holder's unbonding.
    function test_requestUnstake_newHolderBesidePreviousHoldersUnbonding() public {
        _stake(alice, 1_000e18);
        _unstake(100e18);
        vm.prank(alice);
        license.transferFrom(alice, bob, id);
        assertEq(staking.stakeOf(id), 900e18, "the stake followed the license");
        vm.prank(bob);
        staking.requestUnstake(id, 900e18);
        assertEq(staking.unbondingOf(id, bob).amount, 900e18, "bob's unbonding");
        assertEq(staking.unbondingOf(id, alice).amount, 100e18, "alice's untouched");
        assertEq(staking.totalUnbonding(), 1_000e18, "both counted");
        vm.warp(block.timestamp + 21 days);
        uint256 aliceBefore = token.balanceOf(alice);
        uint256 bobBefore = token.balanceOf(bob);
        staking.withdraw(id, alice);
        staking.withdraw(id, bob);
        assertEq(token.balanceOf(alice) - aliceBefore, 100e18, "alice paid");
        assertEq(token.balanceOf(bob) - bobBefore, 900e18, "bob paid");
    }

    /// Regression (review of c2f7d35, attack 2): a worker about to be rejected unstakes everything and moves the
    /// license to a fresh wallet. The slash still reaches the unbonding stake, whoever requested it.
    function test_slash_reachesUnbondingAfterUnstakeAndTransfer() public {
        _stake(alice, 1_000e18);
        _unstake(1_000e18);
        vm.prank(alice);
        license.transferFrom(alice, bob, id);
        vm.prank(market);
        assertEq(staking.slash(id), 100e18, "10% of what backed the node");
        assertEq(staking.unbondingOf(id, alice).amount, 900e18, "taken from alice's unbonding");
        assertEq(staking.unbondingOfNode(id), 900e18, "the node's unbonding");
        vm.warp(block.timestamp + params.unbondingPeriodSeconds());
        uint256 before = token.balanceOf(alice);
        staking.withdraw(id, alice);
        assertEq(token.balanceOf(alice) - before, 900e18, "alice is paid what is left");
        assertEq(token.balanceOf(address(staking)), 0, "nothing stranded");
    }

    /// Two beneficiaries' claims on one node (a previous holder's and the current one's) lose pro rata to a slash.
    function test_slash_takesEveryClaimProRata() public {
        _stake(alice, 1_000e18);
        _unstake(400e18);
        vm.prank(alice);
        license.transferFrom(alice, bob, id);
        vm.prank(bob);
        staking.requestUnstake(id, 600e18);
        vm.prank(market);
        assertEq(staking.slash(id), 100e18, "10% of 1,000 unbonding");
        assertEq(staking.unbondingOf(id, alice).amount, 360e18, "alice loses 10%");
        assertEq(staking.unbondingOf(id, bob).amount, 540e18, "bob loses 10%");
        vm.warp(block.timestamp + params.unbondingPeriodSeconds());
        staking.withdraw(id, alice);
        staking.withdraw(id, bob);
        assertEq(staking.totalUnbonding(), 0, "all paid");
        assertEq(token.balanceOf(address(staking)), 0, "nothing stranded");
    }

    /// A claim opened after a slash buys in at the pool's rate: it never takes part of an earlier claim's loss back.
    function testFuzz_unbonding_laterClaimNeverDilutesEarlier(uint256 first, uint256 second, uint256 slashes) public {
        first = bound(first, 1, 100_000e18);
        second = bound(second, 1, 100_000e18);
        slashes = bound(slashes, 0, 5);
        vm.prank(timelock);
        params.set(keccak256("blacklistRejections"), 100);
        _stake(alice, first + second);
        _unstake(first);
        for (uint256 i; i < slashes; ++i) {
            vm.prank(market);
            staking.slash(id);
        }
        uint256 firstValue = staking.unbondingOf(id, alice).amount;
        vm.prank(alice);
        license.transferFrom(alice, bob, id);
        uint256 bobStake = staking.stakeOf(id);
        if (bobStake == 0) {
            // The slashes took the whole stake: bob tops it up to have something to unstake.
            _stake(bob, second);
            bobStake = second;
        }
        vm.prank(bob);
        staking.requestUnstake(id, bobStake);
        assertLe(staking.unbondingOf(id, alice).amount, firstValue, "alice's claim does not grow");
        assertGe(staking.unbondingOf(id, alice).amount + 1, firstValue, "nor shrink beyond rounding");
        assertLe(staking.unbondingOf(id, bob).amount, bobStake, "bob gets at most what he put in");
        vm.warp(block.timestamp + params.unbondingPeriodSeconds());
        staking.withdraw(id, alice);
        staking.withdraw(id, bob);
        assertEq(token.balanceOf(address(staking)), staking.stakeOf(id), "every unbonding token paid out");
    }

    // ------------------------------------------------------------------ slash

    function test_slash_takesTenPercentStakeFirst() public {
        _stake(alice, 1_000e18);
        _unstake(950e18); // stake 50, unbonding 950
        uint256 epoch = clock.currentEpoch();
        vm.expectEmit(true, false, false, true);
        emit INodeStaking.Slashed(id, 100e18, 0, 900e18, epoch);
        vm.prank(market);
        uint256 slashed = staking.slash(id);
        assertEq(slashed, 100e18, "10% of stake + unbonding");
        assertEq(staking.stakeOf(id), 0, "the whole stake first");
        assertEq(staking.unbondingOf(id, alice).amount, 900e18, "then 50 from unbonding");
        assertEq(staking.totalStaked(), 0, "total staked");
        assertEq(staking.totalUnbonding(), 900e18, "total unbonding");
        assertEq(token.balanceOf(address(pool)), 100e18, "moved to the penalty pool");
        assertEq(pool.totalSlashed(), 100e18, "booked by the pool");
        assertEq(pool.pending(), 100e18, "pending for the verifiers");
        assertEq(token.balanceOf(address(staking)), 900e18, "staking keeps the rest");
        assertEq(registry.node(id).rejectionsInEpoch, 1, "a rejection recorded");
    }

    function test_slash_onlyFromStakeWhenItSuffices() public {
        _stake(alice, 1_000e18);
        _unstake(100e18); // stake 900, unbonding 100
        vm.prank(market);
        uint256 slashed = staking.slash(id);
        assertEq(slashed, 100e18, "10% of 1,000");
        assertEq(staking.stakeOf(id), 800e18, "from the stake");
        assertEq(staking.unbondingOf(id, alice).amount, 100e18, "unbonding untouched");
    }

    function testFuzz_slash_conservesTokens(uint256 staked, uint256 unbond) public {
        staked = bound(staked, 1, 1_000_000e18);
        unbond = bound(unbond, 0, staked);
        _stake(alice, staked);
        if (unbond != 0) _unstake(unbond);
        uint256 stakeBefore = staked - unbond;
        vm.prank(market);
        uint256 slashed = staking.slash(id);
        assertEq(slashed, (staked * 1_000) / 10_000, "10% of everything at stake");
        uint256 fromStake = slashed < stakeBefore ? slashed : stakeBefore;
        assertEq(staking.stakeOf(id), stakeBefore - fromStake, "stake first");
        assertEq(staking.unbondingOf(id, alice).amount, unbond - (slashed - fromStake), "then unbonding");
        assertEq(
            token.balanceOf(address(staking)), staking.totalStaked() + staking.totalUnbonding(), "staking backed"
        );
        assertEq(token.balanceOf(address(pool)), slashed, "pool backed");
    }

    function test_slash_withNothingStakedStillRecordsRejection() public {
        vm.prank(market);
        uint256 slashed = staking.slash(id);
        assertEq(slashed, 0, "nothing to take");
        assertEq(pool.totalSlashed(), 0, "pool not notified");
        assertEq(registry.node(id).rejectionsInEpoch, 1, "rejection recorded");
    }

    function test_slash_threeTimesInOneEpochBlacklists() public {
        _stake(alice, 1_000e18);
        vm.startPrank(market);
        staking.slash(id);
        staking.slash(id);
        staking.slash(id);
        vm.stopPrank();
        assertTrue(registry.node(id).blacklisted, "blacklisted");
        assertEq(staking.stakeOf(id), 729e18, "1,000 x 0.9^3");
        assertEq(pool.totalSlashed(), 271e18, "100 + 90 + 81");
    }

    function test_slash_revertsWhenNotRegistered() public {
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotRegistered.selector, idle));
        staking.slash(idle);
    }

    function test_slash_onlySlasherRole() public {
        bytes32 role = staking.SLASHER_ROLE();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, role));
        staking.slash(id);
    }

    // ------------------------------------------------------------------ buyback exit

    function test_exitForBuyback_movesWholeStakeToUnbonding() public {
        _stake(alice, 1_000e18);
        vm.prank(exiter);
        staking.exitForBuyback(id, alice);
        INodeStaking.Unbonding memory u = staking.unbondingOf(id, alice);
        assertEq(staking.stakeOf(id), 0, "no stake left");
        assertEq(u.amount, 1_000e18, "all unbonding, for the holder");
        assertEq(u.releaseAt, block.timestamp + 21 days, "21 days");
        assertEq(staking.totalStaked(), 0, "total staked");
        assertEq(staking.totalUnbonding(), 1_000e18, "total unbonding");
    }

    function test_exitForBuyback_noopWithoutStake() public {
        vm.prank(exiter);
        staking.exitForBuyback(id, alice);
        assertEq(staking.unbondingOf(id, alice).amount, 0, "nothing unbonding");
        assertEq(staking.totalUnbonding(), 0, "nothing recorded");
    }

    function test_exitForBuyback_onlyBuybackRole() public {
        bytes32 role = staking.BUYBACK_ROLE();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, role));
        staking.exitForBuyback(id, alice);
    }
}
