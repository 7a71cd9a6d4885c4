// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEcosystemFund} from "../interfaces/IEcosystemFund.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IEpochRewards} from "../interfaces/IEpochRewards.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {IPenaltyPool} from "../interfaces/IPenaltyPool.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";

/// @title EpochRewards
/// @notice See `IEpochRewards`. The BMW epoch minter: the only holder of the ecosystem fund's epoch-minter role.
/// @dev Work is a WAD of IBM (1e18 = 1 IB-minute). Shares round down, so claims never exceed a role's pool; the dust
///      stays here. Storage is packed so that a settlement costs one slot per credited node plus one per epoch: the
///      running epoch is cached with its end (no clock call while it runs), and pools are not stored but derived at
///      claim time from the minted amount, the epoch's split and its work totals.
contract EpochRewards is AccessControl, ReentrancyGuardTransient, IEpochRewards {
    using SafeERC20 for IERC20;

    bytes32 public constant MARKET_ROLE = keccak256("MARKET_ROLE");
    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _WAD = 1e18;
    uint8 internal constant _WORKER = uint8(INodeLicense.Kind.Worker);
    uint8 internal constant _VERIFIER = uint8(INodeLicense.Kind.Verifier);
    uint8 internal constant _MANAGER = uint8(INodeLicense.Kind.Manager);

    /// @dev The running epoch and when it ends; `termsReady` once its terms and IFX price are fixed.
    struct Running {
        uint64 epoch;
        uint64 endsAt;
        bool termsReady;
    }

    struct EpochWork {
        uint128 paidWorkWad;
        uint128 verifierWorkWad;
    }

    struct EpochClose {
        bool closed;
        uint96 mintedIfx;
        uint96 penaltyIfx;
        uint32 ibmeBps;
    }

    struct AccountSlot {
        uint64 epoch;
        uint8 role;
        bool checked;
        bool forfeited;
        uint168 workWad;
    }

    IERC20 public immutable ifx;
    IEcosystemFund public immutable ecosystemFund;
    IEpochClock public immutable clock;
    IParameterRegistry public immutable params;
    INodeRegistry public immutable registry;
    INodeStaking public immutable staking;
    IPriceSource public immutable ifxUsd;
    IPenaltyPool public immutable penaltyPool;
    /// @notice Where the DAO's share goes: the ecosystem treasury (the timelock).
    address public immutable daoTreasury;

    Running internal _running;
    mapping(uint256 epoch => EpochWork) internal _work;
    mapping(uint256 epoch => uint256) internal _forfeitedWork;
    mapping(uint256 epoch => EpochTerms) internal _terms;
    mapping(uint256 epoch => EpochClose) internal _closes;
    mapping(uint256 licenseId => AccountSlot) internal _accounts;
    mapping(uint256 licenseId => uint256) internal _accrued;
    /// @inheritdoc IEpochRewards
    uint128 public totalMinted;
    /// @inheritdoc IEpochRewards
    uint128 public daoOwed;

    constructor(
        IERC20 ifx_,
        IEcosystemFund ecosystemFund_,
        IEpochClock clock_,
        IParameterRegistry params_,
        INodeRegistry registry_,
        INodeStaking staking_,
        IPriceSource ifxUsd_,
        IPenaltyPool penaltyPool_,
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
        penaltyPool = penaltyPool_;
        daoTreasury = daoTreasury_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ crediting

    /// @inheritdoc IEpochRewards
    function creditSettlement(
        uint256 managerId,
        IJobMarket.WorkerWork[] calldata workers,
        uint256[] calldata verifierIds,
        uint256 paidWorkWad
    ) external onlyRole(MARKET_ROLE) {
        uint256 epoch = _runningEpoch();
        uint256 forfeited;
        for (uint256 i; i < workers.length; ++i) {
            uint256 work = workers[i].workWad;
            if (_credit(workers[i].licenseId, _WORKER, epoch, work)) forfeited += work;
        }
        for (uint256 i; i < verifierIds.length; ++i) {
            _credit(verifierIds[i], _VERIFIER, epoch, paidWorkWad);
        }
        _credit(managerId, _MANAGER, epoch, paidWorkWad);
        EpochWork storage w = _work[epoch];
        // Work sums stay far below 2^128 WAD-IBM (the WP's scenario is ~1e11 IBM per epoch).
        (w.paidWorkWad, w.verifierWorkWad) =
            (uint128(w.paidWorkWad + paidWorkWad), uint128(w.verifierWorkWad + paidWorkWad * verifierIds.length));
        if (forfeited != 0) _forfeitedWork[epoch] += forfeited;
    }

    /// @dev The running epoch from the cache while it lasts; past its end (or while its IFX price is unknown) from the
    ///      clock, fixing the epoch's terms on the way.
    function _runningEpoch() internal returns (uint256 epoch) {
        Running memory r = _running;
        if (block.timestamp < r.endsAt && r.termsReady) return r.epoch;
        epoch = clock.currentEpoch();
        (uint256 startedAt, uint256 length) = clock.currentEpochBounds();
        uint256 price = _fixTerms(epoch, length);
        _running = Running(uint64(epoch), uint64(startedAt + length), price != 0);
    }

    /// @dev Fixes the epoch's terms at its first credit: E_p, the role split and the epoch's length as the clock runs
    ///      it, and the IFX price (retried at later credits while the price source fails closed).
    function _fixTerms(uint256 epoch, uint256 length) internal returns (uint256 price) {
        EpochTerms storage terms = _terms[epoch];
        if (terms.lengthSeconds == 0) {
            (uint256 w, uint256 v, uint256 m) = params.emissionSplitBps();
            // Narrowing: lengths are at most 30 days, shares at most 10,000 bps, E_p at most 1,000 IFX.
            terms.lengthSeconds = uint32(length);
            (terms.workersBps, terms.verifiersBps, terms.managersBps) = (uint16(w), uint16(v), uint16(m));
            terms.emissionRatePerIbm = uint80(params.emissionRatePerIbm());
        }
        price = terms.ifxUsdPriceWad;
        if (price != 0) return price;
        try ifxUsd.usdPriceWad() returns (uint256 p) {
            // A price beyond 2^96 WAD (~8e10 USD per IFX) is not a price this protocol can pay against.
            price = p <= type(uint96).max ? p : 0;
            terms.ifxUsdPriceWad = uint96(price);
        } catch {
            price = 0;
        }
    }

    /// @dev Adds work to the node's account; returns whether the node's work of this epoch is forfeited.
    function _credit(uint256 licenseId, uint8 role, uint256 epoch, uint256 workWad) internal returns (bool) {
        AccountSlot storage a = _accounts[licenseId];
        AccountSlot memory m = a;
        if (m.epoch != epoch || !m.checked) m = _joinEpoch(licenseId, m, role, epoch);
        if (m.forfeited) return true;
        a.workWad = uint168(m.workWad + workWad);
        return false;
    }

    /// @dev The node's first credit of the epoch: converts its earlier work, checks its role, records participation
    ///      and, for a worker, checks its stake once.
    function _joinEpoch(uint256 licenseId, AccountSlot memory m, uint8 role, uint256 epoch)
        internal
        returns (AccountSlot memory)
    {
        if (m.epoch != epoch && m.workWad != 0) _accrued[licenseId] += _convert(m);
        uint8 kind = uint8(registry.markActive(licenseId));
        if (kind != role) revert RewardsWrongRole(licenseId, role, kind);
        uint256 price = _terms[epoch].ifxUsdPriceWad;
        bool forfeited = role == _WORKER && (price == 0 || !staking.coversMinimumAt(licenseId, price));
        m = AccountSlot(uint64(epoch), role, true, forfeited, 0);
        _accounts[licenseId] = m;
        emit EpochJoined(epoch, licenseId, role, forfeited);
        return m;
    }

    /// @dev The IFX a node's work of an ended epoch earns, closing that epoch first if nobody has.
    function _convert(AccountSlot memory m) internal returns (uint256) {
        if (!_closes[m.epoch].closed) _close(m.epoch);
        return _share(m.epoch, m.role, m.workWad);
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc IEpochRewards
    function closeEpoch(uint256 epoch) external nonReentrant {
        if (_closes[epoch].closed) revert RewardsEpochClosed(epoch);
        _close(epoch);
    }

    function _close(uint256 epoch) internal {
        uint256 current = clock.currentEpoch();
        if (epoch >= current) revert RewardsEpochNotOver(epoch, current);
        EpochWork memory w = _work[epoch];
        EpochTerms memory t = _terms[epoch];
        uint256 paidIbm = w.paidWorkWad;
        // An epoch without work has no terms and no emission.
        uint256 emission = (paidIbm * t.emissionRatePerIbm) / _WAD;
        uint256 minted = emission == 0
            ? 0
            : Math.min(emission, ecosystemFund.unlocked() - ecosystemFund.releasedScheduled());
        uint256 apparent = registry.totalWorkerIbWad() * ((t.lengthSeconds != 0 ? t.lengthSeconds : params.epochLengthSeconds()) / 60);
        uint256 ibmeBps = apparent == 0 ? 0 : Math.min((paidIbm * _BPS) / apparent, type(uint32).max);
        _closes[epoch].closed = true;
        // Slashed stake waiting in the pool joins this epoch's verifiers, if it has any (WP §VI-I4).
        uint256 penalty = w.verifierWorkWad != 0 ? penaltyPool.release() : 0;
        uint256 toDao = minted - _paidOut(t, w, _forfeitedWork[epoch], minted);
        // Narrowing: minted is at most the ecosystem allocation, penalties at most the supply (both < 2^96).
        _closes[epoch] = EpochClose(true, uint96(minted), uint96(penalty), uint32(ibmeBps));
        (totalMinted, daoOwed) = (uint128(totalMinted + minted), uint128(daoOwed + toDao));
        emit EpochClosed(epoch, paidIbm, apparent, ibmeBps, emission, minted, penalty, toDao);
        if (minted != 0) ecosystemFund.releaseEpochRewards(address(this), minted, bytes32(epoch));
    }

    /// @dev What the nodes of an epoch may claim of its emission (each role's pool, less the forfeited workers' part):
    ///      the rest of the emission is the DAO's.
    function _paidOut(EpochTerms memory t, EpochWork memory w, uint256 forfeitedWork, uint256 minted)
        internal
        pure
        returns (uint256 paidOut)
    {
        if (w.paidWorkWad == 0) return 0;
        uint256 workersPool = (minted * t.workersBps) / _BPS;
        paidOut = workersPool - Math.mulDiv(workersPool, forfeitedWork, w.paidWorkWad) + (minted * t.managersBps) / _BPS;
        if (w.verifierWorkWad != 0) paidOut += (minted * t.verifiersBps) / _BPS;
    }

    /// @dev A node's share of a closed epoch: its work over its role's work, of its role's pool (rounded down).
    function _share(uint256 epoch, uint8 role, uint256 workWad) internal view returns (uint256) {
        EpochClose memory c = _closes[epoch];
        EpochTerms memory t = _terms[epoch];
        EpochWork memory w = _work[epoch];
        if (role == _VERIFIER) {
            return Math.mulDiv(workWad, (uint256(c.mintedIfx) * t.verifiersBps) / _BPS + c.penaltyIfx, w.verifierWorkWad);
        }
        uint256 bps = role == _WORKER ? t.workersBps : t.managersBps;
        return Math.mulDiv(workWad, (uint256(c.mintedIfx) * bps) / _BPS, w.paidWorkWad);
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IEpochRewards
    function claim(uint256 licenseId) external nonReentrant returns (uint256 amount) {
        address owner = registry.ownerOf(licenseId);
        if (msg.sender != owner) revert RewardsNotOwner(licenseId, msg.sender, owner);
        AccountSlot storage a = _accounts[licenseId];
        AccountSlot memory m = a;
        amount = _accrued[licenseId];
        if (m.workWad != 0 && _isOver(m.epoch)) {
            amount += _convert(m);
            a.workWad = 0;
        }
        if (amount == 0) revert RewardsNothingToClaim(licenseId);
        _accrued[licenseId] = 0;
        emit RewardsClaimed(licenseId, owner, amount);
        ifx.safeTransfer(owner, amount);
    }

    /// @dev A closed epoch is over without asking the clock; an open one is over once the clock has moved past it.
    function _isOver(uint256 epoch) internal view returns (bool) {
        return _closes[epoch].closed || epoch < clock.currentEpoch();
    }

    /// @inheritdoc IEpochRewards
    function payDao() external nonReentrant returns (uint256 amount) {
        amount = daoOwed;
        if (amount == 0) return 0;
        daoOwed = 0;
        emit DaoPaid(daoTreasury, amount);
        ifx.safeTransfer(daoTreasury, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IEpochRewards
    function claimable(uint256 licenseId) external view returns (uint256 amount) {
        AccountSlot memory m = _accounts[licenseId];
        amount = _accrued[licenseId];
        if (m.workWad != 0 && _closes[m.epoch].closed) amount += _share(m.epoch, m.role, m.workWad);
    }

    /// @inheritdoc IEpochRewards
    function epochTotals(uint256 epoch) external view returns (EpochTotals memory) {
        EpochWork memory w = _work[epoch];
        EpochClose memory c = _closes[epoch];
        return EpochTotals(
            w.paidWorkWad,
            w.verifierWorkWad,
            uint128(_forfeitedWork[epoch]),
            c.closed,
            c.mintedIfx,
            c.penaltyIfx,
            c.ibmeBps,
            _terms[epoch]
        );
    }

    /// @inheritdoc IEpochRewards
    function accountOf(uint256 licenseId) external view returns (Account memory) {
        AccountSlot memory m = _accounts[licenseId];
        return Account(m.epoch, m.role, m.checked, m.forfeited, m.workWad, _accrued[licenseId]);
    }
}
