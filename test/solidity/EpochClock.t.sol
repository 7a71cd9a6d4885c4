// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {NodesFixture} from "./utils/NodesFixture.sol";
import {EpochClock} from "../../contracts/epochs/EpochClock.sol";
import {IEpochClock} from "../../contracts/interfaces/IEpochClock.sol";

/// @notice The epoch clock of the fixture, deployed at T0 with the default 72-hour epochs.
contract EpochClockTest is NodesFixture {
    bytes32 internal constant EPOCH_LENGTH = keccak256("epochLengthSeconds");
    uint256 internal constant LEN = 72 hours;

    function setUp() public {
        deployNodes();
    }

    function _setLength(uint256 seconds_) internal {
        vm.prank(timelock);
        params.set(EPOCH_LENGTH, seconds_);
    }

    function _assertBounds(uint256 startedAt, uint256 lengthSeconds, string memory what) internal view {
        (uint256 s, uint256 l) = clock.currentEpochBounds();
        assertEq(s, startedAt, what);
        assertEq(l, lengthSeconds, what);
    }

    function test_constructor_startsAtEpochZero() public {
        assertEq(clock.currentEpoch(), 0, "epoch 0 at deployment");
        _assertBounds(T0, LEN, "epoch 0 starts at deployment, 72h long");
        EpochClock atT0 = new EpochClock(params);
        vm.warp(block.timestamp + 5 days);
        EpochClock another = new EpochClock(params);
        assertEq(another.currentEpoch(), 0, "any clock starts at 0");
        assertEq(atT0.currentEpoch(), 1, "counts from its own deployment");
    }

    function test_constructor_emitsCheckpoint() public {
        vm.expectEmit(true, true, true, true);
        emit IEpochClock.EpochCheckpointed(0, block.timestamp, LEN);
        new EpochClock(params);
    }

    function test_currentEpoch_incrementsEvery72h() public {
        vm.warp(T0 + LEN - 1);
        assertEq(clock.currentEpoch(), 0, "one second before the boundary");
        vm.warp(T0 + LEN);
        assertEq(clock.currentEpoch(), 1, "at the boundary");
        vm.warp(T0 + 2 * LEN - 1);
        assertEq(clock.currentEpoch(), 1, "end of epoch 1");
        vm.warp(T0 + 10 * LEN + 5);
        assertEq(clock.currentEpoch(), 10, "ten epochs later, lazily");
    }

    function test_currentEpochBounds_tracksEpochStart() public {
        vm.warp(T0 + LEN - 1);
        _assertBounds(T0, LEN, "still epoch 0");
        vm.warp(T0 + LEN);
        _assertBounds(T0 + LEN, LEN, "epoch 1 starts at T0 + 72h");
        vm.warp(T0 + 7 * LEN + 123);
        _assertBounds(T0 + 7 * LEN, LEN, "epoch 7");
    }

    function test_checkpoint_storesCurrentEpoch() public {
        vm.warp(T0 + 3 * LEN + 1 hours);
        vm.expectEmit(true, true, true, true);
        emit IEpochClock.EpochCheckpointed(3, T0 + 3 * LEN, LEN);
        assertEq(clock.checkpoint(), 3, "returns the current epoch");
        assertEq(clock.currentEpoch(), 3, "unchanged by a checkpoint without a length change");
        _assertBounds(T0 + 3 * LEN, LEN, "bounds unchanged");
        assertEq(clock.checkpoint(), 3, "idempotent");
        vm.warp(T0 + 4 * LEN);
        assertEq(clock.currentEpoch(), 4, "keeps counting");
    }

    function test_checkpoint_picksUpLengthChangeOnlyFromCheckpoint() public {
        vm.warp(T0 + LEN + 1 hours); // epoch 1, started at T0 + 72h
        _setLength(24 hours);
        // Without a checkpoint the clock keeps the old length.
        vm.warp(T0 + 2 * LEN - 1);
        assertEq(clock.currentEpoch(), 1, "old length until checkpointed");
        _assertBounds(T0 + LEN, LEN, "old bounds until checkpointed");
        vm.warp(T0 + 2 * LEN);
        assertEq(clock.currentEpoch(), 2, "epoch 2 on the 72h schedule");
        // The checkpoint stores epoch 2 (started at T0 + 144h, 72h long); 24h applies from its end.
        vm.warp(T0 + 2 * LEN + 1 hours);
        assertEq(clock.checkpoint(), 2, "checkpointed epoch");
        _assertBounds(T0 + 2 * LEN, LEN, "the running epoch keeps its length");
        vm.warp(T0 + 3 * LEN - 1);
        assertEq(clock.currentEpoch(), 2, "end of the 72h epoch 2");
        vm.warp(T0 + 3 * LEN);
        assertEq(clock.currentEpoch(), 3, "epoch 3 at the old boundary");
        _assertBounds(T0 + 3 * LEN, 24 hours, "epoch 3 is the first 24h epoch");
        vm.warp(T0 + 3 * LEN + 4 * 24 hours);
        assertEq(clock.currentEpoch(), 7, "24h epochs from then on");
        _assertBounds(T0 + 3 * LEN + 4 * 24 hours, 24 hours, "bounds on the new schedule");
    }

    function test_checkpoint_longerLengthStartsAfterRunningEpoch() public {
        vm.warp(T0 + LEN + 10 hours); // epoch 1
        _setLength(30 days);
        assertEq(clock.checkpoint(), 1, "epoch 1");
        vm.warp(T0 + 2 * LEN - 1);
        assertEq(clock.currentEpoch(), 1, "epoch 1 still ends 72h after its start");
        vm.warp(T0 + 2 * LEN);
        assertEq(clock.currentEpoch(), 2, "epoch 2 starts on time");
        vm.warp(T0 + 2 * LEN + 30 days - 1);
        assertEq(clock.currentEpoch(), 2, "and lasts 30 days");
        vm.warp(T0 + 2 * LEN + 30 days);
        assertEq(clock.currentEpoch(), 3, "then epoch 3");
    }

    function test_checkpoint_shorterLengthNeverJumps() public {
        vm.warp(T0 + LEN + 50 hours); // epoch 1, 50h in
        _setLength(1 hours);
        assertEq(clock.checkpoint(), 1, "checkpoint returns the running epoch");
        assertEq(clock.currentEpoch(), 1, "the running epoch is not re-cut: no jump");
        _assertBounds(T0 + LEN, LEN, "epoch 1 keeps its 72h");
        vm.warp(T0 + 2 * LEN);
        assertEq(clock.currentEpoch(), 2, "next epoch, one step");
        vm.warp(T0 + 2 * LEN + 3 hours);
        assertEq(clock.currentEpoch(), 5, "then one-hour epochs");
        _assertBounds(T0 + 2 * LEN + 3 hours, 1 hours, "bounds on the 1h schedule");
    }

    function test_checkpoint_anyoneMayCall() public {
        vm.warp(T0 + 2 * LEN);
        vm.prank(bob);
        assertEq(clock.checkpoint(), 2, "permissionless");
    }

    // ------------------------------------------------------------------ epochAt

    function test_epochAt_followsTheScheduleWithoutChanges() public {
        assertEq(clock.epochAt(T0 - 1), 0, "before the clock's start: epoch 0");
        assertEq(clock.epochAt(T0), 0, "at the start");
        assertEq(clock.epochAt(T0 + LEN - 1), 0, "end of epoch 0");
        assertEq(clock.epochAt(T0 + 10 * LEN), 10, "epoch 10");
        vm.warp(T0 + 4 * LEN + 5);
        assertEq(clock.epochAt(block.timestamp), clock.currentEpoch(), "now is the current epoch");
    }

    /// Past timestamps keep the epoch they fell in when the DAO shortens, then lengthens, the epochs.
    function test_epochAt_pastTimestampsKeepTheirEpochAcrossLengthChanges() public {
        vm.warp(T0 + 10 * LEN + 1 hours); // epoch 10
        uint256 pastTs = T0 + 5 * LEN + 7 hours; // in epoch 5
        assertEq(clock.epochAt(pastTs), 5, "epoch 5 before any change");
        _setLength(1 hours);
        vm.expectEmit(true, true, true, true);
        emit IEpochClock.EpochLengthScheduled(11, T0 + 11 * LEN, 1 hours);
        clock.checkpoint();
        vm.warp(T0 + 11 * LEN + 100 hours); // epoch 11 + 100 = 111
        assertEq(clock.currentEpoch(), 111, "one-hour epochs since epoch 11");
        assertEq(clock.epochAt(pastTs), 5, "shortened: the past is unchanged");
        assertEq(clock.epochAt(T0 + 11 * LEN + 30 minutes), 11, "the first one-hour epoch");
        _setLength(30 days);
        clock.checkpoint();
        vm.warp(block.timestamp + 90 days);
        assertEq(clock.epochAt(pastTs), 5, "lengthened: the past is unchanged");
        assertEq(clock.epochAt(T0 + 11 * LEN + 100 hours + 30 minutes), 111, "an hourly epoch stays where it was");
        assertEq(clock.epochAt(block.timestamp), clock.currentEpoch(), "now is still the current epoch");
    }

    function test_checkpoint_secondChangeInOneEpochReplacesTheScheduledLength() public {
        vm.warp(T0 + LEN + 1 hours); // epoch 1
        _setLength(1 hours);
        clock.checkpoint();
        _setLength(24 hours);
        vm.expectEmit(true, true, true, true);
        emit IEpochClock.EpochLengthScheduled(2, T0 + 2 * LEN, 24 hours);
        clock.checkpoint();
        assertEq(clock.epochAt(T0 + 2 * LEN + 25 hours), 3, "epochs after epoch 1 are 24 h long");
        vm.warp(T0 + 2 * LEN + 25 hours);
        assertEq(clock.currentEpoch(), 3, "and the clock agrees");
    }

    // ------------------------------------------------------------------ fuzz

    /// @notice Random warps, length changes and checkpoints: `epochAt(now)` is always the current epoch, and a
    ///         timestamp once past keeps its epoch for ever.
    function testFuzz_epochAt_agreesWithTheClockAndNeverRewritesThePast(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 24);
        uint256[] memory seenAt = new uint256[](steps);
        uint256[] memory seenEpoch = new uint256[](steps);
        for (uint256 i; i < steps; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 action = r % 3;
            if (action == 0) vm.warp(block.timestamp + bound(r >> 8, 0, 40 days));
            else if (action == 1) _setLength(bound(r >> 8, 1 hours, 30 days));
            else clock.checkpoint();
            seenAt[i] = block.timestamp;
            seenEpoch[i] = clock.currentEpoch();
            assertEq(clock.epochAt(block.timestamp), seenEpoch[i], "epochAt(now) == currentEpoch()");
            for (uint256 j; j < i; ++j) {
                if (seenAt[j] < block.timestamp) assertEq(clock.epochAt(seenAt[j]), seenEpoch[j], "the past is fixed");
            }
        }
    }


    /// @notice Checkpoints at random times without a length change never shift the schedule.
    function testFuzz_checkpoint_doesNotDriftAtFixedLength(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 20);
        for (uint256 i; i < steps; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            vm.warp(block.timestamp + bound(r, 0, 10 days));
            if ((r >> 128) % 2 == 0) clock.checkpoint();
            uint256 elapsed = block.timestamp - T0;
            assertEq(clock.currentEpoch(), elapsed / LEN, "epoch = elapsed / 72h");
            _assertBounds(T0 + (elapsed / LEN) * LEN, LEN, "bounds on the 72h grid");
        }
    }

    /// @notice Random warps, governed length changes within [1h, 30d] and checkpoints: the epoch number never
    ///         decreases, a checkpoint returns the epoch current just before it, and the bounds always contain now.
    function testFuzz_currentEpoch_neverDecreases(uint256 seed, uint256 steps) public {
        steps = bound(steps, 1, 24);
        uint256 last = clock.currentEpoch();
        for (uint256 i; i < steps; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 action = r % 4;
            if (action == 0) {
                vm.warp(block.timestamp + bound(r >> 8, 0, 40 days));
            } else if (action == 1) {
                _setLength(bound(r >> 8, 1 hours, 30 days));
            } else if (action == 2) {
                uint256 current = clock.currentEpoch();
                assertEq(clock.checkpoint(), current, "checkpoint returns the current epoch");
            } else {
                vm.warp(block.timestamp + bound(r >> 8, 0, 3 hours));
            }
            uint256 epoch = clock.currentEpoch();
            assertGe(epoch, last, "epoch numbers never decrease");
            last = epoch;
            (uint256 startedAt, uint256 lengthSeconds) = clock.currentEpochBounds();
            assertLe(startedAt, block.timestamp, "current epoch started");
            assertTrue(block.timestamp < startedAt + lengthSeconds, "and has not ended");
            assertGe(lengthSeconds, 1 hours, "length within bounds");
            assertLe(lengthSeconds, 30 days, "length within bounds");
        }
    }
}
