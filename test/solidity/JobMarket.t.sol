// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {MarketFixture} from "./utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {SettlementCodec} from "../../contracts/libraries/SettlementCodec.sol";
import {IEpochRewards} from "../../contracts/interfaces/IEpochRewards.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";

/// @notice JobMarket: quotes, escrow, committee draws, settlements (partial, with rejections), cancel, reclaim,
///         fee release, disputes over a real Merkle tree of task outcomes, and every custom error.
contract JobMarketTest is MarketFixture {
    /// @dev secp256k1 group order, to build a high-s (malleable) signature.
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 internal constant WINDOW = 2 days;

    address internal stranger = address(0x57A6);

    function setUp() public {
        deployMarket();
    }

    // ------------------------------------------------------------------ helpers

    function _expectCreateRevert(IJobMarket.Quote memory q, bytes memory sig, bytes memory err) internal {
        vm.prank(artist);
        vm.expectRevert(err);
        jobMarket.createJob(q, sig);
    }

    function _managerSig(IJobMarket.Quote memory q) internal view returns (bytes memory) {
        return signDigest(MANAGER_PK, jobMarket.quoteDigest(q));
    }

    // ------------------------------------------------------------------ lifecycle

    function test_lifecycle_createSettleReleaseCloseClaim() public {
        // Start at the beginning of epoch 1, so that settlement and release (2 days later) share an epoch.
        vm.warp(T0 + 72 hours + 1 hours);
        ageOracles();
        uint256 daoBefore = rewards.daoOwed();
        IJobMarket.Quote memory q = quoteFor(1_000e18); // 1,000 IBM at $0.05 = 50 ifxDollar
        IJobMarket.Seat[] memory committee = openJob(q);
        assertEq(committee.length, 3, "k = 3");
        assertEq(credits.balanceOf(address(jobMarket)), 50e18, "fee escrowed");
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Completed, "all work paid");
        assertEq(j.pendingFee, 50e18, "fee pending through the dispute window");
        assertEq(credits.balanceOf(address(jobMarket)), 50e18, "still held");

        vm.warp(block.timestamp + 2 days + 1);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = q.jobId;
        jobMarket.releaseFees(ids);
        assertEq(credits.totalSpentCredits(), 50e18, "spent after the window");
        assertEq(credits.balanceOf(address(jobMarket)), 0, "nothing left in escrow");

        // The settlement's epoch ends; closing it mints T = W x E_p = 1,000 IBM x 1 IFX and splits it by role.
        uint256 epoch = rewards.accountOf(workerIds[0]).epoch;
        vm.warp(block.timestamp + 3 days);
        rewards.closeEpoch(epoch);
        IEpochRewards.EpochTotals memory t = rewards.epochTotals(epoch);
        assertEq(t.mintedIfx, 1_000e18, "T = W_p x E_p");
        assertEq(rewards.daoOwed() - daoBefore, 75e18, "7.5% owed to the DAO");
        assertEq(rewards.claimable(workerIds[0]), 450e18, "75% x 600/1000");
        assertEq(rewards.claimable(workerIds[1]), 300e18, "75% x 400/1000");
        assertEq(rewards.claimable(committee[0].verifierId), 75e18, "15% shared by the two signers");
        assertEq(rewards.claimable(committee[2].verifierId), 0, "a non-signer earns nothing");
        assertEq(rewards.claimable(managerId), 25e18, "2.5% to the manager");
        uint256 before = token.balanceOf(nodeOwner);
        vm.prank(nodeOwner);
        rewards.claim(workerIds[0]);
        assertEq(token.balanceOf(nodeOwner) - before, 450e18, "claimed");
        // IBME = paid IBM / apparent IBM: 1,000 / (2 workers x 0.5 IB x 4,320 min).
        assertEq(t.ibmeBps, 2_314, "IBME");
    }

    // ------------------------------------------------------------------ createJob

    function test_createJob_escrowsFeeAndRecordsJob() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        uint256 created = block.number;
        createQuoted(q);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Created, "created");
        assertEq(j.artist, artist, "artist");
        assertEq(j.escrow, 50e18, "escrow = fee");
        assertEq(j.seedBlock, created + 1, "seed block = next block");
        assertEq(j.workWad, 1_000e18, "work");
        assertEq(credits.balanceOf(artist), 950e18, "artist paid");
        assertEq(credits.balanceOf(address(jobMarket)), 50e18, "market holds it");
    }

    function test_createJob_revertsOnReplayOfSameQuote() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        bytes memory sig = _managerSig(q);
        vm.prank(artist);
        jobMarket.createJob(q, sig);
        _expectCreateRevert(q, sig, abi.encodeWithSelector(IJobMarket.MarketJobExists.selector, q.jobId));
        assertEq(credits.balanceOf(artist), 950e18, "charged once");
    }

    function test_createJob_revertsWhenCallerIsNotQuoteArtist() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        bytes memory sig = _managerSig(q);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketQuoteNotForCaller.selector, artist, stranger));
        jobMarket.createJob(q, sig);
    }

    function test_createJob_revertsWhenQuoteExpired() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        bytes memory sig = _managerSig(q);
        vm.warp(uint256(q.expiry) + 1);
        _expectCreateRevert(
            q, sig, abi.encodeWithSelector(IJobMarket.MarketQuoteExpired.selector, uint256(q.expiry), uint256(q.expiry) + 1)
        );
    }

    function test_createJob_acceptsQuoteAtExpiry() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        bytes memory sig = _managerSig(q);
        vm.warp(q.expiry);
        vm.prank(artist);
        jobMarket.createJob(q, sig);
        assertTrue(jobMarket.job(q.jobId).status == IJobMarket.Status.Created, "valid through its expiry second");
    }

    function test_createJob_revertsOnZeroWork() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.workWad = 0;
        q.fee = 0;
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
    }

    function test_createJob_revertsOnZeroTaskCount() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.taskCount = 0;
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
    }

    function test_createJob_revertsWhenFrameEndBeforeFrameStart() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.frameStart = 10;
        q.frameEnd = 9;
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
    }

    function test_createJob_revertsWhenDeadlineNotInFuture() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.deadline = uint64(block.timestamp);
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
        q.deadline = uint64(block.timestamp - 1);
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
    }

    function test_createJob_revertsOnFeeMismatch() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.fee = 50e18 - 1;
        _expectCreateRevert(
            q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteFeeMismatch.selector, 50e18 - 1, 50e18)
        );
        q.fee = 50e18 + 1;
        _expectCreateRevert(
            q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteFeeMismatch.selector, 50e18 + 1, 50e18)
        );
    }

    function testFuzz_createJob_feeIsCeilOfWorkTimesPrice(uint128 workWad, uint128 price) public {
        workWad = uint128(bound(workWad, 1, 20_000e18));
        price = uint128(bound(price, 1, 0.05e18));
        IJobMarket.Quote memory q = quoteFor(workWad);
        q.pricePerIbmWad = price;
        uint256 exact = uint256(workWad) * price;
        q.fee = uint128((exact + 1e18 - 1) / 1e18);
        createQuoted(q);
        assertEq(jobMarket.job(q.jobId).escrow, q.fee, "escrow = ceil(W x P)");
        assertGe(uint256(q.fee) * 1e18, exact, "never below W x P");
        assertEq(credits.balanceOf(artist), 1_000e18 - q.fee, "artist charged the fee");
    }

    function test_createJob_revertsWhenSignedByVerifier() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        bytes memory sig = signDigest(VERIFIER_PK_0, jobMarket.quoteDigest(q));
        _expectCreateRevert(
            q,
            sig,
            abi.encodeWithSelector(IJobMarket.MarketQuoteSignerNotManager.selector, vm.addr(VERIFIER_PK_0), managerId)
        );
    }

    function test_createJob_revertsWhenSignedByUnknownKey() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        bytes memory sig = signDigest(0xBAD, jobMarket.quoteDigest(q));
        _expectCreateRevert(
            q, sig, abi.encodeWithSelector(IJobMarket.MarketQuoteSignerNotManager.selector, vm.addr(0xBAD), managerId)
        );
    }

    function test_createJob_revertsWhenQuoteNamesAnotherLicense() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.managerId = verifierIds[0];
        _expectCreateRevert(
            q,
            _managerSig(q),
            abi.encodeWithSelector(IJobMarket.MarketQuoteSignerNotManager.selector, vm.addr(MANAGER_PK), verifierIds[0])
        );
    }

    function test_createJob_revertsWhenManagerBlacklisted() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        bytes memory sig = _managerSig(q);
        vm.prank(timelock);
        registry.blacklist(managerId);
        _expectCreateRevert(
            q, sig, abi.encodeWithSelector(IJobMarket.MarketQuoteSignerNotManager.selector, vm.addr(MANAGER_PK), managerId)
        );
    }

    function test_createJob_revertsOnShortSignature() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        (, bytes32 r, bytes32 s) = vm.sign(MANAGER_PK, jobMarket.quoteDigest(q));
        // 64 bytes, without v: ERC-2098 short signatures are rejected.
        _expectCreateRevert(
            q, abi.encodePacked(r, s), abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureLength.selector, uint256(64))
        );
    }

    function test_createJob_revertsOnHighSSignature() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(MANAGER_PK, jobMarket.quoteDigest(q));
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        uint8 flipped = v == 27 ? 28 : 27;
        _expectCreateRevert(
            q, abi.encodePacked(r, highS, flipped), abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS)
        );
    }

    function test_createJob_revertsOnInvalidV() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        (, bytes32 r, bytes32 s) = vm.sign(MANAGER_PK, jobMarket.quoteDigest(q));
        _expectCreateRevert(
            q, abi.encodePacked(r, s, uint8(29)), abi.encodeWithSelector(ECDSA.ECDSAInvalidSignature.selector)
        );
    }

    function test_createJob_revertsWhenArtistCannotPay() public {
        IJobMarket.Quote memory q = quoteFor(30_000e18); // 1,500 ifxDollar > 1,000 held
        bytes memory sig = _managerSig(q);
        vm.prank(artist);
        vm.expectRevert();
        jobMarket.createJob(q, sig);
        assertTrue(jobMarket.job(q.jobId).status == IJobMarket.Status.None, "no job without the escrow");
    }

    /// Values beyond what the packed job stores are refused up front, never truncated.
    function test_createJob_revertsWhenValuesExceedThePackedJob() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.deadline = uint64(type(uint32).max) + 1;
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
        q = quoteFor(1_000e18);
        q.managerId = uint256(type(uint32).max) + 1;
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
        q = quoteFor(1);
        q.pricePerIbmWad = uint128(type(uint96).max) + 1;
        q.fee = uint128((uint256(q.workWad) * q.pricePerIbmWad + 1e18 - 1) / 1e18);
        _expectCreateRevert(q, _managerSig(q), abi.encodeWithSelector(IJobMarket.MarketQuoteInvalid.selector, q.jobId));
    }

    // ------------------------------------------------------------------ committee

    function test_drawCommittee_revertsBeforeSeedBlock() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        uint256 seedBlock = block.number + 1;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketSeedNotReady.selector, seedBlock, block.number));
        jobMarket.drawCommittee(q.jobId);
        vm.roll(seedBlock);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketSeedNotReady.selector, seedBlock, seedBlock));
        jobMarket.drawCommittee(q.jobId);
    }

    function test_drawCommittee_revertsTwice() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        openJob(q);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, q.jobId, IJobMarket.Status.Running)
        );
        jobMarket.drawCommittee(q.jobId);
    }

    function test_drawCommittee_revertsForUnknownJob() public {
        bytes32 unknown = keccak256("nope");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, unknown, IJobMarket.Status.None));
        jobMarket.drawCommittee(unknown);
    }

    function test_drawCommittee_revertsWithTooFewVerifiers() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        bytes32[] memory keys = new bytes32[](2);
        keys[0] = keccak256("committeeSize");
        keys[1] = keccak256("committeeThreshold");
        uint256[] memory values = new uint256[](2);
        values[0] = 5;
        values[1] = 3;
        vm.prank(timelock);
        params.setMany(keys, values);
        vm.roll(block.number + 2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketTooFewVerifiers.selector, uint256(3), uint256(5)));
        jobMarket.drawCommittee(q.jobId);
    }

    function test_drawCommittee_revertsWhenVerifiersOffline() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        vm.prank(nodeOwner);
        registry.setActive(verifierIds[1], false);
        vm.roll(block.number + 2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketCommitteeUnavailable.selector, q.jobId));
        jobMarket.drawCommittee(q.jobId);
        assertTrue(jobMarket.job(q.jobId).status == IJobMarket.Status.Created, "still waiting for a committee");
    }

    function test_drawCommittee_reseedsAfterBlockhashExpired() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        uint256 oldSeed = block.number + 1;
        vm.roll(oldSeed + 300);
        uint256 newSeed = block.number + 1;
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.CommitteeReseeded(q.jobId, newSeed);
        jobMarket.drawCommittee(q.jobId);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertEq(j.seedBlock, newSeed, "anchored on a new future block");
        assertTrue(j.status == IJobMarket.Status.Created, "not drawn yet");
        assertTrue(j.trail == bytes32(0), "no committee yet");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketSeedNotReady.selector, newSeed, block.number));
        jobMarket.drawCommittee(q.jobId);

        vm.roll(newSeed + 1);
        vm.recordLogs();
        jobMarket.drawCommittee(q.jobId);
        IJobMarket.Seat[] memory committee = committeeOf();
        assertEq(committee.length, 3, "drawn after the reseed");
        j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Running, "running");
        assertTrue(j.trail == keccak256(abi.encode(committee)), "committee hash recorded");
        assertEq(j.seedBlock, 0, "the seed is spent");
        assertEq(j.threshold, 2, "threshold fixed at the draw");
    }

    function test_drawCommittee_worksWithin256Blocks() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        vm.roll(block.number + 1 + 256);
        vm.recordLogs();
        jobMarket.drawCommittee(q.jobId);
        assertEq(committeeOf().length, 3, "the seed block's hash is still available");
    }

    /// The committee is k distinct live verifiers of the verifier set, whatever the job id and k.
    function testFuzz_drawCommittee_distinctMembersOfVerifierSet(bytes32 jobId, uint256 k) public {
        _addVerifiers(3); // six verifiers
        k = bound(k, 2, 5);
        bytes32[] memory keys = new bytes32[](2);
        keys[0] = keccak256("committeeSize");
        keys[1] = keccak256("committeeThreshold");
        uint256[] memory values = new uint256[](2);
        values[0] = k;
        values[1] = k / 2 + 1;
        vm.prank(timelock);
        params.setMany(keys, values);

        IJobMarket.Quote memory q = quoteFor(1_000e18);
        q.jobId = jobId;
        IJobMarket.Seat[] memory committee = openJob(q);
        assertEq(committee.length, k, "k members");
        uint256 count = registry.verifierCount();
        assertEq(count, 6, "six verifiers");
        for (uint256 i; i < k; ++i) {
            bool inSet;
            for (uint256 v; v < count; ++v) {
                if (registry.verifierAt(v) == committee[i].verifierId) inSet = true;
            }
            assertTrue(inSet, "member of the verifier set");
            assertTrue(registry.status(committee[i].verifierId).active, "online");
            assertEq(committee[i].operator, registry.status(committee[i].verifierId).operator, "its operator key");
            for (uint256 m; m < i; ++m) {
                assertTrue(committee[m].verifierId != committee[i].verifierId, "distinct");
            }
        }
        assertTrue(jobMarket.job(jobId).trail == keccak256(abi.encode(committee)), "hash of the seated list");
        assertTrue(jobMarket.committeeHashOf(committee) == jobMarket.job(jobId).trail, "the view agrees");
    }

    // ------------------------------------------------------------------ settle

    function test_settle_revertsBeforeDraw() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Seat[] memory committee = new IJobMarket.Seat[](0);
        IJobMarket.Signatures memory sigs;
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, q.jobId, IJobMarket.Status.Created)
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsWithWrongCommittee() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        (committee[0], committee[1]) = (committee[1], committee[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongCommittee.selector, q.jobId));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        // A seat whose operator is swapped for another key.
        (committee[0], committee[1]) = (committee[1], committee[0]);
        committee[0].operator = vm.addr(0xBAD);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongCommittee.selector, q.jobId));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsWithWrongPriorRoots() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        _settle(q.jobId, 0, settlementOf(300e18, 0), committee);
        IJobMarket.Settlement memory s = settlementOf(0, 300e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 1, s, committee, 2);
        // No prior root given for a job that has one.
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongCommittee.selector, q.jobId));
        jobMarket.settle(q.jobId, s, committee, new bytes32[](0), sigs, proofsFor(q.jobId, s));
        // A wrong prior root.
        bytes32[] memory wrong = new bytes32[](1);
        wrong[0] = keccak256("not the root");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketWrongCommittee.selector, q.jobId));
        jobMarket.settle(q.jobId, s, committee, wrong, sigs, proofsFor(q.jobId, s));
        // The right one.
        submitSettlement(q.jobId, s, committee, sigs);
        bytes32 expected = keccak256(
            abi.encode(keccak256(abi.encode(keccak256(abi.encode(committee)), settlementOf(300e18, 0).outcomesRoot)), s.outcomesRoot)
        );
        assertTrue(jobMarket.job(q.jobId).trail == expected, "trail = H(H(committee, root0), root1)");
    }

    function test_settle_revertsWhenSignerNotInCommittee() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        bytes32 digest = jobMarket.settlementDigest(q.jobId, 0, s);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        (sigs.compact[2], sigs.compact[3]) = compactSign(MANAGER_PK, digest); // a registered node, not on the committee
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketSignerNotInCommittee.selector, uint256(1), vm.addr(MANAGER_PK))
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        (sigs.compact[2], sigs.compact[3]) = compactSign(0xBAD, digest); // no node at all
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketSignerNotInCommittee.selector, uint256(1), vm.addr(0xBAD)));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        // Another committee member's signature in seat 1's place.
        (sigs.compact[2], sigs.compact[3]) = compactSign(VERIFIER_PK_0 + verifierIndexOf(committee[2].verifierId), digest);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketSignerNotInCommittee.selector, uint256(1), committee[2].operator)
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsWhenSignedOverAnotherIndex() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 1, s, committee, 2); // signed for index 1, the next is 0
        // Over the index-0 digest, the signature recovers an unrelated address.
        address recovered = ECDSA.recover(jobMarket.settlementDigest(q.jobId, 0, s), sigs.compact[0], sigs.compact[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketSignerNotInCommittee.selector, uint256(0), recovered));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        assertEq(jobMarket.job(q.jobId).settlements, 0, "nothing settled");
    }

    /// One seat's signature given twice cannot count twice: seat 1 must be signed by seat 1's operator.
    function test_settle_revertsOnDuplicateSigner() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        (sigs.compact[2], sigs.compact[3]) = (sigs.compact[0], sigs.compact[1]);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketSignerNotInCommittee.selector, uint256(1), committee[0].operator)
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsOnMalformedSeats() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        sigs.seats = 0xB; // seat 3 does not exist (k = 3)
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketMalformedSignatures.selector, uint256(0xB), uint256(4)));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        sigs.seats = 7; // three seats, two signatures
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketMalformedSignatures.selector, uint256(7), uint256(4)));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        // Seats 0 and 2 signed, given in seat order.
        IJobMarket.Signatures memory all = signSettlement(q.jobId, 0, s, committee, 3);
        sigs.seats = 5;
        (sigs.compact[2], sigs.compact[3]) = (all.compact[4], all.compact[5]);
        submitSettlement(q.jobId, s, committee, sigs);
        assertEq(rewards.accountOf(committee[2].verifierId).workWad, 1_000e18, "seat 2 credited");
        assertEq(rewards.accountOf(committee[1].verifierId).workWad, 0, "seat 1 did not sign");
    }

    function test_settle_revertsWithTooFewSignatures() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketTooFewSignatures.selector, uint256(1), uint256(2)));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsOnMalformedSignature() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        sigs.compact[2] = bytes32(0); // r = 0 recovers no key
        vm.expectRevert(ECDSA.ECDSAInvalidSignature.selector);
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_acceptsAllThreeSignatures() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 3);
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        for (uint256 i; i < 3; ++i) {
            assertEq(
                rewards.accountOf(committee[i].verifierId).workWad, 1_000e18, "each signer credited the settlement's work"
            );
        }
        assertEq(rewards.epochTotals(0).verifierWorkWad, 3_000e18, "the epoch's verification work");
    }

    function test_settle_recordsParticipationOncePerEpoch() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        _settle(q.jobId, 0, settlementOf(300e18, 200e18), committee);
        _settle(q.jobId, 1, settlementOf(300e18, 200e18), committee);
        assertEq(registry.node(committee[0].verifierId).activeEpochs, 1, "signer active once in epoch 0");
        assertEq(registry.node(committee[1].verifierId).activeEpochs, 1, "signer active once in epoch 0");
        assertEq(registry.node(committee[2].verifierId).activeEpochs, 0, "a non-signer is not");
        uint256 managerActive = registry.node(managerId).activeEpochs;
        assertEq(registry.node(workerIds[0]).activeEpochs, 1, "workers (already active from their benchmark)");

        vm.warp(T0 + 72 hours + 1 hours); // epoch 1
        IJobMarket.Quote memory q2 = quoteFor(100e18);
        IJobMarket.Seat[] memory c2 = openJob(q2);
        _settle(q2.jobId, 0, settlementOf(100e18, 0), c2);
        assertEq(registry.node(workerIds[0]).activeEpochs, 2, "worker active in epoch 1");
        assertEq(registry.node(workerIds[0]).lastActiveEpoch, 1, "last active in epoch 1");
        assertEq(registry.node(c2[0].verifierId).lastActiveEpoch, 1, "signer active in epoch 1");
        // Managers are credited, and so active, when their jobs' fees are released.
        assertEq(registry.node(managerId).activeEpochs, managerActive, "not by settlements");
        jobMarket.releaseFees(_ids(q.jobId));
        assertEq(registry.node(managerId).activeEpochs, managerActive + 1, "manager active in epoch 1");
        assertEq(registry.node(managerId).lastActiveEpoch, 1, "at the release");
    }

    function test_settle_revertsWhenWorkExceedsQuote() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(600e18, 500e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketSettlementExceedsWork.selector, uint256(1_100e18), uint256(1_000e18))
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsWhenLaterSettlementExceedsRemainingWork() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        _settle(q.jobId, 0, settlementOf(600e18, 0), committee);
        IJobMarket.Settlement memory s = settlementOf(0, 400e18 + 1);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 1, s, committee, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketSettlementExceedsWork.selector, uint256(1_000e18 + 1), uint256(1_000e18))
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsOnEmptySettlement() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(0, 0);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 0, s, committee, 2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketEmptySettlement.selector, q.jobId));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
        s.workers = new uint256[](0);
        sigs = signSettlement(q.jobId, 0, s, committee, 2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketEmptySettlement.selector, q.jobId));
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_revertsAfterCompletion() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        _settle(q.jobId, 0, settlementOf(600e18, 400e18), committee);
        IJobMarket.Settlement memory s = settlementOf(1, 0);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 1, s, committee, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, q.jobId, IJobMarket.Status.Completed)
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    function test_settle_partialThenCompleteChargesExactlyTheQuote() public {
        // W = 1,000 IBM + 19 wei: fee = ceil(50e18 + 0.95) = 50e18 + 1. Fees follow the cumulative paid work:
        // ceil((500e18 + 9) x 0.05) = 25e18 + 1 first, then the quote's fee less that, 25e18.
        IJobMarket.Quote memory q = quoteFor(1_000e18 + 19);
        assertEq(q.fee, 50e18 + 1, "fee rounded up");
        IJobMarket.Seat[] memory committee = openJob(q);
        assertEq(credits.balanceOf(artist), 950e18 - 1, "fee escrowed");

        _settle(q.jobId, 0, settlementOf(500e18 + 9, 0), committee);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Running, "still running");
        assertEq(j.settlements, 1, "one settlement");
        assertEq(j.paidWorkWad, 500e18 + 9, "paid work");
        assertEq(j.pendingFee, 25e18 + 1, "ceil(W_1 x P) pending");
        assertEq(j.escrow, 25e18, "rest escrowed");

        IJobMarket.Settlement memory last = settlementOf(0, 500e18 + 10);
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.JobSettled(
            q.jobId, 1, last.outcomesRoot, keccak256(abi.encodePacked(last.workers)), 500e18 + 10, 25e18, 3, true
        );
        _settle(q.jobId, 1, last, committee);
        j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Completed, "completed by the second settlement");
        assertEq(j.settlements, 2, "two settlements");
        assertEq(j.paidWorkWad, j.workWad, "all work paid");
        assertEq(j.pendingFee, 50e18 + 1, "both fees pending: exactly the quote");
        assertEq(j.escrow, 0, "no escrow left");
        assertEq(credits.balanceOf(artist), 950e18 - 1, "nothing to refund");
        assertEq(credits.balanceOf(address(jobMarket)), 50e18 + 1, "market holds the pending fee");
    }

    function test_settle_rejectionSlashesWorkerAndPaysNoFee() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementWithRejection(600e18);
        uint256 poolBefore = token.balanceOf(address(pool));
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.JobSettled(
            q.jobId, 0, s.outcomesRoot, keccak256(abi.encodePacked(s.workers)), 600e18, 30e18, 3, false
        );
        _settle(q.jobId, 0, s, committee);

        assertEq(staking.stakeOf(workerIds[1]), 9_000e18, "stake down 10%");
        assertEq(staking.stakeOf(workerIds[0]), 10_000e18, "the other worker untouched");
        assertEq(token.balanceOf(address(pool)) - poolBefore, 1_000e18, "penalty pool up");
        assertEq(pool.totalSlashed(), 1_000e18, "slash notified");
        assertEq(registry.node(workerIds[1]).rejectionsInEpoch, 1, "rejection recorded");
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertEq(j.pendingFee, 30e18, "only the accepted 600 IBM are paid");
        assertEq(j.escrow, 20e18, "the rejected task's fee stays escrowed");
        assertTrue(j.status == IJobMarket.Status.Running, "not complete");
        assertEq(rewards.accountOf(workerIds[1]).workWad, 0, "no work credited to the rejected worker");
    }

    function test_settle_onlyRejectionsIsNotEmpty() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        IJobMarket.Settlement memory s = settlementOf(0, 0);
        s.workers = new uint256[](0);
        s.rejected = new uint256[](1);
        s.rejected[0] = SettlementCodec.packRejection(workerIds[0], 0);
        _settle(q.jobId, 0, s, committee);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertEq(j.settlements, 1, "recorded");
        assertEq(j.pendingFee, 0, "nothing paid");
        assertEq(staking.stakeOf(workerIds[0]), 9_000e18, "slashed");
        assertEq(rewards.accountOf(managerId).workWad, 0, "no work to credit");
    }

    // ------------------------------------------------------------------ cancel and reclaim

    function test_cancel_refundsEverything() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.JobClosed(q.jobId, IJobMarket.Status.Cancelled, 50e18);
        vm.prank(artist);
        jobMarket.cancel(q.jobId);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Cancelled, "cancelled");
        assertEq(j.escrow, 0, "escrow emptied");
        assertEq(credits.balanceOf(artist), 1_000e18, "all refunded");
        assertEq(credits.balanceOf(address(jobMarket)), 0, "market empty");
    }

    function test_cancel_revertsAfterDraw() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        openJob(q);
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, q.jobId, IJobMarket.Status.Running)
        );
        jobMarket.cancel(q.jobId);
    }

    function test_cancel_revertsForUnknownJob() public {
        bytes32 unknown = keccak256("nope");
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, unknown));
        jobMarket.cancel(unknown);
    }

    function test_cancel_revertsForNonArtist() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNotArtist.selector, q.jobId, stranger));
        jobMarket.cancel(q.jobId);
    }

    function test_reclaim_revertsBeforeDeadline() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        openJob(q);
        vm.warp(q.deadline);
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketDeadlineNotReached.selector, uint256(q.deadline), uint256(q.deadline))
        );
        jobMarket.reclaim(q.jobId);
    }

    function test_reclaim_revertsForNonArtistAndUnknownJob() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        openJob(q);
        vm.warp(uint256(q.deadline) + 1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketNotArtist.selector, q.jobId, stranger));
        jobMarket.reclaim(q.jobId);
        bytes32 unknown = keccak256("nope");
        vm.prank(artist);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.MarketUnknownJob.selector, unknown));
        jobMarket.reclaim(unknown);
    }

    function test_reclaim_revertsForCompletedJob() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        _settle(q.jobId, 0, settlementOf(600e18, 400e18), committee);
        vm.warp(uint256(q.deadline) + 1);
        vm.prank(artist);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, q.jobId, IJobMarket.Status.Completed)
        );
        jobMarket.reclaim(q.jobId);
    }

    function test_reclaim_refundsUndrawnJobAfterDeadline() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        createQuoted(q);
        vm.warp(uint256(q.deadline) + 1);
        vm.prank(artist);
        jobMarket.reclaim(q.jobId);
        assertTrue(jobMarket.job(q.jobId).status == IJobMarket.Status.Expired, "expired");
        assertEq(credits.balanceOf(artist), 1_000e18, "all refunded");
    }

    function test_reclaim_refundsUnsettledEscrowAndKeepsPendingFee() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        // Settle 600 IBM shortly before the deadline, so the dispute window outlives it.
        vm.warp(uint256(q.deadline) - 1 hours);
        _settle(q.jobId, 0, settlementOf(600e18, 0), committee);
        uint256 settledAtTs = block.timestamp;
        vm.warp(uint256(q.deadline) + 1);
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.JobClosed(q.jobId, IJobMarket.Status.Expired, 20e18);
        vm.prank(artist);
        jobMarket.reclaim(q.jobId);
        IJobMarket.Job memory j = jobMarket.job(q.jobId);
        assertTrue(j.status == IJobMarket.Status.Expired, "expired");
        assertEq(j.escrow, 0, "escrow refunded");
        assertEq(j.pendingFee, 30e18, "settled fee still pending");
        assertEq(credits.balanceOf(artist), 970e18, "unsettled 20 refunded");
        assertEq(credits.balanceOf(address(jobMarket)), 30e18, "market keeps the pending fee");

        // Inside the window: nothing released.
        jobMarket.releaseFees(_ids(q.jobId));
        assertEq(jobMarket.job(q.jobId).pendingFee, 30e18, "inside the window");
        assertEq(credits.totalSpentCredits(), 0, "nothing spent");
        // After it: spent.
        vm.warp(settledAtTs + WINDOW + 1);
        jobMarket.releaseFees(_ids(q.jobId));
        assertEq(jobMarket.job(q.jobId).pendingFee, 0, "released");
        assertEq(credits.totalSpentCredits(), 30e18, "spent");
        assertEq(credits.balanceOf(address(jobMarket)), 0, "market empty");
        // An expired job cannot be settled any more.
        IJobMarket.Settlement memory s = settlementOf(0, 400e18);
        IJobMarket.Signatures memory sigs = signSettlement(q.jobId, 1, s, committee, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.MarketWrongStatus.selector, q.jobId, IJobMarket.Status.Expired)
        );
        jobMarket.settle(q.jobId, s, committee, priorRoots(q.jobId), sigs, proofsFor(q.jobId, s));
    }

    // ------------------------------------------------------------------ releaseFees

    function test_releaseFees_skipsJobsInsideWindowAndDisputedTasks() public {
        // a: settled now, released after the window. b: settled a day later, still inside its window.
        // c: settled now with an open dispute on task 1 (20 of its 50): the other 30 are released with a.
        (IJobMarket.Quote memory c, IJobMarket.TaskOutcome[4] memory o, bytes32[] memory proof1,) =
            _settledWithOutcomes();
        IJobMarket.Quote memory a = quoteFor(200e18);
        IJobMarket.Seat[] memory ca = openJob(a);
        _settle(a.jobId, 0, settlementOf(100e18, 100e18), ca);
        uint256 t0 = block.timestamp;
        vm.prank(artist);
        disputeTask(c.jobId, 0, o[1], proof1);

        vm.warp(t0 + 1 days);
        IJobMarket.Quote memory b = quoteFor(400e18);
        IJobMarket.Seat[] memory cb = openJob(b);
        _settle(b.jobId, 0, settlementOf(200e18, 200e18), cb);

        vm.warp(t0 + WINDOW + 1);
        bytes32[] memory ids = new bytes32[](4);
        ids[0] = a.jobId;
        ids[1] = b.jobId;
        ids[2] = c.jobId;
        ids[3] = keccak256("unknown job"); // skipped, no fee
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.FeesReleased(a.jobId, 10e18);
        vm.expectEmit(true, true, true, true);
        emit IJobMarket.FeesReleased(c.jobId, 30e18);
        jobMarket.releaseFees(ids);
        assertEq(jobMarket.job(a.jobId).pendingFee, 0, "a released");
        assertEq(jobMarket.job(b.jobId).pendingFee, 20e18, "b inside its window");
        assertEq(jobMarket.job(c.jobId).pendingFee, 0, "c released but for its disputed task");
        assertEq(credits.totalSpentCredits(), 40e18, "a and c's undisputed tasks spent");

        vm.warp(t0 + 1 days + WINDOW + 1);
        jobMarket.releaseFees(ids);
        assertEq(credits.totalSpentCredits(), 60e18, "b spent after its window");
        assertEq(credits.balanceOf(address(jobMarket)), 0, "every fee released or held apart");
        assertEq(credits.balanceOf(address(disputes)), 20e18 + 5e18, "only the disputed task's fee and bond held");
        // Releasing again spends nothing twice.
        jobMarket.releaseFees(ids);
        assertEq(credits.totalSpentCredits(), 60e18, "nothing spent twice");
    }

    function test_releaseFees_windowFollowsLastSettlement() public {
        IJobMarket.Quote memory q = quoteFor(1_000e18);
        IJobMarket.Seat[] memory committee = openJob(q);
        _settle(q.jobId, 0, settlementOf(300e18, 0), committee);
        vm.warp(block.timestamp + 1 days);
        _settle(q.jobId, 1, settlementOf(0, 300e18), committee);
        uint256 last = block.timestamp;
        vm.warp(last + WINDOW);
        jobMarket.releaseFees(_ids(q.jobId));
        assertEq(jobMarket.job(q.jobId).pendingFee, 30e18, "the later settlement's window is still open");
        vm.warp(last + WINDOW + 1);
        jobMarket.releaseFees(_ids(q.jobId));
        assertEq(credits.totalSpentCredits(), 30e18, "both fees spent");
    }
}
