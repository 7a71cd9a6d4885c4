// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";
import {MarketHandler} from "./MarketHandler.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {IEpochRewards} from "../../../contracts/interfaces/IEpochRewards.sol";
import {BuyAndBurn, IUniswapV2RouterSwap} from "../../../contracts/market/BuyAndBurn.sol";
import {UniswapV2} from "../utils/UniswapV2.sol";

/// @notice Money invariants of the market, the epoch rewards and the burn (escrow, emission bounds, reward
///         conservation, no credit spent twice, every burn at least its TWAP bound), checked after every call of random sequences driven by `MarketHandler`. The handler
///         only makes calls that are valid by construction, so the campaigns fail on any revert.
/// @dev The fuzzer identifies the handler from its build artifact: run `hardhat build` before running this file alone.
contract MarketInvariantsTest is MarketFixture {
    MarketHandler internal handler;
    BuyAndBurn internal burner;

    function setUp() public {
        deployMarket();
        address router = UniswapV2.deployRouter(address(factory), address(weth));
        burner = new BuyAndBurn(usd, token, ifxUsd, IUniswapV2RouterSwap(router), params, clock);
        vm.prank(timelock);
        credits.setReceivers(address(burner), address(0xF0D));
        handler = new MarketHandler(
            MarketHandler.Deps({
                market: jobMarket,
                rewards: rewards,
                credits: credits,
                usd: usd,
                ifx: IERC20(address(token)),
                clock: clock,
                ifxUsd: ifxUsd,
                artist: artist,
                nodeOwner: nodeOwner,
                dao: timelock,
                managerId: managerId,
                managerPk: MANAGER_PK,
                verifierIds: verifierIds,
                verifierPk0: VERIFIER_PK_0,
                workerIds: workerIds,
                workerPk0: WORKER_PK_0,
                burner: burner,
                ifxUsdPair: ifxUsdPair,
                params: params
            })
        );
        // Rejections slash but do not blacklist during a run: a blacklisted worker would freeze the settlements that
        // credit it, which only makes the handler's calls revert.
        vm.prank(timelock);
        params.set(keccak256("blacklistRejections"), 100);
    }

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Only the handler's actions, not its views, so that every call of a run does something.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = MarketHandler.createJob.selector;
        selectors[1] = MarketHandler.drawCommittee.selector;
        selectors[2] = MarketHandler.settle.selector;
        selectors[3] = MarketHandler.cancel.selector;
        selectors[4] = MarketHandler.reclaim.selector;
        selectors[5] = MarketHandler.releaseFees.selector;
        selectors[6] = MarketHandler.warp.selector;
        selectors[7] = MarketHandler.closeEpoch.selector;
        selectors[8] = MarketHandler.claim.selector;
        selectors[9] = MarketHandler.settleFresh.selector;
        selectors[10] = MarketHandler.payDao.selector;
        selectors[11] = MarketHandler.trade.selector;
        selectors[12] = MarketHandler.burn.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), selectors);
    }

    /// (i) The market holds exactly the escrow and the pending fees of its jobs.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_marketHoldsEscrowAndPendingFees() public view {
        uint256 n = handler.jobsLength();
        uint256 held;
        for (uint256 i; i < n; ++i) {
            IJobMarket.Job memory j = jobMarket.job(handler.jobAt(i));
            held += uint256(j.escrow) + j.pendingFee;
        }
        assertEq(credits.balanceOf(address(jobMarket)), held, "market balance == sum of escrow + pending fees");
    }

    /// (ii) Every closed epoch mints at most W x E_p of the work settled in it, and all epochs together no more than
    ///      the ecosystem schedule released.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_emissionBounded() public view {
        uint256 rate = params.emissionRatePerIbm();
        uint256 n = handler.touchedLength();
        uint256 mintedSum;
        for (uint256 i; i < n; ++i) {
            uint256 epoch = handler.touchedAt(i);
            IEpochRewards.EpochTotals memory t = rewards.epochTotals(epoch);
            uint256 work = t.paidWorkWad;
            assertLe(t.forfeitedWorkWad, work, "forfeited work is paid work");
            assertEq(work, handler.ghostWorkOf(epoch), "paid work of the epoch == settled work");
            assertLe(t.mintedIfx, (work * rate) / 1e18, "minted <= W x E_p");
            if (t.closed) mintedSum += t.mintedIfx;
        }
        assertEq(rewards.totalMinted(), mintedSum, "only epochs with work mint");
        assertLe(rewards.totalMinted(), eco.releasedScheduled(), "within the ecosystem releases");
        assertLe(eco.releasedScheduled(), eco.unlocked(), "within the 4-year schedule");
    }

    /// (iii) Claims and the DAO's shares never exceed what was minted plus the penalties folded in, and the rewards
    ///       contract holds the rest; the penalty pool holds exactly what it has not released.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_rewardsConserved() public view {
        uint256 inflow = uint256(rewards.totalMinted()) + pool.totalReleased();
        uint256 claimed = handler.ghostClaimed();
        uint256 paidToDao = handler.ghostToDao();
        assertLe(claimed + paidToDao + rewards.daoOwed(), inflow, "claimed + DAO (paid and owed) <= minted + penalties");
        assertEq(token.balanceOf(address(rewards)), inflow - claimed - paidToDao, "rewards hold the rest");
        assertEq(token.balanceOf(address(pool)), pool.pending(), "the pool holds what is pending");
        assertEq(pool.totalSlashed(), pool.pending() + pool.totalReleased(), "slashed == pending + released");
    }

    /// (v) Every burn batch burned at least its TWAP-bounded minimum, and burned it (supply down by as much).
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_burnsWithinBound() public view {
        assertEq(handler.ghostBurnsBelowBound(), 0, "no batch below its bound");
        assertEq(burner.totalBurned(), handler.ghostBurned(), "burn totals recorded");
    }

    /// (iv) No credit is spent twice and no job pays more work than quoted.
    /// hardhat-config: invariant.runs = 128
    /// hardhat-config: invariant.depth = 64
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_noCreditSpentTwice() public view {
        assertEq(
            credits.totalSpentCredits(), handler.ghostReleased() + handler.ghostCancelFees(), "spent == released + cancel fees"
        );
        uint256 n = handler.jobsLength();
        for (uint256 i; i < n; ++i) {
            IJobMarket.Job memory j = jobMarket.job(handler.jobAt(i));
            assertLe(j.paidWorkWad, j.workWad, "paid work <= quoted work");
            if (j.status == IJobMarket.Status.Completed) assertEq(j.paidWorkWad, j.workWad, "completed = all paid");
            if (j.status != IJobMarket.Status.Created && j.status != IJobMarket.Status.Running) {
                assertEq(j.escrow, 0, "a closed job escrows nothing");
            }
        }
    }

    /// The handler does real work: a fixed sequence reaches every action (guards against a handler whose calls all
    /// return early or revert, which would make the invariants vacuous).
    function test_handler_reachesEveryAction() public {
        for (uint256 round; round < 3; ++round) {
            handler.createJob(500e18 + round);
            handler.createJob(1_200e18 + round);
            handler.createJob(77e18 + round);
            handler.cancel(2 + 3 * round); // the third job of the round
            handler.drawCommittee(0);
            handler.drawCommittee(0);
            handler.settle(0, 1, 60, 0); // partial, one rejection, 2 signatures
            handler.settle(0, 3, 30, 8); // the rest, 3 signatures
            handler.settle(1, 4, 50, 1);
            handler.warp(3 days, 0);
            handler.releaseFees();
            handler.closeEpoch(round);
            handler.claim(0);
            handler.claim(5);
            handler.trade(round);
            handler.burn(500e6);
            handler.payDao();
        }
        handler.warp(4 days, 0);
        handler.reclaim(0);
        handler.releaseFees();
        assertEq(handler.createdCount(), 9, "created");
        assertEq(handler.cancelledCount(), 3, "cancelled");
        assertEq(handler.drawnCount(), 6, "drawn");
        assertGe(handler.settledCount(), 6, "settled");
        assertGe(handler.rejectionCount(), 3, "rejections");
        assertGe(handler.releasedCount(), 1, "released");
        assertGe(handler.closedCount(), 1, "closed");
        assertGe(handler.claimedCount(), 1, "claimed");
        assertGe(handler.reclaimedCount(), 1, "reclaimed");
        assertGe(handler.burnCount(), 1, "burned");
        assertGe(handler.paidDaoCount(), 1, "paid the DAO");
        invariant_marketHoldsEscrowAndPendingFees();
        invariant_emissionBounded();
        invariant_rewardsConserved();
        invariant_noCreditSpentTwice();
        invariant_burnsWithinBound();
    }
}
