// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {NodesFixture} from "./NodesFixture.sol";
import {Vm} from "./Vm.sol";
import {EpochRewards} from "../../../contracts/market/EpochRewards.sol";
import {JobMarket} from "../../../contracts/market/JobMarket.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {SettlementCodec} from "../../../contracts/libraries/SettlementCodec.sol";
import {INodeLicense} from "../../../contracts/interfaces/INodeLicense.sol";

/// @notice The node fixture plus the market and the BMW epoch rewards, wired as the deploy module wires them, with a
///         running network after the TGE: one manager, three verifiers (the whole committee pool) and two workers
///         (IB 0.5 at $0.05 per IBM, staked 10,000 IFX each, far above S(n)), every operator key known to the test so
///         it can sign quotes and verdicts. `artist` holds 1,000 ifxDollar.
abstract contract MarketFixture is NodesFixture {
    uint256 internal constant MANAGER_PK = 0xA11A;
    uint256 internal constant VERIFIER_PK_0 = 0xB0B0;
    uint256 internal constant WORKER_PK_0 = 0xC0C0;
    address internal artist = address(0xA271);
    address internal nodeOwner = address(0x0E7E);

    EpochRewards internal rewards;
    JobMarket internal jobMarket;
    uint256 internal managerId;
    uint256[3] internal verifierIds;
    uint256[2] internal workerIds;
    uint256 internal jobNonce;
    /// @dev Per job, the drawn committee's hash and the roots settled so far: what `settle` and `dispute` take.
    mapping(bytes32 jobId => bytes32) internal committeeHashes;
    mapping(bytes32 jobId => bytes32[]) internal settledRoots;

    function deployMarket() internal {
        deployNodes();
        ageOracles();
        runTgeAndSeedIfxPool();
        ageOracles();
        rewards = new EpochRewards(token, eco, clock, params, registry, staking, ifxUsd, pool, timelock, timelock);
        jobMarket = new JobMarket(credits, registry, staking, rewards, params, timelock);
        _wireMarket();
        _startNetwork();
        usd.faucet(artist, 1_000e6);
        vm.startPrank(artist);
        usd.approve(address(credits), type(uint256).max);
        credits.topUp(artist, 1_000e6);
        vm.stopPrank();
    }

    function _wireMarket() private {
        address m = address(jobMarket);
        vm.startPrank(timelock);
        credits.grantRole(credits.MARKET_ROLE(), m);
        registry.grantRole(registry.REPORTER_ROLE(), address(rewards));
        staking.grantRole(staking.SLASHER_ROLE(), m);
        pool.grantRole(pool.RELEASER_ROLE(), address(rewards));
        rewards.setMarket(m);
        eco.grantRole(eco.EPOCH_MINTER_ROLE(), address(rewards));
        vm.stopPrank();
    }

    function _startNetwork() private {
        managerId = buyWithUsd(nodeOwner, INodeLicense.Kind.Manager);
        vm.startPrank(nodeOwner);
        registry.register(managerId, vm.addr(MANAGER_PK), encKey, 0, "");
        registry.setActive(managerId, true);
        vm.stopPrank();
        for (uint256 i; i < 3; ++i) {
            verifierIds[i] = buyWithUsd(nodeOwner, INodeLicense.Kind.Verifier);
            vm.startPrank(nodeOwner);
            registry.register(verifierIds[i], vm.addr(VERIFIER_PK_0 + i), encKey, 0, "");
            registry.setActive(verifierIds[i], true);
            vm.stopPrank();
        }
        vm.prank(timelock);
        token.transfer(nodeOwner, 20_000e18);
        vm.prank(nodeOwner);
        IERC20(address(token)).approve(address(staking), type(uint256).max);
        for (uint256 i; i < 2; ++i) {
            workerIds[i] = buyWithUsd(nodeOwner, INodeLicense.Kind.Worker);
            registerWorker(nodeOwner, workerIds[i], vm.addr(WORKER_PK_0 + i));
            benchmark(workerIds[i], 20_000);
            vm.startPrank(nodeOwner);
            registry.setActive(workerIds[i], true);
            staking.stake(workerIds[i], 10_000e18);
            vm.stopPrank();
        }
    }

    /// @notice A quote for `workWad` IBM at $0.05 per IBM, valid for an hour, deadline in 3 days.
    function quoteFor(uint128 workWad) internal returns (IJobMarket.Quote memory q) {
        q.jobId = keccak256(abi.encode("job", ++jobNonce));
        q.artist = artist;
        q.sceneCid = keccak256("scene");
        q.frameStart = 1;
        q.frameEnd = 10;
        q.taskCount = 2;
        q.workWad = workWad;
        q.pricePerIbmWad = 0.05e18;
        q.fee = uint128((uint256(workWad) * 0.05e18 + 1e18 - 1) / 1e18);
        q.keysCommitment = keccak256("keys");
        q.expiry = uint64(block.timestamp + 1 hours);
        q.deadline = uint64(block.timestamp + 3 days);
        q.managerId = managerId;
    }

    function signDigest(uint256 pk, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @notice Creates a job from `q`, signed by the manager, as the artist.
    function createQuoted(IJobMarket.Quote memory q) internal {
        bytes memory sig = signDigest(MANAGER_PK, jobMarket.quoteDigest(q));
        vm.prank(artist);
        jobMarket.createJob(q, sig);
    }

    /// @notice Creates a job from `q` signed by the manager, then draws its committee (all three verifiers).
    function openJob(IJobMarket.Quote memory q) internal returns (IJobMarket.Seat[] memory committee) {
        createQuoted(q);
        vm.roll(block.number + 2);
        vm.recordLogs();
        jobMarket.drawCommittee(q.jobId);
        committee = committeeOf();
        committeeHashes[q.jobId] = keccak256(abi.encode(committee));
    }

    /// @notice The committee is the three verifiers in the order the draw seated them, read from the event.
    function committeeOf() internal returns (IJobMarket.Seat[] memory committee) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IJobMarket.CommitteeDrawn.selector) {
                (committee,,) = abi.decode(logs[i].data, (IJobMarket.Seat[], bytes32, bytes32));
            }
        }
    }

    /// @notice The verifier ids of a committee, in seat order.
    function idsOf(IJobMarket.Seat[] memory committee) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](committee.length);
        for (uint256 i; i < ids.length; ++i) {
            ids[i] = committee[i].verifierId;
        }
    }

    /// @notice The roots of the job's settlements so far (submitted through `submitSettlement`).
    function priorRoots(bytes32 jobId) internal view returns (bytes32[] memory) {
        return settledRoots[jobId];
    }

    /// @notice Settles and records the settlement's root, for the job's later settlements and disputes.
    function submitSettlement(
        bytes32 jobId,
        IJobMarket.Settlement memory s,
        IJobMarket.Seat[] memory committee,
        IJobMarket.Signatures memory sigs
    ) internal {
        jobMarket.settle(jobId, s, committee, settledRoots[jobId], sigs, proofsFor(jobId, s));
        settledRoots[jobId].push(s.outcomesRoot);
    }

    /// @notice The result CID word the fixture's workers hand in for a task.
    function resultCidOf(uint32 taskIndex) internal pure returns (bytes32) {
        return keccak256(abi.encode("result", taskIndex));
    }

    /// @notice Each rejected entry's proof: the fixture worker named signs its result of that task with its operator
    ///         key (`WORKER_PK_0 + i`). A license the fixture has no key for gets an empty proof (which the market
    ///         refuses).
    function proofsFor(bytes32 jobId, IJobMarket.Settlement memory s)
        internal
        view
        returns (IJobMarket.ResultProof[] memory proofs)
    {
        proofs = new IJobMarket.ResultProof[](s.rejected.length);
        for (uint256 i; i < proofs.length; ++i) {
            (uint256 licenseId, uint32 taskIndex) = SettlementCodec.rejection(s.rejected[i]);
            for (uint256 w; w < 2; ++w) {
                if (workerIds[w] == licenseId) proofs[i] = proofBy(WORKER_PK_0 + w, jobId, taskIndex);
            }
        }
    }

    /// @notice A result proof of task `taskIndex` of `jobId` signed with key `pk`.
    function proofBy(uint256 pk, bytes32 jobId, uint32 taskIndex)
        internal
        view
        returns (IJobMarket.ResultProof memory p)
    {
        p.resultCid = resultCidOf(taskIndex);
        (p.r, p.vs) = compactSign(pk, jobMarket.taskResultDigest(jobId, taskIndex, p.resultCid));
    }

    /// @notice Disputes a task outcome with the job's recorded trail (the artist must be pranked by the caller).
    function disputeTask(bytes32 jobId, uint256 index, IJobMarket.TaskOutcome memory o, bytes32[] memory proof)
        internal
    {
        jobMarket.dispute(jobId, index, o, proof, committeeHashes[jobId], settledRoots[jobId]);
    }

    /// @notice Signatures of the first `count` committee seats over a settlement (EIP-2098 compact, seat bits set).
    function signSettlement(
        bytes32 jobId,
        uint256 index,
        IJobMarket.Settlement memory s,
        IJobMarket.Seat[] memory committee,
        uint256 count
    ) internal view returns (IJobMarket.Signatures memory sigs) {
        bytes32 digest = jobMarket.settlementDigest(jobId, index, s);
        sigs.seats = (1 << count) - 1;
        sigs.compact = new bytes32[](2 * count);
        for (uint256 i; i < count; ++i) {
            (sigs.compact[2 * i], sigs.compact[2 * i + 1]) =
                compactSign(VERIFIER_PK_0 + verifierIndexOf(committee[i].verifierId), digest);
        }
    }

    /// @notice An EIP-2098 compact signature: r, and s with the y-parity in its top bit.
    function compactSign(uint256 pk, bytes32 digest) internal pure returns (bytes32 r, bytes32 vs) {
        (uint8 v, bytes32 r_, bytes32 s_) = vm.sign(pk, digest);
        return (r_, bytes32(uint256(s_) | (uint256(v - 27) << 255)));
    }

    /// @notice The fixture's index (0..2) of a verifier, which picks its operator key `VERIFIER_PK_0 + index`.
    function verifierIndexOf(uint256 id) internal view returns (uint256) {
        for (uint256 i; i < 3; ++i) {
            if (verifierIds[i] == id) return i;
        }
        revert("not a fixture verifier");
    }

    /// @notice A settlement paying `work` to each of the two workers, no rejections.
    function settlementOf(uint128 work0, uint128 work1) internal view returns (IJobMarket.Settlement memory s) {
        s.outcomesRoot = keccak256(abi.encode("root", work0, work1));
        s.workers = new uint256[](2);
        s.workers[0] = SettlementCodec.packWorker(workerIds[0], work0);
        s.workers[1] = SettlementCodec.packWorker(workerIds[1], work1);
    }

    /// @notice `work` accepted from worker 0 and worker 1's task 1 rejected.
    function settlementWithRejection(uint128 work) internal view returns (IJobMarket.Settlement memory s) {
        s = settlementOf(work, 0);
        s.workers = new uint256[](1);
        s.workers[0] = SettlementCodec.packWorker(workerIds[0], work);
        s.rejected = new uint256[](1);
        s.rejected[0] = SettlementCodec.packRejection(workerIds[1], 1);
    }

    /// @dev A job of work0 + work1 IBM, settled at once by the first `signers` committee members.
    function settleJob(uint128 work0, uint128 work1, uint256 signers)
        internal
        returns (IJobMarket.Seat[] memory committee)
    {
        IJobMarket.Quote memory q = quoteFor(work0 + work1);
        committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(work0, work1);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, signers);
        submitSettlement(q.jobId, s, committee, sigs);
    }

    /// @notice Restakes `amount` on `workerId` with fresh IFX from the DAO treasury (an earlier unstake is unbonding).
    function restakeWithFreshIfx(uint256 workerId, uint256 amount) internal {
        vm.prank(timelock);
        token.transfer(nodeOwner, amount);
        vm.prank(nodeOwner);
        staking.stake(workerId, amount);
    }
}
