// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "../utils/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {DevStablecoin} from "../../../contracts/dev/DevStablecoin.sol";
import {IFXDollar} from "../../../contracts/credits/IFXDollar.sol";
import {EpochClock} from "../../../contracts/epochs/EpochClock.sol";
import {UniswapV2TwapOracle} from "../../../contracts/oracles/UniswapV2TwapOracle.sol";
import {JobMarket} from "../../../contracts/market/JobMarket.sol";
import {EpochRewards} from "../../../contracts/market/EpochRewards.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {SettlementCodec} from "../../../contracts/libraries/SettlementCodec.sol";
import {IEpochRewards} from "../../../contracts/interfaces/IEpochRewards.sol";
import {BuyAndBurn} from "../../../contracts/market/BuyAndBurn.sol";
import {ParamKeys} from "../../../contracts/params/ParamKeys.sol";
import {ParameterRegistry} from "../../../contracts/params/ParameterRegistry.sol";
import {IUniswapV2PairLike, UniswapV2} from "../utils/UniswapV2.sol";

/// @notice Drives the market and the epoch rewards in random order: jobs of random work, committee draws, partial
///         settlements signed by 2 or 3 committee members (sometimes with a rejection), cancels, reclaims after
///         deadlines, fee releases, time across epochs (usually refreshing the IFX TWAP, sometimes leaving it stale so
///         that worker shares are forfeited), epoch closes, claims, payments to the DAO, and buy-and-burn batches
///         through the real Uniswap V2 pool, sometimes after a trader has moved its price. At most MAX_JOBS jobs, so
///         every loop is bounded. Ghost variables record what the invariants compare against.
contract MarketHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant MAX_JOBS = 16;
    uint128 internal constant _PRICE = 0.05e18;

    struct Deps {
        JobMarket market;
        EpochRewards rewards;
        IFXDollar credits;
        DevStablecoin usd;
        IERC20 ifx;
        EpochClock clock;
        UniswapV2TwapOracle ifxUsd;
        address artist;
        address nodeOwner;
        address dao;
        uint256 managerId;
        uint256 managerPk;
        uint256[3] verifierIds;
        uint256 verifierPk0;
        uint256[2] workerIds;
        uint256 workerPk0;
        BuyAndBurn burner;
        IUniswapV2PairLike ifxUsdPair;
        ParameterRegistry params;
    }

    JobMarket internal immutable _market;
    EpochRewards internal immutable _rewards;
    IFXDollar internal immutable _credits;
    DevStablecoin internal immutable _usd;
    IERC20 internal immutable _ifx;
    EpochClock internal immutable _clock;
    UniswapV2TwapOracle internal immutable _ifxUsd;
    address internal immutable _artist;
    address internal immutable _nodeOwner;
    address internal immutable _dao;
    uint256 internal immutable _managerId;
    uint256 internal immutable _managerPk;
    uint256 internal immutable _verifierPk0;
    uint256[3] internal _verifierIds;
    uint256[2] internal _workerIds;
    uint256 internal immutable _workerPk0;
    BuyAndBurn internal immutable _burner;
    IUniswapV2PairLike internal immutable _pair;
    ParameterRegistry internal immutable _params;

    bytes32[] internal _jobs;
    mapping(bytes32 jobId => uint256[]) internal _committeeIds;
    mapping(bytes32 jobId => address[]) internal _committeeOperators;
    mapping(bytes32 jobId => bytes32[]) internal _roots;
    uint256[] internal _touchedEpochs;
    mapping(uint256 epoch => bool) internal _touched;
    /// @notice Work paid by settlements per epoch (credited or forfeited).
    mapping(uint256 epoch => uint256) public ghostWorkOf;
    uint256 internal _nonce;

    /// @notice Fees spent by `releaseFees`, summed from the jobs' pending fees before and after.
    uint256 public ghostReleased;
    /// @notice Cancel fees spent by `cancel` (a cancel once the seed block is mined).
    uint256 public ghostCancelFees;
    /// @notice IFX paid to the DAO treasury by `payDao`.
    uint256 public ghostToDao;
    /// @notice IFX burned by the batches, and batches that returned less than their TWAP-bounded minimum.
    uint256 public ghostBurned;
    uint256 public ghostBurnsBelowBound;
    /// @notice IFX paid by claims.
    uint256 public ghostClaimed;

    uint256 public createdCount;
    uint256 public drawnCount;
    uint256 public settledCount;
    uint256 public rejectionCount;
    uint256 public cancelledCount;
    uint256 public reclaimedCount;
    uint256 public releasedCount;
    uint256 public closedCount;
    uint256 public claimedCount;
    uint256 public burnCount;
    uint256 public paidDaoCount;

    constructor(Deps memory d) {
        _market = d.market;
        _rewards = d.rewards;
        _credits = d.credits;
        _usd = d.usd;
        _ifx = d.ifx;
        _clock = d.clock;
        _ifxUsd = d.ifxUsd;
        _artist = d.artist;
        _nodeOwner = d.nodeOwner;
        _dao = d.dao;
        _managerId = d.managerId;
        _managerPk = d.managerPk;
        _verifierPk0 = d.verifierPk0;
        _verifierIds = d.verifierIds;
        _workerIds = d.workerIds;
        _workerPk0 = d.workerPk0;
        _burner = d.burner;
        _pair = d.ifxUsdPair;
        _params = d.params;
    }

    // ------------------------------------------------------------------ views for the invariants

    function jobsLength() external view returns (uint256) {
        return _jobs.length;
    }

    function jobAt(uint256 i) external view returns (bytes32) {
        return _jobs[i];
    }

    function touchedLength() external view returns (uint256) {
        return _touchedEpochs.length;
    }

    function touchedAt(uint256 i) external view returns (uint256) {
        return _touchedEpochs[i];
    }

    // ------------------------------------------------------------------ jobs

    function createJob(uint256 work) public {
        if (_jobs.length >= MAX_JOBS) return;
        // 1 .. 2,000 IBM plus odd wei, so that fees round up and completions refund a remainder.
        uint128 workWad = uint128(1e18 + (work % 2_000e18));
        uint128 fee = uint128((uint256(workWad) * _PRICE + 1e18 - 1) / 1e18);
        if (_credits.balanceOf(_artist) < fee) {
            _usd.faucet(_artist, 1_000e6);
            vm.startPrank(_artist);
            _usd.approve(address(_credits), 1_000e6);
            _credits.topUp(_artist, 1_000e6);
            vm.stopPrank();
        }
        IJobMarket.Quote memory q;
        q.jobId = keccak256(abi.encode("handler job", ++_nonce));
        q.artist = _artist;
        q.sceneCid = keccak256("scene");
        q.frameStart = 1;
        q.frameEnd = 10;
        q.taskCount = 10;
        q.workWad = workWad;
        q.pricePerIbmWad = _PRICE;
        q.fee = fee;
        q.keysCommitment = keccak256("keys");
        q.expiry = uint64(block.timestamp + 1 hours);
        q.deadline = uint64(block.timestamp + 3 days);
        q.managerId = _managerId;
        bytes memory sig = _sign(_managerPk, _market.quoteDigest(q));
        vm.prank(_artist);
        _market.createJob(q, sig);
        _jobs.push(q.jobId);
        ++createdCount;
    }

    function drawCommittee(uint256 seed) public {
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Created);
        if (!found) return;
        vm.roll(block.number + 2);
        vm.recordLogs();
        _market.drawCommittee(jobId);
        IJobMarket.Job memory j = _market.job(jobId);
        if (j.status != IJobMarket.Status.Running) return; // reseeded
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != IJobMarket.CommitteeDrawn.selector) continue;
            (IJobMarket.Seat[] memory seats,,) = abi.decode(logs[i].data, (IJobMarket.Seat[], bytes32, bytes32));
            for (uint256 k; k < seats.length; ++k) {
                _committeeIds[jobId].push(seats[k].verifierId);
                _committeeOperators[jobId].push(seats[k].operator);
            }
        }
        ++drawnCount;
    }

    /// @param mode bit 0-1: a rejection when 0; bit 2: which worker is rejected; bit 3: 3 signatures instead of 2.
    function settle(uint256 seed, uint256 workSeed, uint256 split, uint256 mode) external {
        _settle(seed, workSeed, split, mode);
    }

    /// @notice Settles a running job, first opening and drawing one if none runs (so that runs settle often).
    function settleFresh(uint256 seed, uint256 workSeed, uint256 split, uint256 mode) external {
        (bool running,) = _pick(seed, IJobMarket.Status.Running);
        if (!running) {
            (bool created,) = _pick(seed, IJobMarket.Status.Created);
            if (!created) createJob(workSeed);
            drawCommittee(seed);
        }
        _settle(seed, workSeed, split, mode);
    }

    function _settle(uint256 seed, uint256 workSeed, uint256 split, uint256 mode) internal {
        (bool found, bytes32 jobId) = _pickSettleable(seed);
        if (!found) return;
        (IJobMarket.Settlement memory s, uint256 paid) = _settlementFor(jobId, workSeed, split, mode);
        IJobMarket.Signatures memory sigs = _signatures(jobId, s, 2 + ((mode >> 3) & 1));
        IJobMarket.ResultProof[] memory proofs = _proofs(jobId, s, mode);
        uint256 epoch = _clock.currentEpoch();
        _market.settle(jobId, s, _committee(jobId), _roots[jobId], sigs, proofs);
        _roots[jobId].push(s.outcomesRoot);
        ghostWorkOf[epoch] += paid;
        if (!_touched[epoch]) {
            _touched[epoch] = true;
            _touchedEpochs.push(epoch);
        }
        ++settledCount;
        if (s.rejected.length != 0) ++rejectionCount;
    }

    /// @dev Part or all of the remaining work, split between the two workers; a rejection when `mode % 4 == 0`.
    function _settlementFor(bytes32 jobId, uint256 workSeed, uint256 split, uint256 mode)
        internal
        view
        returns (IJobMarket.Settlement memory s, uint256 paid)
    {
        IJobMarket.Job memory j = _market.job(jobId);
        uint256 remaining = j.workWad - j.paidWorkWad;
        paid = workSeed % 3 == 0 ? remaining : 1 + (workSeed % remaining);
        uint128 w0 = uint128((paid * (split % 101)) / 100);
        uint128 w1 = uint128(paid - w0);
        s.outcomesRoot = keccak256(abi.encode(jobId, j.settlements, w0, w1));
        s.workers = new uint256[](2);
        s.workers[0] = SettlementCodec.packWorker(_workerIds[0], w0);
        s.workers[1] = SettlementCodec.packWorker(_workerIds[1], w1);
        if (mode % 4 != 0) return (s, paid);
        // A task of the job not rejected before (a task is slashed at most once); none left, no rejection.
        for (uint32 k; k < 10; ++k) {
            uint32 task = uint32((workSeed + k) % 10);
            if (_market.taskRejected(jobId, task)) continue;
            s.rejected = new uint256[](1);
            s.rejected[0] = SettlementCodec.packRejection(_workerIds[(mode >> 2) & 1], task);
            break;
        }
    }

    /// @dev The rejected worker's own signed result of the task (`mode` bit 2 picks the worker, as in the settlement).
    function _proofs(bytes32 jobId, IJobMarket.Settlement memory s, uint256 mode)
        internal
        view
        returns (IJobMarket.ResultProof[] memory proofs)
    {
        proofs = new IJobMarket.ResultProof[](s.rejected.length);
        if (proofs.length == 0) return proofs;
        (, uint32 task) = SettlementCodec.rejection(s.rejected[0]);
        proofs[0].resultCid = keccak256(abi.encode("result", task));
        bytes32 digest = _market.taskResultDigest(jobId, task, proofs[0].resultCid);
        (uint8 v, bytes32 r, bytes32 sv) = vm.sign(_workerPk0 + ((mode >> 2) & 1), digest);
        (proofs[0].r, proofs[0].vs) = (r, bytes32(uint256(sv) | (uint256(v - 27) << 255)));
    }

    function _signatures(bytes32 jobId, IJobMarket.Settlement memory s, uint256 signers)
        internal
        view
        returns (IJobMarket.Signatures memory sigs)
    {
        IJobMarket.Seat[] memory committee = _committee(jobId);
        bytes32 digest = _market.settlementDigest(jobId, _roots[jobId].length, s);
        sigs.seats = (1 << signers) - 1;
        sigs.compact = new bytes32[](2 * signers);
        for (uint256 i; i < signers; ++i) {
            (uint8 v, bytes32 r, bytes32 sv) = vm.sign(_verifierPk0 + _verifierIndex(committee[i].verifierId), digest);
            (sigs.compact[2 * i], sigs.compact[2 * i + 1]) = (r, bytes32(uint256(sv) | (uint256(v - 27) << 255)));
        }
    }

    function cancel(uint256 seed) external {
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Created);
        if (!found) return;
        uint256 spentBefore = _credits.totalSpentCredits();
        vm.prank(_artist);
        _market.cancel(jobId);
        ghostCancelFees += _credits.totalSpentCredits() - spentBefore;
        ++cancelledCount;
    }

    function reclaim(uint256 seed) external {
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            IJobMarket.Job memory j = _market.job(jobId);
            bool open = j.status == IJobMarket.Status.Created || j.status == IJobMarket.Status.Running;
            if (open && block.timestamp > j.deadline) {
                vm.prank(_artist);
                _market.reclaim(jobId);
                ++reclaimedCount;
                return;
            }
        }
    }

    function releaseFees() external {
        uint256 n = _jobs.length;
        if (n == 0) return;
        uint256 before;
        for (uint256 i; i < n; ++i) {
            before += _market.job(_jobs[i]).pendingFee;
        }
        _market.releaseFees(_jobs);
        uint256 afterwards;
        for (uint256 i; i < n; ++i) {
            afterwards += _market.job(_jobs[i]).pendingFee;
        }
        ghostReleased += before - afterwards;
        if (before != afterwards) ++releasedCount;
    }

    // ------------------------------------------------------------------ time and epochs

    /// @dev 1 hour .. 4 days; the IFX TWAP is refreshed unless `stale` is odd (then the epoch's price may fail closed).
    function warp(uint256 dt, uint256 stale) external {
        vm.warp(block.timestamp + 1 hours + (dt % 4 days));
        if (stale % 4 == 1) return;
        _ifxUsd.update();
        vm.warp(block.timestamp + 30 minutes);
        _ifxUsd.update();
    }

    function closeEpoch(uint256 seed) external {
        uint256 current = _clock.currentEpoch();
        if (current == 0) return;
        uint256 epoch = seed % current;
        if (_rewards.epochTotals(epoch).closed) return;
        _rewards.closeEpoch(epoch);
        ++closedCount;
    }

    function claim(uint256 seed) external {
        uint256 which = seed % 6;
        uint256 id;
        if (which < 2) id = _workerIds[which];
        else if (which < 5) id = _verifierIds[which - 2];
        else id = _managerId;
        vm.prank(_nodeOwner);
        try _rewards.claim(id) returns (uint256 amount) {
            ghostClaimed += amount;
            ++claimedCount;
        } catch {}
    }

    function payDao() external {
        uint256 paid = _rewards.payDao();
        ghostToDao += paid;
        if (paid != 0) ++paidDaoCount;
    }

    // ------------------------------------------------------------------ burn

    /// @notice A trader buys IFX on the pool (up to $2,000), moving its spot price away from the TWAP, as a sandwich's
    ///         front-run would.
    function trade(uint256 amount) external {
        uint256 usdIn = 1e6 + (amount % 2_000e6);
        _usd.faucet(address(_pair), usdIn);
        UniswapV2.swapIn(_pair, address(_usd), usdIn, address(this));
    }

    /// @notice Distributes spent credit (80% to the burner) and runs a batch when it is due. A batch either reverts
    ///         (not due, stale TWAP, or the pool would return less than the bound) or burns at least the bound.
    function burn(uint256 maxUsd) external {
        if (_credits.totalSpentCredits() != 0) {
            try _credits.distributeSpent() {} catch {}
        }
        uint256 balance = _usd.balanceOf(address(_burner));
        uint256 stableIn = 1e6 + (maxUsd % 1_000e6);
        if (stableIn > balance) stableIn = balance;
        uint256 supplyBefore = _ifx.totalSupply();
        try _ifxUsd.usdPriceWad() returns (uint256 price) {
            uint256 fair = (stableIn * 1e12 * 1e18) / price;
            uint256 bound = (fair * (10_000 - _params.get(ParamKeys.BURN_MAX_SLIPPAGE_BPS))) / 10_000;
            try _burner.burn(stableIn) returns (uint256 burned) {
                if (burned < bound) ++ghostBurnsBelowBound;
                if (supplyBefore - _ifx.totalSupply() != burned) ++ghostBurnsBelowBound; // burned, not kept
                ghostBurned += burned;
                ++burnCount;
            } catch {}
        } catch {}
    }

    // ------------------------------------------------------------------ internals

    /// @dev A running job whose deadline has not passed (the market refuses later settlements).
    function _pickSettleable(uint256 seed) internal view returns (bool, bytes32) {
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            IJobMarket.Job memory j = _market.job(jobId);
            if (j.status == IJobMarket.Status.Running && block.timestamp <= j.deadline) return (true, jobId);
        }
        return (false, bytes32(0));
    }

    function _pick(uint256 seed, IJobMarket.Status status) internal view returns (bool, bytes32) {
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            if (_market.job(jobId).status == status) return (true, jobId);
        }
        return (false, bytes32(0));
    }

    /// @dev The committee as drawn (from the `CommitteeDrawn` event recorded at the draw).
    function _committee(bytes32 jobId) internal view returns (IJobMarket.Seat[] memory c) {
        uint256[] storage ids = _committeeIds[jobId];
        c = new IJobMarket.Seat[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            c[i] = IJobMarket.Seat(ids[i], _committeeOperators[jobId][i]);
        }
    }

    function _verifierIndex(uint256 id) internal view returns (uint256) {
        for (uint256 i; i < 3; ++i) {
            if (_verifierIds[i] == id) return i;
        }
        revert("not a verifier");
    }

    function _sign(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }
}
