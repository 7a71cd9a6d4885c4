// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEcosystemFund} from "../interfaces/IEcosystemFund.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IEpochRewards} from "../interfaces/IEpochRewards.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {IPenaltyPool} from "../interfaces/IPenaltyPool.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";
import {SettlementCodec} from "../libraries/SettlementCodec.sol";

/// @title EpochRewards
/// @notice See `IEpochRewards`. The BMW epoch minter: the only holder of the ecosystem fund's epoch-minter role.
/// @dev Work is a WAD of IBM (1e18 = 1 IB-minute). Shares round down, so claims never exceed a role's pool; the dust
///      stays here. Storage is packed for the hot paths: a settlement reads the running epoch (cached with its end and
///      the market's address: no clock call, no role look-up) and writes one word per credited node plus one per
///      epoch; a claim reads the node's word and two words of its epoch. Pools are not stored but derived at claim time
///      from the minted amount, the epoch's split and its work totals. An epoch's record is opened at its first credit
///      (status, split) and completed at its close.
contract EpochRewards is AccessControl, ReentrancyGuardTransient, IEpochRewards {
    using SafeERC20 for IERC20;

    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _WAD = 1e18;
    uint8 internal constant _WORKER = uint8(INodeLicense.Kind.Worker);
    uint8 internal constant _VERIFIER = uint8(INodeLicense.Kind.Verifier);
    uint8 internal constant _MANAGER = uint8(INodeLicense.Kind.Manager);
    /// @dev Epoch, role, checked and forfeited of an `AccountSlot` word; its work field.
    uint256 internal constant _HEADER_MASK = (1 << 56) - 1;
    uint256 internal constant _WORK_MASK = (1 << 104) - 1;

    /// @dev `OpenWithForfeits` once a node forfeits work of the epoch: only then does its close read `_forfeitedWork`.
    enum EpochStatus {
        None,
        Open,
        OpenWithForfeits,
        Closed
    }

    /// @dev The market, the running epoch and when it ends; `termsReady` once its terms and IFX price are fixed.
    struct Running {
        address market;
        uint32 epoch;
        uint40 endsAt;
        bool termsReady;
    }

    struct EpochWork {
        uint128 paidWorkWad;
        uint128 verifierWorkWad;
    }

    /// @dev What a claim needs besides the work totals: the split (fixed at the first credit) and the close. One word:
    ///      an epoch mints at most 2^88 wei (309M IFX; the whole 4-year schedule is 490M) and IBME is capped at 65,535
    ///      bps (above 100% only when benchmarks are stale).
    struct EpochRecord {
        EpochStatus status;
        uint16 workersBps;
        uint16 verifiersBps;
        uint16 managersBps;
        uint88 mintedIfx;
        uint96 penaltyIfx;
        uint16 ibmeBps;
    }

    /// @dev The rest of an epoch's terms.
    struct EpochParams {
        uint32 lengthSeconds;
        uint80 emissionRatePerIbm;
        uint96 ifxUsdPriceWad;
    }

    /// @dev One word per node. Work per node and epoch stays below 2^104 WAD-IBM (2e13 IBM), accruals below the supply.
    struct AccountSlot {
        uint32 epoch;
        uint8 role;
        bool checked;
        bool forfeited;
        uint104 workWad;
        uint96 accruedIfx;
    }

    IERC20 public immutable ifx;
    IEcosystemFund public immutable ecosystemFund;
    IEpochClock public immutable clock;
    IParameterRegistry public immutable params;
    INodeRegistry public immutable registry;
    IERC721 public immutable license;
    INodeStaking public immutable staking;
    IPriceSource public immutable ifxUsd;
    IPenaltyPool public immutable penaltyPool;
    /// @notice Where the DAO's share goes: the ecosystem treasury (the timelock).
    address public immutable daoTreasury;

    Running internal _running;
    mapping(uint256 epoch => EpochWork) internal _work;
    /// @dev Work of nodes whose share of the epoch is forfeited, per role (rare: written only when it happens).
    mapping(uint256 epoch => uint256[3]) internal _forfeitedWork;
    /// @dev Work credited to managers in the epoch, at fee release.
    mapping(uint256 epoch => uint256) internal _managerWork;
    mapping(uint256 epoch => EpochRecord) internal _records;
    mapping(uint256 epoch => EpochParams) internal _params;
    mapping(uint256 licenseId => AccountSlot) internal _accounts;
    /// @inheritdoc IEpochRewards
    uint128 public totalMinted;
    /// @inheritdoc IEpochRewards
    uint128 public daoOwed;
    /// @inheritdoc IEpochRewards
    /// @dev Its own word: written once per epoch, away from the claim and close hot paths.
    uint96 public lastIfxUsdPriceWad;

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
        license = IERC721(address(registry_.license()));
        staking = staking_;
        ifxUsd = ifxUsd_;
        penaltyPool = penaltyPool_;
        daoTreasury = daoTreasury_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IEpochRewards
    function setMarket(address market_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (market_ == address(0)) revert RewardsZeroAddress();
        address current = _running.market;
        if (current != address(0)) revert RewardsMarketAlreadySet(current);
        _running.market = market_;
        emit MarketSet(market_);
    }

    /// @inheritdoc IEpochRewards
    function market() external view returns (address) {
        return _running.market;
    }

    // ------------------------------------------------------------------ crediting

    /// @inheritdoc IEpochRewards
    function creditSettlement(uint256[] calldata workers, uint256[] calldata verifierIds, uint256 paidWorkWad)
        external
    {
        uint256 epoch = _runningEpoch();
        _forfeit(epoch, _WORKER, _creditEntries(workers, _WORKER, epoch));
        uint256 forfeited;
        for (uint256 i; i < verifierIds.length; ++i) {
            if (_credit(verifierIds[i], _VERIFIER, epoch, paidWorkWad)) forfeited += paidWorkWad;
        }
        _forfeit(epoch, _VERIFIER, forfeited);
        // Work sums stay far below 2^128 WAD-IBM (the WP's scenario is ~1e11 IBM per epoch).
        EpochWork memory w = _work[epoch];
        _work[epoch] = EpochWork(
            uint128(w.paidWorkWad + paidWorkWad), uint128(w.verifierWorkWad + paidWorkWad * verifierIds.length)
        );
    }

    /// @inheritdoc IEpochRewards
    function creditManagers(uint256[] calldata managers, uint256 totalWorkWad) external {
        uint256 epoch = _runningEpoch();
        _forfeit(epoch, _MANAGER, _creditEntries(managers, _MANAGER, epoch));
        _managerWork[epoch] += totalWorkWad;
    }

    function _forfeit(uint256 epoch, uint8 role, uint256 workWad) internal {
        if (workWad == 0) return;
        _forfeitedWork[epoch][role] += workWad;
        _records[epoch].status = EpochStatus.OpenWithForfeits;
    }

    /// @dev Credits packed `licenseId << 128 | workWad` entries in `role`; returns the forfeited work among them.
    function _creditEntries(uint256[] calldata entries, uint8 role, uint256 epoch)
        internal
        returns (uint256 forfeited)
    {
        for (uint256 i; i < entries.length; ++i) {
            (uint256 licenseId, uint256 work) = SettlementCodec.worker(entries[i]);
            if (_credit(licenseId, role, epoch, work)) forfeited += work;
        }
    }

    /// @dev Checks the caller, then the running epoch from the cache while it lasts; past its end (or while its IFX
    ///      price is unknown) from the clock, fixing the epoch's terms on the way.
    function _runningEpoch() internal returns (uint256 epoch) {
        Running memory r = _running;
        if (msg.sender != r.market) revert RewardsNotMarket(msg.sender);
        if (block.timestamp < r.endsAt && r.termsReady) return r.epoch;
        epoch = clock.currentEpoch();
        (uint256 startedAt, uint256 length) = clock.currentEpochBounds();
        uint256 price = _fixTerms(epoch, length);
        // Narrowing: epoch counts stay below 2^32 (a million years of 72 h epochs), timestamps below 2^40.
        _running = Running(r.market, uint32(epoch), uint40(startedAt + length), price != 0);
    }

    /// @dev Opens the epoch's record at its first credit, fixing E_p, the role split and the epoch's length as the
    ///      clock runs it, and the IFX price: the source's, or while it fails closed the last price an epoch was
    ///      fixed at (an outage is not the worker's doing). Without either, retried at later credits.
    function _fixTerms(uint256 epoch, uint256 length) internal returns (uint256 price) {
        EpochParams storage p = _params[epoch];
        if (_records[epoch].status == EpochStatus.None) {
            (uint256 w, uint256 v, uint256 m) = params.emissionSplitBps();
            // Narrowing: shares at most 10,000 bps, lengths at most 30 days, E_p at most 1,000 IFX.
            _records[epoch] = EpochRecord(EpochStatus.Open, uint16(w), uint16(v), uint16(m), 0, 0, 0);
            p.lengthSeconds = uint32(length);
            p.emissionRatePerIbm = uint80(params.emissionRatePerIbm());
        }
        price = p.ifxUsdPriceWad;
        if (price != 0) return price;
        try ifxUsd.usdPriceWad() returns (uint256 quoted) {
            // A price beyond 2^96 WAD (~8e10 USD per IFX) is not a price this protocol can pay against.
            if (quoted <= type(uint96).max) price = quoted;
        } catch {}
        if (price != 0) {
            lastIfxUsdPriceWad = uint96(price);
        } else {
            price = lastIfxUsdPriceWad;
            if (price == 0) return 0;
            emit EpochPriceFallback(epoch, price);
        }
        p.ifxUsdPriceWad = uint96(price);
    }

    /// @dev Adds work to the node's account; returns whether the node's work of this epoch is forfeited. The hot case
    ///      (a node credited earlier in the running epoch, in the same role, not forfeited) is one word read, one
    ///      addition and one word written, on the raw word of `AccountSlot` (Solidity's packing, low bits first:
    ///      epoch 0-31, role 32-39, checked 40-47, forfeited 48-55, workWad 56-159, accruedIfx 160-255).
    function _credit(uint256 licenseId, uint8 role, uint256 epoch, uint256 workWad) internal returns (bool) {
        AccountSlot storage a = _accounts[licenseId];
        uint256 word;
        assembly ("memory-safe") {
            word := sload(a.slot)
        }
        if (word & _HEADER_MASK == epoch | (uint256(role) << 32) | (1 << 40)) {
            uint256 work = ((word >> 56) & _WORK_MASK) + workWad;
            if (work > _WORK_MASK) revert RewardsWorkOverflow(licenseId);
            word = (word & ~(_WORK_MASK << 56)) | (work << 56);
            assembly ("memory-safe") {
                sstore(a.slot, word)
            }
            return false;
        }
        AccountSlot memory m = a;
        bool joining = m.epoch != epoch || !m.checked;
        if (joining) m = _joinEpoch(licenseId, m, role, epoch);
        else if (m.role != role) revert RewardsWrongRole(licenseId, role, m.role);
        if (!m.forfeited) m.workWad = uint104(m.workWad + workWad);
        else if (!joining) return true; // nothing to write
        _accounts[licenseId] = m;
        return m.forfeited;
    }

    /// @dev The node's first credit of the epoch: converts its earlier work, checks its role, records participation
    ///      and, for a worker, checks its stake once.
    function _joinEpoch(uint256 licenseId, AccountSlot memory m, uint8 role, uint256 epoch)
        internal
        returns (AccountSlot memory)
    {
        uint256 accrued = m.accruedIfx;
        if (m.epoch != epoch && m.workWad != 0) accrued += _convert(m);
        (INodeLicense.Kind nodeKind, bool registered, bool live) = registry.participate(licenseId);
        uint8 kind = uint8(nodeKind);
        if (!registered || kind != role) revert RewardsWrongRole(licenseId, role, kind);
        // A node retired or blacklisted since it did the work forfeits it (its share goes to the DAO): the settlement
        // or release that credits it still goes through.
        bool forfeited = !live;
        if (!forfeited && role == _WORKER) {
            // Zero only before any epoch ever had an IFX price: the stake cannot be valued, and a price outage is not
            // the worker's doing, so the work stands. (Assignment is gated apart: without a price, NodeStaking's
            // eligibility answers PriceUnavailable, so managers hand no task to a stake nobody can value.)
            uint256 price = _params[epoch].ifxUsdPriceWad;
            forfeited = price != 0 && !staking.coversMinimumAt(licenseId, price);
        }
        emit EpochJoined(epoch, licenseId, role, forfeited);
        // Narrowing: accruals stay below the IFX supply (< 2^96).
        return AccountSlot(uint32(epoch), role, true, forfeited, 0, uint96(accrued));
    }

    /// @dev The IFX a node's work of an ended epoch earns, closing that epoch first if nobody has.
    function _convert(AccountSlot memory m) internal returns (uint256) {
        if (_records[m.epoch].status != EpochStatus.Closed) _close(m.epoch);
        return _share(m.epoch, m.role, m.workWad);
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc IEpochRewards
    function closeEpoch(uint256 epoch) external nonReentrant {
        if (_records[epoch].status == EpochStatus.Closed) revert RewardsEpochClosed(epoch);
        _close(epoch);
    }

    function _close(uint256 epoch) internal {
        if (!_isOver(epoch)) revert RewardsEpochNotOver(epoch, clock.currentEpoch());
        EpochRecord memory c = _records[epoch];
        EpochWork memory w = _work[epoch];
        bool hasForfeits = c.status == EpochStatus.OpenWithForfeits;
        // Closed before the calls below (the protocol's own fund, token and pool, none of which calls back): once only.
        c.status = EpochStatus.Closed;
        _records[epoch].status = EpochStatus.Closed;
        (uint256 emission, uint256 apparent, uint256 ibmeBps) = _emissionOf(epoch, w.paidWorkWad);
        // T = W_p x E_p, minted up to what the 4-year schedule has unlocked and not released (eq. 18). An epoch mints
        // at most 2^88 wei (309M IFX; the whole schedule is 490M).
        uint256 minted = emission == 0
            ? 0
            : ecosystemFund.releaseEpochRewards(address(this), Math.min(emission, type(uint88).max), bytes32(epoch));
        // Slashed stake waiting in the pool joins this epoch's verifiers, if it has any (WP §VI-I4). The balance check
        // spares the call (and its role look-up) when nothing was slashed.
        uint256 penalty;
        if (w.verifierWorkWad != 0 && ifx.balanceOf(address(penaltyPool)) != 0) penalty = penaltyPool.release();
        uint256[3] memory forfeited;
        if (hasForfeits) forfeited = _forfeitedWork[epoch];
        uint256 toDao = _daoShare(c, w, _managerWork[epoch], forfeited, minted, penalty);
        // Narrowing: minted < 2^88 (above), penalties at most the supply (< 2^96), IBME capped by `_emissionOf`.
        (c.mintedIfx, c.penaltyIfx, c.ibmeBps) = (uint88(minted), uint96(penalty), uint16(ibmeBps));
        _records[epoch] = c;
        (totalMinted, daoOwed) = (uint128(totalMinted + minted), uint128(daoOwed + toDao));
        emit EpochClosed(epoch, w.paidWorkWad, apparent, ibmeBps, emission, minted, penalty, toDao);
    }

    /// @dev W_p x E_p (eq. 18), and IBME = W_p / apparent IBM (eq. 20), apparent from the registry's IB and the
    ///      epoch's length.
    function _emissionOf(uint256 epoch, uint256 paidIbm)
        internal
        view
        returns (uint256 emission, uint256 apparent, uint256 ibmeBps)
    {
        EpochParams memory p = _params[epoch];
        // An epoch without work has no terms and no emission.
        emission = (paidIbm * p.emissionRatePerIbm) / _WAD;
        uint256 length = p.lengthSeconds != 0 ? p.lengthSeconds : params.epochLengthSeconds();
        apparent = registry.totalWorkerIbWad() * (length / 60);
        ibmeBps = apparent == 0 ? 0 : Math.min((paidIbm * _BPS) / apparent, type(uint16).max);
    }

    /// @dev The DAO's share of a closed epoch: the emission's rest after the role pools, the pools of roles without
    ///      work, and the forfeited nodes' part of each pool (penalties included).
    function _daoShare(
        EpochRecord memory c,
        EpochWork memory w,
        uint256 managerWork,
        uint256[3] memory forfeited,
        uint256 minted,
        uint256 penalty
    ) internal pure returns (uint256 toDao) {
        uint256 workersPool = (minted * c.workersBps) / _BPS;
        uint256 verifiersPool = (minted * c.verifiersBps) / _BPS;
        uint256 managersPool = (minted * c.managersBps) / _BPS;
        toDao = minted - workersPool - verifiersPool - managersPool;
        toDao += _unclaimable(workersPool, forfeited[_WORKER], w.paidWorkWad);
        // Without verification work the penalties stay in the pool, so only the minted pool is unclaimable then.
        toDao += w.verifierWorkWad == 0
            ? verifiersPool
            : Math.mulDiv(verifiersPool + penalty, forfeited[_VERIFIER], w.verifierWorkWad);
        toDao += _unclaimable(managersPool, forfeited[_MANAGER], managerWork);
    }

    /// @dev The part of `pool` nobody can claim: all of it without work, else the forfeited work's part.
    function _unclaimable(uint256 pool, uint256 forfeitedWork, uint256 totalWork) internal pure returns (uint256) {
        if (totalWork == 0) return pool;
        return Math.mulDiv(pool, forfeitedWork, totalWork);
    }

    /// @dev A node's share of a closed epoch: its work over its role's work, of its role's pool (rounded down).
    function _share(uint256 epoch, uint8 role, uint256 workWad) internal view returns (uint256) {
        EpochRecord memory c = _records[epoch];
        EpochWork memory w = _work[epoch];
        if (role == _VERIFIER) {
            return Math.mulDiv(workWad, (uint256(c.mintedIfx) * c.verifiersBps) / _BPS + c.penaltyIfx, w.verifierWorkWad);
        }
        if (role == _WORKER) return Math.mulDiv(workWad, (uint256(c.mintedIfx) * c.workersBps) / _BPS, w.paidWorkWad);
        return Math.mulDiv(workWad, (uint256(c.mintedIfx) * c.managersBps) / _BPS, _managerWork[epoch]);
    }

    /// @dev A closed epoch is over; so is one before the cached running epoch; otherwise the clock says.
    function _isOver(uint256 epoch) internal view returns (bool) {
        return _records[epoch].status == EpochStatus.Closed || epoch < _running.epoch || epoch < clock.currentEpoch();
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IEpochRewards
    function claim(uint256 licenseId) external nonReentrant returns (uint256 amount) {
        address owner = license.ownerOf(licenseId);
        if (msg.sender != owner) revert RewardsNotOwner(licenseId, msg.sender, owner);
        AccountSlot memory m = _accounts[licenseId];
        amount = m.accruedIfx;
        bool over = _isOver(m.epoch);
        if (m.workWad != 0 && over) amount += _convert(m);
        if (amount == 0) revert RewardsNothingToClaim(licenseId);
        if (over) {
            // Nothing left for the account to remember: its epoch is over and paid. The next credit starts afresh.
            delete _accounts[licenseId];
        } else {
            m.accruedIfx = 0;
            _accounts[licenseId] = m;
        }
        emit RewardsClaimed(licenseId, owner, amount);
        ifx.safeTransfer(owner, amount);
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
        amount = m.accruedIfx;
        if (m.workWad != 0 && _records[m.epoch].status == EpochStatus.Closed) {
            amount += _share(m.epoch, m.role, m.workWad);
        }
    }

    /// @inheritdoc IEpochRewards
    function epochTotals(uint256 epoch) external view returns (EpochTotals memory) {
        EpochWork memory w = _work[epoch];
        EpochRecord memory c = _records[epoch];
        EpochParams memory p = _params[epoch];
        return EpochTotals(
            w.paidWorkWad,
            w.verifierWorkWad,
            uint128(_managerWork[epoch]),
            uint128(_forfeitedWork[epoch][_WORKER]),
            c.status == EpochStatus.Closed,
            c.mintedIfx,
            c.penaltyIfx,
            c.ibmeBps,
            EpochTerms(
                p.lengthSeconds, c.workersBps, c.verifiersBps, c.managersBps, p.emissionRatePerIbm, p.ifxUsdPriceWad
            )
        );
    }

    /// @inheritdoc IEpochRewards
    function forfeitedWork(uint256 epoch) external view returns (uint256 workers, uint256 verifiers, uint256 managers) {
        uint256[3] storage f = _forfeitedWork[epoch];
        return (f[_WORKER], f[_VERIFIER], f[_MANAGER]);
    }

    /// @inheritdoc IEpochRewards
    function accountOf(uint256 licenseId) external view returns (Account memory) {
        AccountSlot memory m = _accounts[licenseId];
        return Account(m.epoch, m.role, m.checked, m.forfeited, m.workWad, m.accruedIfx);
    }
}
