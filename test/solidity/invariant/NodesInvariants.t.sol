// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {NodesFixture} from "../utils/NodesFixture.sol";
import {NodesHandler} from "./NodesHandler.sol";
import {IGuaranteedBuyback} from "../../../contracts/interfaces/IGuaranteedBuyback.sol";

/// @notice Money invariants of the node contracts (buyback escrow, stakes, penalty pool, buyback vesting), checked
///         after every call of random sequences driven by `NodesHandler`.
contract NodesInvariantsTest is NodesFixture {
    NodesHandler internal handler;

    function setUp() public {
        deployNodes();
        ageOracles();
        runTgeAndSeedIfxPool();
        ageOracles();
        handler = new NodesHandler(
            NodesHandler.Deps({
                license: license,
                registry: registry,
                staking: staking,
                pool: pool,
                buyback: buyback,
                usd: usd,
                ethUsd: ethUsd,
                ifxUsd: ifxUsd,
                clock: clock,
                scene: SCENE
            })
        );
        bytes32 benchmarkRole = registry.BENCHMARK_ROLE();
        bytes32 reporterRole = registry.REPORTER_ROLE();
        bytes32 slasherRole = staking.SLASHER_ROLE();
        bytes32 releaserRole = pool.RELEASER_ROLE();
        vm.startPrank(timelock);
        registry.grantRole(benchmarkRole, address(handler));
        registry.grantRole(reporterRole, address(handler));
        staking.grantRole(slasherRole, address(handler));
        pool.grantRole(releaserRole, address(handler));
        vm.stopPrank();
        address[3] memory actors = handler.actors();
        for (uint256 i; i < 3; ++i) {
            vm.prank(timelock);
            token.transfer(actors[i], 10_000_000e18);
            vm.prank(actors[i]);
            IERC20(address(token)).approve(address(staking), type(uint256).max);
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// (i) Until the window closes, the vault holds 80% of the ETH paid for every license not bought back.
    function invariant_escrowCoversEthLicenses() public view {
        (, uint256 closesAt) = buyback.window();
        if (block.timestamp >= closesAt) return;
        assertGe(address(buyback).balance, handler.ghostEscrowed(), "vault >= 80% of ETH of licenses not bought back");
        assertEq(buyback.totalEscrowed(), handler.ghostEscrowed(), "totalEscrowed tracks the ghost");
    }

    /// (ii) Stakes and unbondings add up and are held.
    function invariant_stakesAddUp() public view {
        uint256 n = handler.idsLength();
        address[3] memory actors = handler.actors();
        uint256 staked;
        uint256 unbonding;
        for (uint256 i; i < n; ++i) {
            uint256 id = handler.idAt(i);
            staked += staking.stakeOf(id);
            for (uint256 a; a < actors.length; ++a) {
                unbonding += staking.unbondingOf(id, actors[a]).amount;
            }
        }
        assertEq(staking.totalStaked(), staked, "totalStaked == sum of stakes");
        assertEq(staking.totalUnbonding(), unbonding, "totalUnbonding == sum of unbondings");
        assertEq(
            token.balanceOf(address(staking)),
            staking.totalStaked() + staking.totalUnbonding(),
            "staking holds stakes + unbondings"
        );
    }

    /// (iii) The penalty pool holds exactly what it booked and has not released; releases pay out what was pending.
    function invariant_penaltyPoolSolvent() public view {
        assertEq(pool.totalSlashed(), pool.pending() + pool.totalReleased(), "slashed == pending + released");
        assertEq(token.balanceOf(address(pool)), pool.pending(), "pool holds what is pending");
        assertEq(pool.totalReleased(), handler.ghostReleasedIfx(), "released == received by the releaser");
    }

    /// The buyback vault holds exactly the unreleased IFX of option (a), all of it minted from the buyback fund.
    function invariant_buybackVestingBacked() public view {
        uint256 n = handler.idsLength();
        uint256 total;
        uint256 unreleased;
        for (uint256 i; i < n; ++i) {
            IGuaranteedBuyback.Vesting memory v = buyback.vestingOf(handler.idAt(i));
            total += v.total;
            unreleased += v.total - v.released;
        }
        assertEq(eco.releasedBuyback(), total, "fund releases == vesting totals");
        assertEq(token.balanceOf(address(buyback)), unreleased, "vault holds what is not released");
    }
}
