// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {NodesFixture} from "./utils/NodesFixture.sol";
import {INodeLicense} from "../../contracts/interfaces/INodeLicense.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";

/// @notice NodeRegistry: registration and profile checks, IB from benchmarks (first unbounded, then clamped to a
///         governed factor), participation over completed epochs, rejections and blacklisting, roles.
contract NodeRegistryTest is NodesFixture {
    address internal retirer = address(0x2E71);
    address internal stranger = address(0x57A6);
    address internal verifierOperator = address(0xA1);

    uint256 internal workerId; // alice's worker
    uint256 internal bobWorkerId; // bob's worker
    uint256 internal verifierId; // alice's verifier, unregistered

    function setUp() public {
        deployNodes();
        runTgeAndSeedIfxPool();
        workerId = buyWithUsd(alice, INodeLicense.Kind.Worker);
        bobWorkerId = buyWithUsd(bob, INodeLicense.Kind.Worker);
        verifierId = buyWithUsd(alice, INodeLicense.Kind.Verifier);
        bytes32 buybackRole = registry.BUYBACK_ROLE();
        vm.prank(timelock);
        registry.grantRole(buybackRole, retirer);
    }

    // ------------------------------------------------------------------ helpers

    function _epochStart(uint256 epoch) internal pure returns (uint256) {
        return T0 + epoch * 72 hours;
    }

    function _warpToEpoch(uint256 epoch) internal {
        vm.warp(_epochStart(epoch));
        assertEq(clock.currentEpoch(), epoch, "warped to epoch");
    }

    function _reject(uint256 id) internal {
        vm.prank(market);
        registry.recordRejection(id);
    }

    // ------------------------------------------------------------------ register / update / setActive

    function test_register_storesProfile() public {
        vm.warp(_epochStart(2) + 1 hours);
        registerWorker(alice, workerId, aliceOperator);
        INodeRegistry.Node memory n = registry.node(workerId);
        assertTrue(n.registered && !n.active && !n.blacklisted && !n.retired && !n.benchmarked, "fresh flags");
        assertTrue(n.kind == INodeLicense.Kind.Worker, "kind from the license");
        assertEq(n.operator, aliceOperator, "operator");
        assertEq(n.ibWad, 1e18, "initial IB 1");
        assertEq(n.pricePerIbmWad, 0.05e18, "price");
        assertEq(n.registeredEpoch, 2, "registration epoch");
        assertEq(n.encryptionKey.length, 33, "compressed key");
        assertTrue(keccak256(n.encryptionKey) == keccak256(encKey), "key stored");
        assertTrue(keccak256(bytes(n.metadataURI)) == keccak256("ipfs://node"), "metadata stored");
        assertEq(registry.licenseOfOperator(aliceOperator), workerId, "operator index");
        assertEq(registry.ownerOf(workerId), alice, "owner is the license holder");
    }

    function test_register_verifierWithZeroPriceAndUncompressedKey() public {
        bytes memory key65 = abi.encodePacked(bytes1(0x04), keccak256("x"), keccak256("y"));
        vm.prank(alice);
        registry.register(verifierId, verifierOperator, key65, 0, "ipfs://v");
        INodeRegistry.Node memory n = registry.node(verifierId);
        assertTrue(n.registered && n.kind == INodeLicense.Kind.Verifier, "verifier registered");
        assertEq(n.pricePerIbmWad, 0, "verifiers are not priced");
        assertEq(n.encryptionKey.length, 65, "uncompressed key");
    }

    function test_register_revertsForNonHolder() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotLicenseOwner.selector, workerId, bob, alice));
        registry.register(workerId, bobOperator, encKey, 0.05e18, "");
    }

    function test_register_revertsWhenAlreadyRegistered() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeAlreadyRegistered.selector, workerId));
        registry.register(workerId, address(0xA2), encKey, 0.05e18, "");
    }

    function test_register_revertsWhenBlacklisted() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(timelock);
        registry.blacklist(workerId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsBlacklisted.selector, workerId));
        registry.register(workerId, address(0xA2), encKey, 0.05e18, "");
    }

    function test_register_revertsOnZeroOperator() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeInvalidOperator.selector, address(0)));
        registry.register(workerId, address(0), encKey, 0.05e18, "");
    }

    function test_register_revertsWhenOperatorIsTheOwner() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeInvalidOperator.selector, alice));
        registry.register(workerId, alice, encKey, 0.05e18, "");
    }

    function test_register_revertsWhenOperatorInUse() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeOperatorInUse.selector, aliceOperator, workerId));
        registry.register(bobWorkerId, aliceOperator, encKey, 0.05e18, "");
    }

    function testFuzz_register_revertsOnBadKeyLength(uint256 length) public {
        length = bound(length, 0, 200);
        vm.assume(length != 33 && length != 65);
        bytes memory key = new bytes(length);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeInvalidEncryptionKey.selector, length));
        registry.register(workerId, aliceOperator, key, 0.05e18, "");
    }

    function test_register_revertsOnUnpricedWorker() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(INodeRegistry.NodeInvalidPrice.selector, INodeLicense.Kind.Worker, uint256(0))
        );
        registry.register(workerId, aliceOperator, encKey, 0, "");
    }

    function testFuzz_register_revertsOnPricedVerifier(uint128 price) public {
        vm.assume(price != 0);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(INodeRegistry.NodeInvalidPrice.selector, INodeLicense.Kind.Verifier, uint256(price))
        );
        registry.register(verifierId, verifierOperator, encKey, price, "");
    }

    function test_update_changesOperatorAndProfile() public {
        registerWorker(alice, workerId, aliceOperator);
        address newOperator = address(0xA2);
        vm.prank(alice);
        registry.update(workerId, newOperator, encKey, 0.07e18, "ipfs://v2");
        INodeRegistry.Node memory n = registry.node(workerId);
        assertEq(n.operator, newOperator, "new operator");
        assertEq(n.pricePerIbmWad, 0.07e18, "new price");
        assertEq(registry.licenseOfOperator(newOperator), workerId, "new operator indexed");
        assertEq(registry.licenseOfOperator(aliceOperator), 0, "old operator no longer runs the node");
        assertEq(registry.boundLicenseOf(aliceOperator), workerId, "but stays bound to it");
        assertEq(registry.boundLicenseOf(newOperator), workerId, "the new key too");
        // A key keeps naming the node it signed for: another node cannot take it, so its signed results stay the
        // first node's (a worker cannot disown a result by rotating its key away).
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeOperatorInUse.selector, aliceOperator, workerId));
        registry.register(bobWorkerId, aliceOperator, encKey, 0.05e18, "ipfs://node");
        // Its own node may take it back.
        vm.prank(alice);
        registry.update(workerId, aliceOperator, encKey, 0.07e18, "ipfs://v3");
        assertEq(registry.licenseOfOperator(aliceOperator), workerId, "back on its node");
    }

    function test_update_revertsForNonHolder() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotLicenseOwner.selector, workerId, bob, alice));
        registry.update(workerId, aliceOperator, encKey, 0.05e18, "");
    }

    function test_update_revertsWhenNotRegistered() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotRegistered.selector, workerId));
        registry.update(workerId, aliceOperator, encKey, 0.05e18, "");
    }

    function test_update_checksKeyAndPriceWithSameOperator() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeInvalidEncryptionKey.selector, uint256(32)));
        registry.update(workerId, aliceOperator, abi.encodePacked(keccak256("k")), 0.05e18, "");
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(INodeRegistry.NodeInvalidPrice.selector, INodeLicense.Kind.Worker, uint256(0))
        );
        registry.update(workerId, aliceOperator, encKey, 0, "");
    }

    function test_update_revertsWhenNewOperatorInUse() public {
        registerWorker(alice, workerId, aliceOperator);
        registerWorker(bob, bobWorkerId, bobOperator);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeOperatorInUse.selector, bobOperator, bobWorkerId));
        registry.update(workerId, bobOperator, encKey, 0.05e18, "");
    }

    function test_setActive_byOwnerOrOperator() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(aliceOperator);
        registry.setActive(workerId, true);
        assertTrue(registry.node(workerId).active, "operator switched on");
        vm.prank(alice);
        registry.setActive(workerId, false);
        assertTrue(!registry.node(workerId).active, "owner switched off");
    }

    function test_setActive_revertsForOthers() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotOwnerOrOperator.selector, workerId, bob));
        registry.setActive(workerId, true);
    }

    function test_setActive_revertsWhenNotRegistered() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotRegistered.selector, workerId));
        registry.setActive(workerId, true);
    }

    function test_setActive_revertsWhenBlacklisted() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(timelock);
        registry.blacklist(workerId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsBlacklisted.selector, workerId));
        registry.setActive(workerId, true);
    }

    function test_setActive_revertsWhenRetired() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(retirer);
        registry.retire(workerId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsRetired.selector, workerId));
        registry.setActive(workerId, true);
    }

    // ------------------------------------------------------------------ retire

    function test_retire_clearsOperatorAndActive() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(alice);
        registry.setActive(workerId, true);
        vm.prank(retirer);
        registry.retire(workerId);
        INodeRegistry.Node memory n = registry.node(workerId);
        assertTrue(n.retired && !n.active && n.registered, "retired, inactive");
        assertEq(registry.licenseOfOperator(aliceOperator), 0, "operator freed");
        // Idempotent, and a no-op on an unregistered license.
        vm.prank(retirer);
        registry.retire(workerId);
        vm.prank(retirer);
        registry.retire(verifierId);
        assertTrue(!registry.node(verifierId).registered, "unregistered stays unregistered");
    }

    function test_retire_thenReregisterStartsAFreshNode() public {
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, 5_000); // IB 2
        vm.prank(retirer);
        registry.retire(workerId);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsRetired.selector, workerId));
        registry.update(workerId, aliceOperator, encKey, 0.05e18, "");

        _warpToEpoch(3);
        registerWorker(alice, workerId, address(0xA2));
        INodeRegistry.Node memory n = registry.node(workerId);
        assertTrue(n.registered && !n.retired && !n.benchmarked, "live again, never benchmarked");
        assertEq(n.ibWad, 1e18, "IB back to the initial value");
        assertEq(n.activeEpochs, 0, "no carried-over participation");
        assertEq(n.registeredEpoch, 3, "new registration epoch");
    }

    function test_markActive_revertsWhenRetired() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(retirer);
        registry.retire(workerId);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsRetired.selector, workerId));
        registry.markActive(workerId);
    }

    // ------------------------------------------------------------------ benchmarks and IB

    function test_postBenchmarks_ibIsReferenceOverFrameTime() public {
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, 20_000);
        assertEq(registry.node(workerId).ibWad, 0.5e18, "10,000 ms / 20,000 ms = 0.5");
        assertTrue(registry.node(workerId).benchmarked, "benchmarked");
    }

    function testFuzz_postBenchmarks_firstIsUnbounded(uint256 frameTimeMs) public {
        frameTimeMs = bound(frameTimeMs, 1, 1e12);
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, frameTimeMs);
        assertEq(registry.node(workerId).ibWad, (SCENE_REFERENCE_MS * 1e18) / frameTimeMs, "IB = T0 / T");
    }

    function test_postBenchmarks_clampsLaterUpdatesToTwice() public {
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, 10_000); // IB 1
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 1_000); // requests IB 10
        vm.expectEmit(true, true, false, true);
        emit INodeRegistry.IbUpdated(workerId, SCENE, 1_000, 10e18, 2e18, 0, manager);
        vm.prank(manager);
        registry.postBenchmarks(b);
        assertEq(registry.node(workerId).ibWad, 2e18, "applied at most 2x up");
    }

    function test_postBenchmarks_clampsLaterUpdatesToHalf() public {
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, 10_000); // IB 1
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 100_000); // requests IB 0.1
        vm.expectEmit(true, true, false, true);
        emit INodeRegistry.IbUpdated(workerId, SCENE, 100_000, 0.1e18, 0.5e18, 0, manager);
        vm.prank(manager);
        registry.postBenchmarks(b);
        assertEq(registry.node(workerId).ibWad, 0.5e18, "applied at most 2x down");
    }

    function test_postBenchmarks_firstEmitsRequestedEqualsApplied() public {
        registerWorker(alice, workerId, aliceOperator);
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 500); // IB 20, 20x the initial 1
        vm.expectEmit(true, true, false, true);
        emit INodeRegistry.IbUpdated(workerId, SCENE, 500, 20e18, 20e18, 0, manager);
        vm.prank(manager);
        registry.postBenchmarks(b);
        assertEq(registry.node(workerId).ibWad, 20e18, "first benchmark not bounded");
    }

    function testFuzz_postBenchmarks_laterWithinFactor(uint256 first, uint256 second) public {
        first = bound(first, 1, 1e9);
        second = bound(second, 1, 1e9);
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, first);
        uint256 ib = registry.node(workerId).ibWad;
        benchmark(workerId, second);
        uint256 requested = (SCENE_REFERENCE_MS * 1e18) / second;
        uint256 applied = registry.node(workerId).ibWad;
        uint256 floor = (ib + 1) / 2; // ceil(ib / 2)
        uint256 ceiling = ib * 2;
        uint256 expected = requested < floor ? floor : (requested > ceiling ? ceiling : requested);
        assertEq(applied, expected, "clamped to [ib/2, 2ib]");
    }

    /// @dev One call of `count` entries for one node, each at `frameTimeMs`.
    function _postRepeated(uint256 id, uint256 frameTimeMs, uint256 count) internal {
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](count);
        for (uint256 i; i < count; ++i) {
            b[i] = INodeRegistry.Benchmark(id, SCENE, frameTimeMs);
        }
        vm.prank(manager);
        registry.postBenchmarks(b);
    }

    function test_postBenchmarks_tenEntriesForOneNodeMoveItsIbOnce() public {
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, 10_000); // IB 1, epoch 0
        _warpToEpoch(1);
        _postRepeated(workerId, 10, 10); // each entry requests IB 1,000
        assertEq(registry.node(workerId).ibWad, 2e18, "ten entries: at most 2x the IB at the epoch's start, not 2^10");
        assertEq(registry.totalWorkerIbWad(), 2e18, "the apparent capacity follows");
        _postRepeated(workerId, 10_000_000, 10); // each entry requests IB 0.001
        assertEq(registry.node(workerId).ibWad, 0.5e18, "and at most 2x down from the same anchor");
    }

    function test_postBenchmarks_twoCallsInOneEpochDoNotCompound() public {
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, 10_000); // IB 1, epoch 0
        _warpToEpoch(1);
        benchmark(workerId, 1_000); // requests IB 10
        assertEq(registry.node(workerId).ibWad, 2e18, "first call: 2x");
        benchmark(workerId, 1_000);
        assertEq(registry.node(workerId).ibWad, 2e18, "second call in the epoch: still 2x the epoch's start, not 4x");
        // A second benchmark manager is held to the same bound.
        address otherManager = address(0x3A6B);
        bytes32 role = registry.BENCHMARK_ROLE();
        vm.prank(timelock);
        registry.grantRole(role, otherManager);
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 1_000);
        vm.prank(otherManager);
        registry.postBenchmarks(b);
        assertEq(registry.node(workerId).ibWad, 2e18, "another manager: still 2x");
        _warpToEpoch(2);
        benchmark(workerId, 1_000);
        assertEq(registry.node(workerId).ibWad, 4e18, "the next epoch moves from the IB the last one ended with");
    }

    function test_postBenchmarks_firstBenchmarkAnchorsItsEpoch() public {
        registerWorker(alice, workerId, aliceOperator);
        _warpToEpoch(1);
        benchmark(workerId, 20_000); // first: IB 0.5, unbounded
        _postRepeated(workerId, 10, 5);
        assertEq(registry.node(workerId).ibWad, 1e18, "later entries in the epoch: 2x the first benchmark");
    }

    function testFuzz_postBenchmarks_epochBoundHoldsOverManyPosts(uint256 seed, uint8 posts) public {
        posts = uint8(bound(posts, 1, 12));
        registerWorker(alice, workerId, aliceOperator);
        benchmark(workerId, 10_000); // IB 1, epoch 0
        _warpToEpoch(1);
        for (uint256 i; i < posts; ++i) {
            uint256 frameTimeMs = bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e9);
            _postRepeated(workerId, frameTimeMs, 1 + (i % 3));
            uint256 ib = registry.node(workerId).ibWad;
            assertTrue(ib >= 0.5e18 && ib <= 2e18, "within [IB at epoch start / 2, 2 x IB at epoch start]");
        }
    }

    function test_postBenchmarks_batchOfManyNodes() public {
        // Ten nodes of three holders in one call, at ten different frame times.
        uint256 count = 10;
        uint256[] memory ids = new uint256[](count);
        ids[0] = workerId;
        ids[1] = bobWorkerId;
        registerWorker(alice, workerId, aliceOperator);
        registerWorker(bob, bobWorkerId, bobOperator);
        for (uint256 i = 2; i < count; ++i) {
            address holder = address(uint160(0xC000 + i));
            ids[i] = buyWithUsd(holder, INodeLicense.Kind.Verifier);
            vm.prank(holder);
            registry.register(ids[i], address(uint160(0xD000 + i)), encKey, 0, "");
        }
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](count);
        for (uint256 i; i < count; ++i) {
            b[i] = INodeRegistry.Benchmark(ids[i], SCENE, 1_000 * (i + 1));
        }
        vm.prank(manager);
        registry.postBenchmarks(b);
        for (uint256 i; i < count; ++i) {
            INodeRegistry.Node memory n = registry.node(ids[i]);
            assertEq(n.ibWad, (SCENE_REFERENCE_MS * 1e18) / (1_000 * (i + 1)), "each node's IB");
            assertEq(n.activeEpochs, 1, "each node participated");
        }
    }

    function test_postBenchmarks_mixedScenes() public {
        bytes32 other = keccak256("scene:other");
        vm.prank(timelock);
        params.setReferenceTime(other, 40_000);
        registerWorker(alice, workerId, aliceOperator);
        registerWorker(bob, bobWorkerId, bobOperator);
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](2);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 20_000);
        b[1] = INodeRegistry.Benchmark(bobWorkerId, other, 20_000);
        vm.prank(manager);
        registry.postBenchmarks(b);
        assertEq(registry.node(workerId).ibWad, 0.5e18, "scene one: 10 s / 20 s");
        assertEq(registry.node(bobWorkerId).ibWad, 2e18, "scene two: 40 s / 20 s");
    }

    function test_postBenchmarks_revertsOnZeroFrameTime() public {
        registerWorker(alice, workerId, aliceOperator);
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 0);
        vm.prank(manager);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeInvalidFrameTime.selector, workerId, uint256(0)));
        registry.postBenchmarks(b);
    }

    function test_postBenchmarks_revertsWhenNotRegistered() public {
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 10_000);
        vm.prank(manager);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotRegistered.selector, workerId));
        registry.postBenchmarks(b);
    }

    function test_postBenchmarks_revertsWhenBlacklisted() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(timelock);
        registry.blacklist(workerId);
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 10_000);
        vm.prank(manager);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsBlacklisted.selector, workerId));
        registry.postBenchmarks(b);
    }

    function test_postBenchmarks_revertsWhenRetired() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(retirer);
        registry.retire(workerId);
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 10_000);
        vm.prank(manager);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsRetired.selector, workerId));
        registry.postBenchmarks(b);
    }

    // ------------------------------------------------------------------ participation

    function test_postBenchmarks_countsAsParticipation() public {
        registerWorker(alice, workerId, aliceOperator);
        _warpToEpoch(1);
        benchmark(workerId, 10_000);
        benchmark(workerId, 10_000); // a second one in the same epoch counts once
        INodeRegistry.Node memory n = registry.node(workerId);
        assertEq(n.activeEpochs, 1, "one active epoch");
        assertEq(n.lastActiveEpoch, 1, "in epoch 1");
        _warpToEpoch(2);
        assertEq(registry.participationBps(workerId), 5_000, "active in 1 of 2 completed epochs");
    }

    function test_participationBps_countsCompletedEpochsOnly() public {
        registerWorker(alice, workerId, aliceOperator); // epoch 0
        vm.prank(market);
        registry.markActive(workerId);
        assertEq(registry.participationBps(workerId), 0, "no completed epoch yet");

        _warpToEpoch(1);
        assertEq(registry.participationBps(workerId), 10_000, "1 of 1");
        vm.prank(market);
        registry.markActive(workerId);
        assertEq(registry.participationBps(workerId), 10_000, "the current epoch's activity is not counted yet");
        vm.prank(market);
        registry.markActive(workerId); // twice in one epoch counts once
        assertEq(registry.node(workerId).activeEpochs, 2, "two active epochs");

        _warpToEpoch(2);
        assertEq(registry.participationBps(workerId), 10_000, "2 of 2");
        _warpToEpoch(4);
        assertEq(registry.participationBps(workerId), 5_000, "2 of 4");
        vm.prank(market);
        registry.markActive(workerId);
        assertEq(registry.participationBps(workerId), 5_000, "still 2 of 4 during epoch 4");
        _warpToEpoch(5);
        assertEq(registry.participationBps(workerId), 6_000, "3 of 5");
        _warpToEpoch(7);
        assertEq(registry.participationBps(workerId), 4_285, "3 of 7, rounded down");
    }

    function test_participationBps_zeroWhenUnregistered() public {
        _warpToEpoch(5);
        assertEq(registry.participationBps(workerId), 0, "unregistered");
    }

    function test_participationBps_fromRegistrationEpoch() public {
        _warpToEpoch(10);
        registerWorker(alice, workerId, aliceOperator);
        _warpToEpoch(12);
        vm.prank(market);
        registry.markActive(workerId);
        _warpToEpoch(14);
        assertEq(registry.participationBps(workerId), 2_500, "1 of the 4 epochs since registration");
    }

    function test_markActive_revertsWhenNotRegistered() public {
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotRegistered.selector, workerId));
        registry.markActive(workerId);
    }

    // ------------------------------------------------------------------ rejections and blacklist

    function test_recordRejection_threeInOneEpochBlacklist() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(alice);
        registry.setActive(workerId, true);
        _reject(workerId);
        _reject(workerId);
        assertTrue(!registry.node(workerId).blacklisted, "two are tolerated");
        vm.expectEmit(true, false, false, true);
        emit INodeRegistry.NodeBlacklisted(workerId, false);
        _reject(workerId);
        INodeRegistry.Node memory n = registry.node(workerId);
        assertTrue(n.blacklisted && !n.active, "blacklisted and switched off");
        assertEq(n.rejectionsInEpoch, 3, "three counted");
        // Forever: later epochs do not lift it, and further rejections are still recorded.
        _warpToEpoch(9);
        _reject(workerId);
        assertTrue(registry.node(workerId).blacklisted, "still blacklisted");
    }

    function test_recordRejection_countResetsEachEpoch() public {
        registerWorker(alice, workerId, aliceOperator);
        _warpToEpoch(1);
        _reject(workerId);
        _reject(workerId);
        _warpToEpoch(2);
        _reject(workerId);
        INodeRegistry.Node memory n = registry.node(workerId);
        assertTrue(!n.blacklisted, "two plus one across epochs do not blacklist");
        assertEq(n.rejectionsInEpoch, 1, "count restarted");
        assertEq(n.rejectionEpoch, 2, "in epoch 2");
        _reject(workerId);
        _reject(workerId);
        assertTrue(registry.node(workerId).blacklisted, "three in epoch 2 do");
    }

    function test_recordRejection_revertsWhenNotRegistered() public {
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotRegistered.selector, workerId));
        registry.recordRejection(workerId);
    }

    function test_blacklist_byDao() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(alice);
        registry.setActive(workerId, true);
        vm.expectEmit(true, false, false, true);
        emit INodeRegistry.NodeBlacklisted(workerId, true);
        vm.prank(timelock);
        registry.blacklist(workerId);
        INodeRegistry.Node memory n = registry.node(workerId);
        assertTrue(n.blacklisted && !n.active, "blacklisted by vote");
    }

    function test_blacklist_revertsTwice() public {
        registerWorker(alice, workerId, aliceOperator);
        vm.prank(timelock);
        registry.blacklist(workerId);
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeIsBlacklisted.selector, workerId));
        registry.blacklist(workerId);
    }

    function test_blacklist_revertsWhenNotRegistered() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NodeNotRegistered.selector, workerId));
        registry.blacklist(workerId);
    }

    // ------------------------------------------------------------------ roles

    function test_postBenchmarks_onlyBenchmarkRole() public {
        registerWorker(alice, workerId, aliceOperator);
        bytes32 role = registry.BENCHMARK_ROLE();
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](1);
        b[0] = INodeRegistry.Benchmark(workerId, SCENE, 10_000);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, role));
        registry.postBenchmarks(b);
    }

    function test_markActive_onlyReporterRole() public {
        registerWorker(alice, workerId, aliceOperator);
        bytes32 role = registry.REPORTER_ROLE();
        vm.prank(manager);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, manager, role));
        registry.markActive(workerId);
    }

    function test_recordRejection_onlyReporterRole() public {
        registerWorker(alice, workerId, aliceOperator);
        bytes32 role = registry.REPORTER_ROLE();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, role));
        registry.recordRejection(workerId);
    }

    function test_blacklist_onlyAdmin() public {
        registerWorker(alice, workerId, aliceOperator);
        bytes32 role = registry.DEFAULT_ADMIN_ROLE();
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, market, role));
        registry.blacklist(workerId);
    }

    function test_retire_onlyBuybackRole() public {
        registerWorker(alice, workerId, aliceOperator);
        bytes32 role = registry.BUYBACK_ROLE();
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, timelock, role));
        registry.retire(workerId);
    }

    // ------------------------------------------------------------------ live sets for committees and IBME

    function test_verifierSet_followsServiceLife() public {
        assertEq(registry.verifierCount(), 0, "none before registration");
        vm.prank(alice);
        registry.register(verifierId, aliceOperator, encKey, 0, "");
        assertEq(registry.verifierCount(), 1, "registered verifier drawable");
        assertEq(registry.verifierAt(0), verifierId, "by license id");
        registerWorker(bob, bobWorkerId, bobOperator);
        assertEq(registry.verifierCount(), 1, "workers are not drawn");
        vm.prank(timelock);
        registry.blacklist(verifierId);
        assertEq(registry.verifierCount(), 0, "a blacklisted verifier leaves the set");
    }

    function test_totalWorkerIb_tracksRegistrationBenchmarkAndExit() public {
        registerWorker(alice, workerId, aliceOperator);
        registerWorker(bob, bobWorkerId, bobOperator);
        assertEq(registry.totalWorkerIbWad(), 2e18, "two new workers at 1 IB");
        benchmark(workerId, 20_000); // 0.5 IB
        assertEq(registry.totalWorkerIbWad(), 1.5e18, "benchmark moves the sum");
        vm.prank(retirer);
        registry.retire(workerId);
        assertEq(registry.totalWorkerIbWad(), 1e18, "a retired worker leaves the sum");
        vm.prank(timelock);
        registry.blacklist(bobWorkerId);
        assertEq(registry.totalWorkerIbWad(), 0, "so does a blacklisted one");
        vm.prank(retirer);
        registry.retire(bobWorkerId);
        assertEq(registry.totalWorkerIbWad(), 0, "never counted out twice");
    }
}
