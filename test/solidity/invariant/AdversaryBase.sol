// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {Vm} from "../utils/Vm.sol";
import {DevStablecoin} from "../../../contracts/dev/DevStablecoin.sol";
import {IFXDollar} from "../../../contracts/credits/IFXDollar.sol";
import {EpochClock} from "../../../contracts/epochs/EpochClock.sol";
import {JobDisputes} from "../../../contracts/market/JobDisputes.sol";
import {JobMarket} from "../../../contracts/market/JobMarket.sol";
import {NodeLicense} from "../../../contracts/nodes/NodeLicense.sol";
import {NodeRegistry} from "../../../contracts/nodes/NodeRegistry.sol";
import {NodeStaking} from "../../../contracts/nodes/NodeStaking.sol";
import {PenaltyPool} from "../../../contracts/nodes/PenaltyPool.sol";
import {ParameterRegistry} from "../../../contracts/params/ParameterRegistry.sol";
import {ParamKeys} from "../../../contracts/params/ParamKeys.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";

/// @notice State, ghosts and helpers shared by the adversarial handler's actions. The ghosts are the protocol's promises
///         written as the handler's own bookkeeping, never read back from the contracts they judge: what each license's
///         stake + unbonding should be, which licenses may be blacklisted, which tasks were slashed, which disputes hold
///         what. Six licenses exist for a whole run (the manager, three verifiers, two workers, all staked), so every
///         loop is bounded; at most MAX_JOBS jobs.
abstract contract AdversaryBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant MAX_JOBS = 16;
    uint256 internal constant _BPS = 10_000;
    uint128 internal constant _PRICE = 0.05e18;
    /// @dev Fresh keys a worker rotates to; the key it signed with before stays bound to its license.
    uint256 internal constant _ROTATED_PK_0 = 0xD0D0;
    /// @dev The colluders' own key: what a captured committee and its artist can sign a result with.
    uint256 internal constant _COLLUDER_PK = 0xBAD0;

    struct Deps {
        JobMarket market;
        JobDisputes disputes;
        NodeStaking staking;
        NodeRegistry registry;
        NodeLicense license;
        ParameterRegistry params;
        PenaltyPool pool;
        IFXDollar credits;
        DevStablecoin usd;
        IERC20 ifx;
        EpochClock clock;
        address artist;
        address nodeOwner;
        address dao;
        uint256 managerId;
        uint256 managerPk;
        uint256[3] verifierIds;
        uint256 verifierPk0;
        uint256[2] workerIds;
        uint256 workerPk0;
    }

    /// @dev A dispute as the handler opened it: what it should hold in the market until it is closed.
    struct OpenDispute {
        bytes32 jobId;
        uint256 index;
        uint32 task;
        uint256 workerId;
        uint256 locked; // bond + held fee
        bool open;
        bool forged; // an outcome the captured committee made up
    }

    JobMarket internal immutable _market;
    JobDisputes internal immutable _jobDisputes;
    NodeStaking internal immutable _staking;
    NodeRegistry internal immutable _registry;
    NodeLicense internal immutable _license;
    ParameterRegistry internal immutable _params;
    PenaltyPool internal immutable _pool;
    IFXDollar internal immutable _credits;
    DevStablecoin internal immutable _usd;
    IERC20 internal immutable _ifx;
    EpochClock internal immutable _clock;
    address internal immutable _artist;
    address internal immutable _nodeOwner;
    address internal immutable _dao;
    uint256 internal immutable _managerId;
    uint256 internal immutable _managerPk;
    uint256 internal immutable _verifierPk0;
    uint256[3] internal _verifierIds;
    uint256[2] internal _workerIds;

    /// @dev The manager, the three verifiers, the two workers.
    uint256[6] internal _ids;
    /// @dev Every key ever bound to a worker license (its first key, then any it rotated to).
    mapping(uint256 workerIndex => uint256[]) internal _workerKeys;
    uint256 internal _rotations;

    bytes32[] internal _jobs;
    mapping(bytes32 jobId => uint32) internal _taskCount;
    mapping(bytes32 jobId => address) internal _artistOf;
    mapping(bytes32 jobId => IJobMarket.Seat[]) internal _committee;
    mapping(bytes32 jobId => bytes32[]) internal _roots;
    /// @dev The accepted outcomes under each settlement's root (at most two leaves: a root and a one-word proof).
    mapping(bytes32 jobId => mapping(uint256 index => IJobMarket.TaskOutcome[])) internal _outcomes;
    uint256 internal _nonce;

    OpenDispute[] internal _disputes;

    // ------------------------------------------------------------------ ghosts

    /// @notice What each license's stake + unbonding should be: deposits in, its own withdrawals and legitimate
    ///         slashes (a signed, rejected task of a job; or an upheld dispute, the DAO's vote) out.
    mapping(uint256 licenseId => uint256) public ghostBacking;
    /// @notice Whether each license may be blacklisted: its own rejections reaching the governed count in one epoch,
    ///         or the DAO's vote, and not cleared since. `_rejEpoch` / `_rejCount` follow the rejections per epoch.
    mapping(uint256 licenseId => bool) public ghostBlacklisted;
    mapping(uint256 licenseId => uint256) internal _rejEpoch;
    mapping(uint256 licenseId => uint256) internal _rejCount;
    /// @notice Rejections that succeeded per job, and tasks slashed more than once.
    mapping(bytes32 jobId => uint256) public ghostJobSlashes;
    mapping(bytes32 jobId => mapping(uint32 task => uint256)) internal _taskSlashes;
    uint256 public ghostDoubleSlashes;
    /// @notice Successful settlements that slashed a license that had not signed the task's result (a verifier, the
    ///         manager, another worker, another job's result, a task beyond the quote, a task slashed before).
    uint256 public ghostIllegitimateSlashes;
    /// @notice Calls that should have been refused and were not (late settles, forged signatures, bad quotes, early
    ///         reclaims, resolutions after their time, wrong cancel fees).
    uint256 public ghostWrongAccepts;
    /// @notice Calls of honest users (and of the DAO within its rights) that failed; `lastHonestFailure` says which.
    uint256 public honestFailures;
    string public lastHonestFailure;
    /// @notice IFX slashed into the penalty pool, IFX deposited into and withdrawn from staking.
    uint256 public ghostSlashed;
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    /// @notice ifxDollar ever topped up to the artists (the artist and the self-dealing node owner).
    uint256 public ghostToppedUp;

    // ------------------------------------------------------------------ counters (test_adversary_reachesEveryAction)

    mapping(string action => uint256) public attempts;
    mapping(string action => uint256) public successes;

    constructor(Deps memory d) {
        (_market, _jobDisputes, _staking, _registry, _license, _params, _pool) =
            (d.market, d.disputes, d.staking, d.registry, d.license, d.params, d.pool);
        (_credits, _usd, _ifx, _clock) = (d.credits, d.usd, d.ifx, d.clock);
        (_artist, _nodeOwner, _dao) = (d.artist, d.nodeOwner, d.dao);
        (_managerId, _managerPk, _verifierPk0) = (d.managerId, d.managerPk, d.verifierPk0);
        _verifierIds = d.verifierIds;
        _workerIds = d.workerIds;
        _ids = [d.managerId, d.verifierIds[0], d.verifierIds[1], d.verifierIds[2], d.workerIds[0], d.workerIds[1]];
        _workerKeys[0].push(d.workerPk0);
        _workerKeys[1].push(d.workerPk0 + 1);
        for (uint256 i; i < 6; ++i) {
            ghostBacking[_ids[i]] = d.staking.stakeOf(_ids[i]) + d.staking.unbondingOfNode(_ids[i]);
        }
        ghostDeposited = d.ifx.balanceOf(address(d.staking));
        ghostToppedUp = d.credits.balanceOf(d.artist) + d.credits.balanceOf(d.nodeOwner);
    }

    // ------------------------------------------------------------------ views for the invariants

    function jobsLength() external view returns (uint256) {
        return _jobs.length;
    }

    function jobAt(uint256 i) external view returns (bytes32) {
        return _jobs[i];
    }

    function taskCountOf(bytes32 jobId) external view returns (uint32) {
        return _taskCount[jobId];
    }

    function idAt(uint256 i) external view returns (uint256) {
        return _ids[i];
    }

    function disputesLength() external view returns (uint256) {
        return _disputes.length;
    }

    /// @notice What open dispute `i` holds in the disputes contract (0 once closed).
    function disputeLocked(uint256 i) external view returns (uint256) {
        return _disputes[i].open ? _disputes[i].locked : 0;
    }

    // ------------------------------------------------------------------ bookkeeping

    function _attempt(string memory action) internal {
        ++attempts[action];
    }

    function _success(string memory action) internal {
        ++successes[action];
    }

    function _honestFailed(string memory action) internal {
        ++honestFailures;
        lastHonestFailure = action;
    }

    /// @dev A slash the protocol allows, as `NodeStaking.slash` and `NodeRegistry.recordRejection` promise it: the
    ///      governed share of stake + unbonding, and one rejection counted towards the epoch's blacklist count.
    function _expectSlash(uint256 licenseId) internal {
        uint256 amount = (ghostBacking[licenseId] * _params.slashBps()) / _BPS;
        ghostBacking[licenseId] -= amount;
        ghostSlashed += amount;
        uint256 epoch = _clock.currentEpoch();
        if (_rejEpoch[licenseId] != epoch) (_rejEpoch[licenseId], _rejCount[licenseId]) = (epoch, 0);
        if (++_rejCount[licenseId] >= _params.get(ParamKeys.BLACKLIST_REJECTIONS)) ghostBlacklisted[licenseId] = true;
    }

    /// @dev Books every rejection of a settlement that went through: legitimate ones as slashes, the rest as
    ///      illegitimate; each task counted towards the once-per-task and the task-count promises.
    function _recordRejections(bytes32 jobId, uint256[] memory rejected, bool[] memory legit) internal {
        for (uint256 i; i < rejected.length; ++i) {
            (uint256 licenseId, uint32 task) = (rejected[i] >> 32, uint32(rejected[i]));
            ++ghostJobSlashes[jobId];
            if (++_taskSlashes[jobId][task] > 1) ++ghostDoubleSlashes;
            if (legit[i]) _expectSlash(licenseId);
            else ++ghostIllegitimateSlashes;
        }
    }

    /// @dev Whether the handler's records say `licenseId` may be slashed for `task` of `jobId` with a result signed by
    ///      `pk` for job `proofJob`: a worker, its own bound key, this job, a task of the quote, not slashed before (nor
    ///      earlier in the same settlement, `seen`).
    function _isLegit(bytes32 jobId, uint256 licenseId, uint32 task, uint256 pk, bytes32 proofJob, uint256 seen)
        internal
        view
        returns (bool)
    {
        if (proofJob != jobId || task >= _taskCount[jobId] || _taskSlashes[jobId][task] != 0) return false;
        if (task < 256 && seen & (1 << task) != 0) return false;
        for (uint256 w; w < 2; ++w) {
            if (_workerIds[w] != licenseId) continue;
            uint256[] storage keys = _workerKeys[w];
            for (uint256 k; k < keys.length; ++k) {
                if (keys[k] == pk) return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ picking

    function _pick(uint256 seed, IJobMarket.Status status) internal view returns (bool, bytes32) {
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            if (_market.job(jobId).status == status) return (true, jobId);
        }
        return (false, bytes32(0));
    }

    /// @dev A running job whose deadline has not passed.
    function _pickSettleable(uint256 seed) internal view returns (bool, bytes32) {
        uint256 n = _jobs.length;
        for (uint256 k; k < n; ++k) {
            bytes32 jobId = _jobs[(seed % n + k) % n];
            IJobMarket.Job memory j = _market.job(jobId);
            if (j.status == IJobMarket.Status.Running && block.timestamp <= j.deadline) return (true, jobId);
        }
        return (false, bytes32(0));
    }

    function _pickOpenDispute(uint256 seed) internal view returns (bool, uint256) {
        uint256 n = _disputes.length;
        for (uint256 k; k < n; ++k) {
            uint256 i = (seed % n + k) % n;
            if (_disputes[i].open) return (true, i);
        }
        return (false, 0);
    }

    // ------------------------------------------------------------------ signing

    function _compact(uint256 pk, bytes32 digest) internal pure returns (bytes32 r, bytes32 vs) {
        (uint8 v, bytes32 r_, bytes32 s_) = vm.sign(pk, digest);
        return (r_, bytes32(uint256(s_) | (uint256(v - 27) << 255)));
    }

    function _proof(uint256 pk, bytes32 jobId, uint32 task) internal view returns (IJobMarket.ResultProof memory p) {
        p.resultCid = keccak256(abi.encode("result", task));
        (p.r, p.vs) = _compact(pk, _market.taskResultDigest(jobId, task, p.resultCid));
    }

    /// @dev Seats `seats` (a bit per seat) sign the job's next settlement with their keys, or all with `forgerPk` when
    ///      it is not 0 (a key outside the committee).
    function _sign(bytes32 jobId, IJobMarket.Settlement memory s, uint256 seats, uint256 forgerPk)
        internal
        view
        returns (IJobMarket.Signatures memory sigs)
    {
        IJobMarket.Seat[] storage committee = _committee[jobId];
        bytes32 digest = _market.settlementDigest(jobId, _roots[jobId].length, s);
        uint256 count;
        for (uint256 i; i < committee.length; ++i) {
            if (seats & (1 << i) != 0) ++count;
        }
        sigs.seats = seats;
        sigs.compact = new bytes32[](2 * count);
        uint256 j;
        for (uint256 i; i < committee.length; ++i) {
            if (seats & (1 << i) == 0) continue;
            uint256 pk = forgerPk != 0 ? forgerPk : _verifierPk0 + _verifierIndex(committee[i].verifierId);
            (sigs.compact[2 * j], sigs.compact[2 * j + 1]) = _compact(pk, digest);
            ++j;
        }
    }

    /// @dev The first `count` seats: a majority when `count` is the job's threshold.
    function _firstSeats(uint256 count) internal pure returns (uint256) {
        return (1 << count) - 1;
    }

    function _verifierIndex(uint256 id) internal view returns (uint256) {
        for (uint256 i; i < 3; ++i) {
            if (_verifierIds[i] == id) return i;
        }
        revert("not a fixture verifier");
    }

    function _seats(bytes32 jobId) internal view returns (IJobMarket.Seat[] memory) {
        return _committee[jobId];
    }

    // ------------------------------------------------------------------ outcomes

    function _leaf(IJobMarket.TaskOutcome memory o) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(o.taskIndex, o.workerId, o.resultCid, o.accepted, o.workWad))));
    }

    /// @dev The root of one or two outcomes (OpenZeppelin's commutative pair hash), kept for later disputes.
    function _rootOf(bytes32 jobId, IJobMarket.TaskOutcome[] memory outs) internal view returns (bytes32) {
        if (outs.length == 0) return keccak256(abi.encode("empty", jobId, _roots[jobId].length));
        if (outs.length == 1) return _leaf(outs[0]);
        return Hashes.commutativeKeccak256(_leaf(outs[0]), _leaf(outs[1]));
    }

    /// @dev Records a settlement that went through: its root and accepted outcomes (for disputes).
    function _recordSettlement(bytes32 jobId, bytes32 root, IJobMarket.TaskOutcome[] memory outs) internal {
        mapping(uint256 => IJobMarket.TaskOutcome[]) storage byIndex = _outcomes[jobId];
        IJobMarket.TaskOutcome[] storage stored = byIndex[_roots[jobId].length];
        for (uint256 i; i < outs.length; ++i) {
            stored.push(outs[i]);
        }
        _roots[jobId].push(root);
    }

    // ------------------------------------------------------------------ money

    /// @dev Tops `who` up with ifxDollar when it holds less than `needed` (dUSD from the faucet, 1:1).
    function _fund(address who, uint256 needed) internal {
        uint256 balance = _credits.balanceOf(who);
        if (balance >= needed) return;
        uint256 stable = (needed - balance) / 1e12 + 1;
        _usd.faucet(who, stable);
        vm.startPrank(who);
        _usd.approve(address(_credits), stable);
        _credits.topUp(who, stable);
        vm.stopPrank();
        ghostToppedUp += stable * 1e12;
    }

    function _feeAt(uint256 workWad, uint256 price) internal pure returns (uint256) {
        return (workWad * price + 1e18 - 1) / 1e18;
    }
}
