// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {FoundationHandler} from "./FoundationHandler.sol";
import {ITokenGenerationEvent} from "../../../contracts/interfaces/ITokenGenerationEvent.sol";
import {TrancheVestingWallet} from "../../../contracts/tge/TrancheVestingWallet.sol";

/// @notice Money invariants of the foundation (supply, allocations, vesting, ecosystem schedule, credit backing),
///         checked after every call of random sequences driven by `FoundationHandler`.
contract FoundationInvariantsTest is Fixture {
    FoundationHandler internal handler;

    function setUp() public {
        deployFoundation(bytes32(0));
        runTge();
        handler = new FoundationHandler(token, tge, eco, credits, usd, timelock);
        vm.startPrank(timelock);
        eco.grantRole(eco.EPOCH_MINTER_ROLE(), address(handler));
        eco.grantRole(eco.BUYBACK_ROLE(), address(handler));
        credits.grantRole(credits.MARKET_ROLE(), address(handler));
        credits.setReceivers(address(0xB042), foundationHolder);
        vm.stopPrank();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_mintedNeverPassesCap() public view {
        assertLe(token.totalMinted(), token.MAX_SUPPLY(), "cumulative minted <= cap");
        assertEq(token.totalSupply() + handler.ghostBurnt(), token.totalMinted(), "supply + burnt == minted");
    }

    function invariant_allocationsSumToMaxSupply() public view {
        ITokenGenerationEvent.Allocation[] memory table = tge.allocations();
        uint256 sum;
        for (uint256 i; i < table.length; ++i) sum += table[i].amount;
        assertEq(sum + eco.ALLOCATION(), token.MAX_SUPPLY(), "table + ecosystem == max supply");
        assertEq(
            token.totalMinted() + token.mintAllowance(address(tge)) + token.mintAllowance(address(eco)),
            token.MAX_SUPPLY(),
            "minted + remaining allowances == max supply"
        );
    }

    function invariant_vestingWalletsConserve() public view {
        ITokenGenerationEvent.Allocation[] memory table = tge.allocations();
        for (uint256 i; i < table.length; ++i) {
            if (table[i].tgeUnlockBps == 10_000) continue;
            TrancheVestingWallet w = TrancheVestingWallet(payable(tge.recipientOf(i)));
            uint256 released = w.released(address(token));
            uint256 releasable = w.releasable(address(token));
            uint256 balance = token.balanceOf(address(w));
            assertLe(releasable, balance, "releasable is held");
            uint256 locked = balance - releasable;
            assertEq(released + releasable + locked, table[i].amount, "released + releasable + locked == allocation");
            assertEq(locked, table[i].amount - w.vestedAmount(address(token), uint64(block.timestamp)), "locked == unvested");
        }
    }

    function invariant_ecosystemWithinSchedule() public view {
        assertLe(eco.releasedScheduled(), eco.unlocked(), "BMW + grants within the 4-year schedule");
        assertLe(eco.releasedBuyback(), eco.BUYBACK_FUND(), "buyback within its fund");
        assertEq(
            eco.releasedScheduled() + eco.releasedBuyback(),
            eco.ALLOCATION() - token.mintAllowance(address(eco)),
            "ecosystem releases == ecosystem mints"
        );
    }

    function invariant_creditsBacked() public view {
        uint256 scale = credits.creditsPerStableUnit();
        uint256 owedCredits = credits.totalSpentCredits() - credits.distributedStable() * scale;
        assertEq(credits.totalSpentCredits(), handler.ghostSpentCredits(), "spent accounted");
        assertGe(usd.balanceOf(address(credits)) * scale, credits.totalSupply() + owedCredits, "stablecoin covers credits");
    }
}
