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
import {IEpochRewards} from "../../../contracts/interfaces/IEpochRewards.sol";

/// @notice Drives the market and the epoch rewards in random order: jobs of random work, committee draws, partial
///         settlements signed by 2 or 3 committee members (sometimes with a rejection), cancels, reclaims after
///         deadlines, fee releases, time across epochs (usually refreshing the IFX TWAP, sometimes leaving it stale so
///         that worker shares are forfeited), epoch closes and claims. At most MAX_JOBS jobs, so every loop is
///         bounded. Ghost variables record what the invariants compare against.
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

    bytes32[] internal _jobs;
    mapping(bytes32 jobId => uint256[]) internal _committees;
    uint256[] internal _touchedEpochs;
    mapping(uint256 epoch => bool) internal _touched;
    /// @notice Work paid by settlements per epoch (credited or forfeited).
    mapping(uint256 epoch => uint256) public ghostWorkOf;
    uint256 internal _nonce;

    /// @notice Fees spent by `releaseFees`, summed from the jobs' pending fees before and after.
    uint256 public ghostReleased;
    /// @notice IFX received by the DAO treasury during the handler's calls (epoch closes, eager or lazy).
    uint256 public ghostToDao;
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
    }

    /// @dev Everything the DAO treasury receives inside a handler call comes from an epoch close.
    modifier trackDao() {
        uint256 before = _ifx.balanceOf(_dao);
        _;
        ghostToDao += _ifx.balanceOf(_dao) - before;
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
        _market.drawCommittee(jobId);
        IJobMarket.Job memory j = _market.job(jobId);
        if (j.status != IJobMarket.Status.Running) return; // reseeded
        _committees[jobId] = _committeeOf(j.committeeHash);
        ++drawnCount;
    }

    /// @param mode bit 0-1: a rejection when 0; bit 2: which worker is rejected; bit 3: 3 signatures instead of 2.
    function settle(uint256 seed, uint256 workSeed, uint256 split, uint256 mode) external trackDao {
        _settle(seed, workSeed, split, mode);
    }

    /// @notice Settles a running job, first opening and drawing one if none runs (so that runs settle often).
    function settleFresh(uint256 seed, uint256 workSeed, uint256 split, uint256 mode) external trackDao {
        (bool running,) = _pick(seed, IJobMarket.Status.Running);
        if (!running) {
            (bool created,) = _pick(seed, IJobMarket.Status.Created);
            if (!created) createJob(workSeed);
            drawCommittee(seed);
        }
        _settle(seed, workSeed, split, mode);
    }

    function _settle(uint256 seed, uint256 workSeed, uint256 split, uint256 mode) internal {
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Running);
        if (!found) return;
        IJobMarket.Job memory j = _market.job(jobId);
        uint256 remaining = j.workWad - j.paidWorkWad;
        uint256 paid = workSeed % 3 == 0 ? remaining : 1 + (workSeed % remaining);
        uint128 w0 = uint128((paid * (split % 101)) / 100);
        uint128 w1 = uint128(paid - w0);

        IJobMarket.Settlement memory s;
        s.outcomesRoot = keccak256(abi.encode(jobId, j.settlements, w0, w1));
        s.workers = new IJobMarket.WorkerWork[](2);
        s.workers[0] = IJobMarket.WorkerWork(_workerIds[0], w0);
        s.workers[1] = IJobMarket.WorkerWork(_workerIds[1], w1);
        bool reject = mode % 4 == 0;
        if (reject) {
            s.rejected = new IJobMarket.Rejection[](1);
            s.rejected[0] = IJobMarket.Rejection(_workerIds[(mode >> 2) & 1], uint32(workSeed % 10));
        }
        uint256[] memory committee = _committees[jobId];
        uint256 signers = 2 + ((mode >> 3) & 1);
        bytes32 digest = _market.settlementDigest(jobId, j.settlements, s);
        bytes[] memory sigs = new bytes[](signers);
        for (uint256 i; i < signers; ++i) {
            sigs[i] = _sign(_verifierPk0 + _verifierIndex(committee[i]), digest);
        }
        uint256 epoch = _clock.currentEpoch();
        _market.settle(jobId, s, committee, sigs);
        ghostWorkOf[epoch] += paid;
        if (!_touched[epoch]) {
            _touched[epoch] = true;
            _touchedEpochs.push(epoch);
        }
        ++settledCount;
        if (reject) ++rejectionCount;
    }

    function cancel(uint256 seed) external {
        (bool found, bytes32 jobId) = _pick(seed, IJobMarket.Status.Created);
        if (!found) return;
        vm.prank(_artist);
        _market.cancel(jobId);
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

    function closeEpoch(uint256 seed) external trackDao {
        uint256 current = _clock.currentEpoch();
        if (current == 0) return;
        uint256 epoch = seed % current;
        if (_rewards.epochTotals(epoch).closed) return;
        _rewards.closeEpoch(epoch);
        ++closedCount;
    }

    function claim(uint256 seed) external trackDao {
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

    // ------------------------------------------------------------------ internals

    function _pick(uint256 seed, IJobMarket.Status status) internal view returns (bool, bytes32) {
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            if (_market.job(jobId).status == status) return (true, jobId);
        }
        return (false, bytes32(0));
    }

    /// @dev k = 3 of the three verifiers: the committee is the permutation whose hash the job recorded.
    function _committeeOf(bytes32 committeeHash) internal view returns (uint256[] memory c) {
        uint8[3][6] memory perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        c = new uint256[](3);
        for (uint256 p; p < 6; ++p) {
            for (uint256 i; i < 3; ++i) {
                c[i] = _verifierIds[perms[p][i]];
            }
            if (keccak256(abi.encode(c)) == committeeHash) return c;
        }
        revert("committee not found");
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
