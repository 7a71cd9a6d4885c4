// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {IFXToken} from "../../contracts/token/IFXToken.sol";
import {IIFXToken} from "../../contracts/interfaces/IIFXToken.sol";
import {ITokenGenerationEvent} from "../../contracts/interfaces/ITokenGenerationEvent.sol";
import {TokenGenerationEvent} from "../../contracts/tge/TokenGenerationEvent.sol";
import {TrancheVestingWallet} from "../../contracts/tge/TrancheVestingWallet.sol";

/// A token whose TGE allocation differs from the table: the TGE must refuse to be built on it.
contract TokenWithOtherTgeAllocation {
    function TGE_ALLOCATION() external pure returns (uint256) {
        return 1;
    }
}

contract TokenGenerationEventTest is Fixture {
    function setUp() public {
        deployFoundation(bytes32(0));
    }

    function test_table_matchesWhitepaper() public view {
        ITokenGenerationEvent.Allocation[] memory t = tge.allocations();
        assertEq(t.length, 8, "tranches");
        uint256 investors = t[0].amount + t[1].amount + t[2].amount + t[3].amount;
        assertEq(investors, 225_000_000e18, "investors 22.5%");
        assertEq(t[4].amount, 6_000_000e18, "liquidity 0.6%");
        assertEq(t[5].amount + t[6].amount, 144_000_000e18, "community 14.4%");
        assertEq(t[5].amount, 3_000_000e18, "airdrop 3M");
        assertEq(t[7].amount, 125_000_000e18, "foundation 12.5%");
        uint256 sum;
        for (uint256 i; i < t.length; ++i) sum += t[i].amount;
        assertEq(sum + eco.ALLOCATION(), token.MAX_SUPPLY(), "allocations + ecosystem == max supply");
        assertEq(t[2].tgeUnlockBps, 1_000, "KOL 10% at TGE");
        assertEq(t[3].tgeUnlockBps, 1_000, "public 10% at TGE");
        assertEq(t[7].cliffSeconds, 365 days, "foundation 12-month lock");
        assertEq(t[7].linearSeconds, 2 * 365 days, "foundation 24 months linear");
    }

    function test_execute_mintsEveryAllocation() public {
        runTge();
        assertEq(token.totalMinted(), 500_000_000e18, "TGE minted its half");
        assertEq(token.mintAllowance(address(tge)), 0, "TGE allowance used up");
        assertEq(token.balanceOf(liquidityHolder), 6_000_000e18, "liquidity unlocked");
        assertEq(token.balanceOf(address(airdrop)), 3_000_000e18, "airdrop funded");
        assertEq(token.balanceOf(timelock), 141_000_000e18, "community held by the DAO");
        assertEq(token.balanceOf(seedHolder), 0, "seed locked");
        TrancheVestingWallet seedWallet = TrancheVestingWallet(payable(tge.recipientOf(0)));
        assertEq(token.balanceOf(address(seedWallet)), 75_000_000e18, "seed in its wallet");
        assertEq(seedWallet.owner(), seedHolder, "seed wallet beneficiary");
        assertEq(tge.executedAt(), TGE_AT, "executedAt");
    }

    function test_execute_revertsTooEarly() public {
        vm.warp(TGE_AT - 1);
        vm.expectRevert(abi.encodeWithSelector(ITokenGenerationEvent.TgeTooEarly.selector, TGE_AT - 1, TGE_AT));
        tge.execute();
    }

    function test_execute_revertsTwice() public {
        runTge();
        vm.expectRevert(abi.encodeWithSelector(ITokenGenerationEvent.TgeAlreadyExecuted.selector, TGE_AT));
        tge.execute();
    }

    function test_constructor_revertsOnZeroHolder() public {
        ITokenGenerationEvent.Holders memory h = holders();
        h.kol = address(0);
        vm.expectRevert(abi.encodeWithSelector(ITokenGenerationEvent.TgeZeroHolder.selector, 2));
        new TokenGenerationEvent(token, h, TGE_AT);
    }

    function test_constructor_revertsOnAllocationMismatch() public {
        TokenWithOtherTgeAllocation other = new TokenWithOtherTgeAllocation();
        vm.expectRevert(abi.encodeWithSelector(ITokenGenerationEvent.TgeAllocationMismatch.selector, 500_000_000e18, 1));
        new TokenGenerationEvent(IIFXToken(address(other)), holders(), TGE_AT);
    }

    function test_wallet_revertsOnUnlockAboveWhole() public {
        vm.expectRevert(abi.encodeWithSelector(TrancheVestingWallet.VestingInvalidUnlock.selector, 10_001));
        new TrancheVestingWallet(seedHolder, uint64(TGE_AT), 10_001, 0, 1);
    }

    /// KOL: 10% at TGE, 3-month cliff, then 15 months linear (WP Table II), at the schedule's edges.
    function test_kol_scheduleEdges() public {
        runTge();
        TrancheVestingWallet w = TrancheVestingWallet(payable(tge.recipientOf(2)));
        uint256 total = 20_000_000e18;
        assertEq(w.vestedAmount(address(token), uint64(TGE_AT - 1)), 0, "nothing before TGE");
        assertEq(w.vestedAmount(address(token), uint64(TGE_AT)), 2_000_000e18, "10% at TGE");
        assertEq(w.vestedAmount(address(token), uint64(TGE_AT + 3 * MONTH - 1)), 2_000_000e18, "flat through the cliff");
        assertEq(w.vestedAmount(address(token), uint64(TGE_AT + 3 * MONTH)), 2_000_000e18, "linear starts at the cliff");
        assertEq(
            w.vestedAmount(address(token), uint64(TGE_AT + 3 * MONTH + 15 * MONTH / 2)), 11_000_000e18, "half the rest"
        );
        assertEq(w.vestedAmount(address(token), uint64(TGE_AT + 18 * MONTH)), total, "all at 18 months");
        vm.warp(TGE_AT);
        w.release(address(token));
        assertEq(token.balanceOf(kolHolder), 2_000_000e18, "TGE share released to the beneficiary");
    }

    /// Seed: nothing for 6 months, then 12 months linear: no jump at the cliff.
    function test_seed_noJumpAtCliff() public {
        runTge();
        TrancheVestingWallet w = TrancheVestingWallet(payable(tge.recipientOf(0)));
        assertEq(w.vestedAmount(address(token), uint64(TGE_AT + 6 * MONTH)), 0, "zero at the cliff");
        assertEq(
            w.vestedAmount(address(token), uint64(TGE_AT + 6 * MONTH + 1)), uint256(75_000_000e18) / (12 * MONTH), "one second"
        );
        assertEq(w.vestedAmount(address(token), uint64(TGE_AT + 18 * MONTH)), 75_000_000e18, "all at 18 months");
    }

    /// Every tranche's vested amount equals the Table II formula at any time, and never decreases.
    function testFuzz_vesting_matchesTableII(uint256 index, uint256 t1, uint256 t2) public {
        runTge();
        index = bound(index, 0, 7);
        ITokenGenerationEvent.Allocation memory a = tge.allocations()[index];
        t1 = bound(t1, TGE_AT - 30 days, TGE_AT + 40 * MONTH);
        t2 = bound(t2, t1, TGE_AT + 40 * MONTH);
        uint256 expected1 = referenceVested(a, t1);
        if (a.tgeUnlockBps == 10_000) {
            assertEq(tge.recipientOf(index), a.holder, "unlocked tranche minted to its holder");
            return;
        }
        TrancheVestingWallet w = TrancheVestingWallet(payable(tge.recipientOf(index)));
        uint256 v1 = w.vestedAmount(address(token), uint64(t1));
        uint256 v2 = w.vestedAmount(address(token), uint64(t2));
        assertEq(v1, expected1, "matches the table");
        assertLe(v1, v2, "monotone");
        assertLe(v2, a.amount, "bounded by the allocation");
    }

    /// An independent reading of Table II: unlocked share at TGE, flat cliff, then linear over the rest.
    function referenceVested(ITokenGenerationEvent.Allocation memory a, uint256 t) internal pure returns (uint256) {
        if (t < TGE_AT) return 0;
        uint256 tgeShare = a.amount * a.tgeUnlockBps / 10_000;
        uint256 linearStart = TGE_AT + a.cliffSeconds;
        if (t < linearStart) return tgeShare;
        uint256 elapsed = t - linearStart;
        if (elapsed >= a.linearSeconds) return a.amount;
        return tgeShare + (a.amount - tgeShare) * elapsed / a.linearSeconds;
    }
}
