// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEcosystemFund} from "../interfaces/IEcosystemFund.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IEpochRewards} from "../interfaces/IEpochRewards.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";

/// @title EpochRewards
/// @notice See `IEpochRewards`. The BMW epoch minter: the only holder of the ecosystem fund's epoch-minter role.
/// @dev Work is a WAD of IBM (1e18 = 1 IB-minute). Rewards per unit of work round down, so claims never exceed what
///      was minted; the dust stays here.
contract EpochRewards is AccessControl, ReentrancyGuard, IEpochRewards {
    using SafeERC20 for IERC20;

    bytes32 public constant MARKET_ROLE = keccak256("MARKET_ROLE");
    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _WAD = 1e18;
    uint8 internal constant _WORKER = uint8(INodeLicense.Kind.Worker);
    uint8 internal constant _VERIFIER = uint8(INodeLicense.Kind.Verifier);
    uint8 internal constant _MANAGER = uint8(INodeLicense.Kind.Manager);

    IERC20 public immutable ifx;
    IEcosystemFund public immutable ecosystemFund;
    IEpochClock public immutable clock;
    IParameterRegistry public immutable params;
    INodeRegistry public immutable registry;
    INodeStaking public immutable staking;
    IPriceSource public immutable ifxUsd;
    /// @notice Where the DAO's share goes: the ecosystem treasury (the timelock).
    address public immutable daoTreasury;

    mapping(uint256 epoch => EpochTotals) internal _epochs;
    mapping(uint256 licenseId => Account) internal _accounts;
    /// @inheritdoc IEpochRewards
    uint256 public totalMinted;
    /// @inheritdoc IEpochRewards
    uint256 public totalClaimed;

    constructor(
        IERC20 ifx_,
        IEcosystemFund ecosystemFund_,
        IEpochClock clock_,
        IParameterRegistry params_,
        INodeRegistry registry_,
        INodeStaking staking_,
        IPriceSource ifxUsd_,
        address daoTreasury_,
        address admin
    ) {
        ifx = ifx_;
        ecosystemFund = ecosystemFund_;
        clock = clock_;
        params = params_;
        registry = registry_;
        staking = staking_;
        ifxUsd = ifxUsd_;
        daoTreasury = daoTreasury_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ crediting

    /// @inheritdoc IEpochRewards
    function creditSettlement(
        uint256 managerId,
        uint256[] calldata workerIds,
        uint256[] calldata workerWorkWad,
        uint256[] calldata verifierIds,
        uint256 totalWorkWad
    ) external onlyRole(MARKET_ROLE) {
        uint256 epoch = clock.currentEpoch();
        EpochTotals storage t = _epochs[epoch];
        uint256 credited;
        uint256 forfeited;
        for (uint256 i; i < workerIds.length; ++i) {
            uint256 work = workerWorkWad[i];
            if (_credit(workerIds[i], _WORKER, epoch, work, t)) forfeited += work;
            else credited += work;
        }
        for (uint256 i; i < verifierIds.length; ++i) {
            _credit(verifierIds[i], _VERIFIER, epoch, totalWorkWad, t);
        }
        _credit(managerId, _MANAGER, epoch, totalWorkWad, t);
        // Work sums stay far below 2^128 WAD-IBM.
        t.workerWorkWad += uint128(credited);
        t.forfeitedWorkWad += uint128(forfeited);
        t.verifierWorkWad += uint128(totalWorkWad * verifierIds.length);
        t.managerWorkWad += uint128(totalWorkWad);
    }

    /// @dev Fixes the epoch's terms at its first credit: E_p, the role split and the epoch's length as the clock runs
    ///      it, and the IFX price (retried at later credits while the price source fails closed).
    function _fixTerms(EpochTotals storage t) internal returns (uint256 price) {
        EpochTerms storage terms = t.terms;
        if (terms.lengthSeconds == 0) {
            (, uint256 length) = clock.currentEpochBounds();
            (uint256 w, uint256 v, uint256 m) = params.emissionSplitBps();
            // Narrowing: lengths are at most 30 days, shares at most 10,000 bps, E_p at most 1,000 IFX.
            terms.lengthSeconds = uint64(length);
            (terms.workersBps, terms.verifiersBps, terms.managersBps) = (uint16(w), uint16(v), uint16(m));
            terms.emissionRatePerIbm = uint128(params.emissionRatePerIbm());
        }
        price = terms.ifxUsdPriceWad;
        if (price != 0) return price;
        try ifxUsd.usdPriceWad() returns (uint256 p) {
            price = p;
            terms.ifxUsdPriceWad = uint128(p);
        } catch {
            price = 0;
        }
    }

    /// @dev Adds work to the node's account; returns whether the node's work of this epoch is forfeited.
    function _credit(uint256 licenseId, uint8 role, uint256 epoch, uint256 workWad, EpochTotals storage t)
        internal
        returns (bool forfeited)
    {
        Account storage a = _accounts[licenseId];
        if (a.epoch != epoch) _settleAccount(a, role, epoch);
        uint256 price = _fixTerms(t);
        if (!a.checked) {
            // The node's first credit of the epoch: participation, and for a worker the stake check, once.
            a.checked = true;
            registry.markActive(licenseId);
            a.forfeited = role == _WORKER && (price == 0 || !staking.coversMinimumAt(licenseId, price));
        }
        forfeited = a.forfeited;
        if (!forfeited) a.workWad += uint176(workWad);
        emit WorkCredited(epoch, licenseId, role, workWad, forfeited);
    }

    /// @dev Converts the account's work of its (ended) epoch into IFX at that epoch's rate and moves it to `epoch`.
    function _settleAccount(Account storage a, uint8 role, uint256 epoch) internal {
        uint256 work = a.workWad;
        if (work != 0 && a.epoch != epoch) {
            uint256 from = a.epoch;
            if (!_epochs[from].closed) _close(from);
            a.accruedIfx += (work * _rewardPerWork(_epochs[from], role)) / _WAD;
            a.workWad = 0;
        }
        if (a.epoch != epoch) {
            a.epoch = uint64(epoch);
            a.checked = false;
            a.forfeited = false;
        }
    }

    function _rewardPerWork(EpochTotals storage t, uint8 role) internal view returns (uint256) {
        if (role == _WORKER) return t.workerRewardPerWorkWad;
        if (role == _VERIFIER) return t.verifierRewardPerWorkWad;
        return t.managerRewardPerWorkWad;
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc IEpochRewards
    function closeEpoch(uint256 epoch) external nonReentrant {
        if (_epochs[epoch].closed) revert RewardsEpochClosed(epoch);
        _close(epoch);
    }

    function _close(uint256 epoch) internal {
        uint256 current = clock.currentEpoch();
        if (epoch >= current) revert RewardsEpochNotOver(epoch, current);
        EpochTotals storage t = _epochs[epoch];
        t.closed = true;
        uint256 paidIbm = uint256(t.workerWorkWad) + t.forfeitedWorkWad;
        // An epoch without work has no terms and no emission.
        uint256 emission = (paidIbm * t.terms.emissionRatePerIbm) / _WAD;
        uint256 room = ecosystemFund.unlocked() - ecosystemFund.releasedScheduled();
        uint256 minted = Math.min(emission, room);
        uint256 paidOut = _split(t, minted, paidIbm);
        uint256 toDao = minted - paidOut;
        uint256 length = t.terms.lengthSeconds != 0 ? t.terms.lengthSeconds : params.epochLengthSeconds();
        uint256 apparent = registry.totalWorkerIbWad() * (length / 60);
        t.mintedIfx = uint128(minted); // at most the ecosystem allocation
        t.apparentIbmWad = uint128(apparent);
        totalMinted += minted;
        uint256 ibmeBps = apparent == 0 ? 0 : (paidIbm * _BPS) / apparent;
        emit EpochClosed(epoch, paidIbm, apparent, ibmeBps, emission, minted, toDao);
        if (minted != 0) ecosystemFund.releaseEpochRewards(address(this), minted, bytes32(epoch));
        if (toDao != 0) ifx.safeTransfer(daoTreasury, toDao);
    }

    /// @dev Sets each role's reward per unit of work; returns what the nodes will be able to claim (rounded down).
    ///      A role without work, forfeited worker shares and rounding dust go to the DAO.
    function _split(EpochTotals storage t, uint256 minted, uint256 paidIbm) internal returns (uint256 paidOut) {
        (uint256 workersBps, uint256 verifiersBps, uint256 managersBps) =
            (t.terms.workersBps, t.terms.verifiersBps, t.terms.managersBps);
        if (paidIbm != 0) {
            uint256 rate = (minted * workersBps * _WAD) / (_BPS * paidIbm);
            t.workerRewardPerWorkWad = rate;
            paidOut += (uint256(t.workerWorkWad) * rate) / _WAD;
        }
        if (t.verifierWorkWad != 0) {
            uint256 rate = (minted * verifiersBps * _WAD) / (_BPS * t.verifierWorkWad);
            t.verifierRewardPerWorkWad = rate;
            paidOut += (uint256(t.verifierWorkWad) * rate) / _WAD;
        }
        if (t.managerWorkWad != 0) {
            uint256 rate = (minted * managersBps * _WAD) / (_BPS * t.managerWorkWad);
            t.managerRewardPerWorkWad = rate;
            paidOut += (uint256(t.managerWorkWad) * rate) / _WAD;
        }
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IEpochRewards
    function claim(uint256 licenseId) external nonReentrant returns (uint256 amount) {
        address owner = registry.ownerOf(licenseId);
        if (msg.sender != owner) revert RewardsNotOwner(licenseId, msg.sender, owner);
        Account storage a = _accounts[licenseId];
        uint256 current = clock.currentEpoch();
        if (a.epoch != current) _settleAccount(a, uint8(registry.status(licenseId).kind), current);
        amount = a.accruedIfx;
        if (amount == 0) revert RewardsNothingToClaim(licenseId);
        a.accruedIfx = 0;
        totalClaimed += amount;
        emit RewardsClaimed(licenseId, owner, amount);
        ifx.safeTransfer(owner, amount);
    }

    /// @inheritdoc IEpochRewards
    function claimable(uint256 licenseId) external view returns (uint256) {
        Account storage a = _accounts[licenseId];
        uint256 amount = a.accruedIfx;
        EpochTotals storage t = _epochs[a.epoch];
        if (a.workWad != 0 && t.closed) {
            amount += (uint256(a.workWad) * _rewardPerWork(t, uint8(registry.status(licenseId).kind))) / _WAD;
        }
        return amount;
    }

    /// @inheritdoc IEpochRewards
    function epochTotals(uint256 epoch) external view returns (EpochTotals memory) {
        return _epochs[epoch];
    }

    /// @inheritdoc IEpochRewards
    function accountOf(uint256 licenseId) external view returns (Account memory) {
        return _accounts[licenseId];
    }
}
