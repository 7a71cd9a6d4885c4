// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "../utils/Vm.sol";
import {IFXToken} from "../../../contracts/token/IFXToken.sol";
import {TokenGenerationEvent} from "../../../contracts/tge/TokenGenerationEvent.sol";
import {TrancheVestingWallet} from "../../../contracts/tge/TrancheVestingWallet.sol";
import {EcosystemFund} from "../../../contracts/tge/EcosystemFund.sol";
import {IFXDollar} from "../../../contracts/credits/IFXDollar.sol";
import {DevStablecoin} from "../../../contracts/dev/DevStablecoin.sol";

/// @notice Drives the money paths of the foundation in random order: time, vesting releases, ecosystem releases,
///         burns, credit top-ups, spends, refunds and fee distribution. Inputs are bounded to valid ranges so that
///         most calls do real work; ghost variables record what the invariants compare against.
contract FoundationHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    IFXToken internal immutable _token;
    TokenGenerationEvent internal immutable _tge;
    EcosystemFund internal immutable _eco;
    IFXDollar internal immutable _credits;
    DevStablecoin internal immutable _usd;
    address internal immutable _timelock;

    address internal constant NODE = address(0x40DE);
    address internal constant ARTIST = address(0xA271);

    uint256 public ghostBurnt;
    uint256 public ghostSpentCredits;
    uint256 public calls;

    constructor(IFXToken token, TokenGenerationEvent tge, EcosystemFund eco, IFXDollar credits, DevStablecoin usd, address timelock) {
        (_token, _tge, _eco, _credits, _usd, _timelock) = (token, tge, eco, credits, usd, timelock);
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + (dt % 90 days));
        ++calls;
    }

    function releaseVesting(uint256 index) external {
        uint256[5] memory locked = [uint256(0), 1, 2, 3, 7];
        TrancheVestingWallet w = TrancheVestingWallet(payable(_tge.recipientOf(locked[index % 5])));
        w.release(address(_token));
        ++calls;
    }

    function releaseEpoch(uint256 amount) external {
        uint256 room = _eco.unlocked() - _eco.releasedScheduled();
        if (room == 0) return;
        _eco.releaseEpochRewards(NODE, 1 + (amount % room), bytes32(0));
        ++calls;
    }

    function releaseBuyback(uint256 amount) external {
        uint256 room = _eco.BUYBACK_FUND() - _eco.releasedBuyback();
        if (room == 0) return;
        _eco.releaseBuyback(NODE, 1 + (amount % room), bytes32(0));
        ++calls;
    }

    function grant(uint256 amount) external {
        uint256 room = _eco.unlocked() - _eco.releasedScheduled();
        if (room == 0) return;
        vm.prank(_timelock);
        _eco.grant(NODE, 1 + (amount % room), bytes32(0));
        ++calls;
    }

    function burn(uint256 amount) external {
        uint256 balance = _token.balanceOf(NODE);
        if (balance == 0) return;
        amount = 1 + (amount % balance);
        vm.prank(NODE);
        _token.burn(amount);
        ghostBurnt += amount;
        ++calls;
    }

    function topUp(uint256 stableAmount) external {
        stableAmount = 1 + (stableAmount % 100_000e6);
        _usd.faucet(ARTIST, stableAmount);
        vm.startPrank(ARTIST);
        _usd.approve(address(_credits), stableAmount);
        _credits.topUp(ARTIST, stableAmount);
        vm.stopPrank();
        ++calls;
    }

    function spend(uint256 credits) external {
        uint256 balance = _credits.balanceOf(ARTIST);
        if (balance == 0) return;
        credits = 1 + (credits % balance);
        _credits.spend(ARTIST, credits);
        ghostSpentCredits += credits;
        ++calls;
    }

    function refund(uint256 stableAmount) external {
        uint256 max = _credits.balanceOf(ARTIST) / _credits.creditsPerStableUnit();
        if (max == 0) return;
        vm.prank(ARTIST);
        _credits.refund(1 + (stableAmount % max), ARTIST);
        ++calls;
    }

    function distribute() external {
        if (_credits.pendingSpentStable() == 0) return;
        _credits.distributeSpent();
        ++calls;
    }
}
