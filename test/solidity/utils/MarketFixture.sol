// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {NodesFixture} from "./NodesFixture.sol";
import {Vm} from "./Vm.sol";
import {EpochRewards} from "../../../contracts/market/EpochRewards.sol";
import {JobDisputes} from "../../../contracts/market/JobDisputes.sol";
import {JobMarket} from "../../../contracts/market/JobMarket.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {MarketHashing} from "../../../contracts/libraries/MarketHashing.sol";
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
    JobDisputes internal disputes;
    uint256 internal managerId;
    uint256[3] internal verifierIds;
    uint256[2] internal workerIds;
    uint256 internal jobNonce;
    /// @dev Per job, the drawn committee and the roots settled so far: what `settle` and `openDispute` take.
    mapping(bytes32 jobId => IJobMarket.Seat[]) internal committees;
    mapping(bytes32 jobId => bytes32[]) internal settledRoots;

    function deployMarket() internal {
        deployNodes();
        ageOracles();
        runTgeAndSeedIfxPool();
        ageOracles();
        rewards = new EpochRewards(token, eco, clock, params, registry, staking, ifxUsd, pool, timelock, timelock);
        jobMarket = new JobMarket(credits, registry, staking, rewards, params, timelock);
        disputes = new JobDisputes(jobMarket, credits, registry, staking, params, timelock);
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
        credits.grantRole(credits.MARKET_ROLE(), address(disputes));
        staking.grantRole(staking.SLASHER_ROLE(), address(disputes));
        jobMarket.setDisputes(address(disputes));
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
        for (uint256 i; i < committee.length; ++i) {
            committees[q.jobId].push(committee[i]);
        }
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
        return proofOf(pk, jobId, taskIndex, resultCidOf(taskIndex));
    }

    function proofOf(uint256 pk, bytes32 jobId, uint32 taskIndex, bytes32 resultCid)
        internal
        view
        returns (IJobMarket.ResultProof memory p)
    {
        p.resultCid = resultCid;
        (p.r, p.vs) = compactSign(pk, taskResultDigestOf(jobId, taskIndex, resultCid));
    }

    /// @notice `JobMarket.taskResultDigest`, computed here without a call: a proof built between a test's `vm.prank` or
    ///         `vm.expectRevert` and the call they aim at must not use them up.
    function taskResultDigestOf(bytes32 jobId, uint32 taskIndex, bytes32 resultCid) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Inferix JobMarket"),
                keccak256("1"),
                block.chainid,
                address(jobMarket)
            )
        );
        return MessageHashUtils.toTypedDataHash(domain, MarketHashing.hashTaskResult(jobId, taskIndex, resultCid));
    }

    /// @notice The outcome worker's own signed result of the outcome (empty when the fixture has no key for it).
    function workerProofOf(bytes32 jobId, IJobMarket.TaskOutcome memory o)
        internal
        view
        returns (IJobMarket.ResultProof memory p)
    {
        for (uint256 w; w < 2; ++w) {
            if (workerIds[w] == o.workerId) return proofOf(WORKER_PK_0 + w, jobId, o.taskIndex, o.resultCid);
        }
    }

    /// @notice Disputes a task outcome with the job's recorded trail and the outcome worker's signed result (the artist
    ///         must be pranked by the caller).
    function disputeTask(bytes32 jobId, uint256 index, IJobMarket.TaskOutcome memory o, bytes32[] memory proof)
        internal
    {
        disputes.openDispute(jobId, index, o, proof, committees[jobId], settledRoots[jobId], workerProofOf(jobId, o));
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

    // ------------------------------------------------------------------ outcomes under a real Merkle tree

    function _settle(bytes32 jobId, uint256 index, IJobMarket.Settlement memory s, IJobMarket.Seat[] memory committee) internal {
        IJobMarket.Signatures memory sigs = signSettlement(jobId, index, s, committee, 2);
        submitSettlement(jobId, s, committee, sigs);
    }

    function _ids(bytes32 a) internal pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = a;
    }

    function _leaf(IJobMarket.TaskOutcome memory o) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(o.taskIndex, o.workerId, o.resultCid, o.accepted, o.workWad))));
    }

    /// @dev Four task outcomes: tasks 0 and 2 by worker 0 (300 IBM each), task 1 by worker 1 (400 IBM), task 3 by
    ///      worker 1 rejected. Tree: root = H(H(L0, L1), H(L2, L3)), pairs hashed commutatively as OpenZeppelin does.
    function _outcomes() internal view returns (IJobMarket.TaskOutcome[4] memory o) {
        o[0] = IJobMarket.TaskOutcome(0, workerIds[0], resultCidOf(0), true, 300e18);
        o[1] = IJobMarket.TaskOutcome(1, workerIds[1], resultCidOf(1), true, 400e18);
        o[2] = IJobMarket.TaskOutcome(2, workerIds[0], resultCidOf(2), true, 300e18);
        o[3] = IJobMarket.TaskOutcome(3, workerIds[1], resultCidOf(3), false, 0);
    }

    function _tree(IJobMarket.TaskOutcome[4] memory o)
        internal
        pure
        returns (bytes32 root, bytes32[] memory proof1, bytes32[] memory proof3)
    {
        bytes32 l0 = _leaf(o[0]);
        bytes32 l1 = _leaf(o[1]);
        bytes32 l2 = _leaf(o[2]);
        bytes32 l3 = _leaf(o[3]);
        bytes32 n01 = Hashes.commutativeKeccak256(l0, l1);
        bytes32 n23 = Hashes.commutativeKeccak256(l2, l3);
        root = Hashes.commutativeKeccak256(n01, n23);
        proof1 = new bytes32[](2);
        proof1[0] = l0;
        proof1[1] = n23;
        proof3 = new bytes32[](2);
        proof3[0] = l2;
        proof3[1] = n01;
    }

    /// @dev A 1,000 IBM job of 4 tasks settled in full with the outcomes' root: worker 0 600, worker 1 400 and the
    ///      rejection of task 3 (worker 1 slashed once).
    function _settledWithOutcomes()
        internal
        returns (IJobMarket.Quote memory q, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1, bytes32[] memory proof3)
    {
        q = quoteFor(1_000e18);
        q.taskCount = 4;
        IJobMarket.Seat[] memory committee = openJob(q);
        o = _outcomes();
        bytes32 root;
        (root, proof1, proof3) = _tree(o);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        s.outcomesRoot = root;
        s.rejected = new uint256[](1);
        s.rejected[0] = SettlementCodec.packRejection(workerIds[1], 3);
        _settle(q.jobId, 0, s, committee);
    }

    function _addVerifiers(uint256 n) internal {
        for (uint256 i; i < n; ++i) {
            uint256 id = buyWithUsd(nodeOwner, INodeLicense.Kind.Verifier);
            vm.startPrank(nodeOwner);
            registry.register(id, vm.addr(VERIFIER_PK_0 + 3 + i), encKey, 0, "");
            registry.setActive(id, true);
            vm.stopPrank();
        }
    }
}
