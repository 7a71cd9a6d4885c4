// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "./utils/Fixture.sol";
import {IParameterRegistry} from "../../contracts/interfaces/IParameterRegistry.sol";

contract ParameterRegistryTest is Fixture {
    bytes32 internal constant EPOCH = keccak256("epochLengthSeconds");
    bytes32 internal constant EP = keccak256("emissionRatePerIbm");
    bytes32 internal constant MULT = keccak256("stakeMultiplierBps");
    bytes32 internal constant WORKERS = keccak256("workerShareBps");
    bytes32 internal constant VERIFIERS = keccak256("verifierShareBps");
    bytes32 internal constant K = keccak256("committeeSize");
    bytes32 internal constant THRESHOLD = keccak256("committeeThreshold");
    bytes32 internal constant SCENE = keccak256("scene:room");

    function setUp() public {
        deployFoundation(bytes32(0));
    }

    function test_defaults() public view {
        assertEq(params.epochLengthSeconds(), 72 hours, "epoch 72h");
        assertEq(params.emissionRatePerIbm(), 1e18, "E_p");
        assertEq(params.stakeMultiplierBps(), 20_000, "multiplier 2x");
        (uint256 w, uint256 v, uint256 m) = params.emissionSplitBps();
        assertEq(w, 7_500, "workers");
        assertEq(v, 1_500, "verifiers");
        assertEq(m, 250, "managers");
        (uint256 k, uint256 t) = params.committee();
        assertEq(k, 3, "k");
        assertEq(t, 2, "threshold");
        assertEq(params.burnShareBps(), 8_000, "burn 80%");
        assertEq(params.slashBps(), 1_000, "slash");
        assertEq(params.unbondingPeriodSeconds(), 21 days, "unbonding");
        assertEq(params.parameterKeys().length, 30, "key count");
        assertEq(params.get(keccak256("maxJobSeconds")), 7 days, "longest job");
        assertEq(params.get(keccak256("disputeResolutionSeconds")), 11 days, "dispute resolution");
        assertEq(params.get(keccak256("disputePanelSize")), 3, "dispute panel");
        assertEq(params.get(keccak256("disputePanelSeconds")), 2 days, "panel vote");
        assertEq(params.get(keccak256("disputeAppealSeconds")), 1 days, "appeal window");
        assertEq(params.get(keccak256("disputeBondWad")), 5e18, "dispute bond");
        assertEq(params.get(keccak256("cancelFeeBps")), 500, "cancel fee");
        assertEq(params.owner(), timelock, "owned by the timelock");
    }

    function test_set_changesValue() public {
        vm.prank(timelock);
        params.set(EP, 2e18);
        assertEq(params.get(EP), 2e18, "E_p changed");
        assertEq(params.emissionRatePerIbm(), 2e18, "typed getter agrees");
    }

    function test_set_acceptsBounds() public {
        vm.startPrank(timelock);
        params.set(EPOCH, 1 hours);
        params.set(EPOCH, 30 days);
        vm.stopPrank();
        assertEq(params.epochLengthSeconds(), 30 days, "max accepted");
    }

    function test_set_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        params.set(EP, 2e18);
    }

    function test_set_revertsAboveMax() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsOutOfBounds.selector, EPOCH, 30 days + 1, 1 hours, 30 days));
        params.set(EPOCH, 30 days + 1);
    }

    function test_set_revertsBelowMin() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsOutOfBounds.selector, MULT, 9_999, 10_000, 100_000));
        params.set(MULT, 9_999);
    }

    function test_set_revertsForUnknownKey() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsUnknownParameter.selector, bytes32(uint256(1))));
        params.set(bytes32(uint256(1)), 1);
    }

    function test_get_revertsForUnknownKey() public {
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsUnknownParameter.selector, bytes32(uint256(1))));
        params.get(bytes32(uint256(1)));
    }

    function test_bounds_revertsForUnknownKey() public {
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsUnknownParameter.selector, bytes32(uint256(1))));
        params.bounds(bytes32(uint256(1)));
    }

    function test_set_revertsWhenSplitPassesWhole() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsEmissionSplitTooLarge.selector, 9_000 + 1_500 + 250));
        params.set(WORKERS, 9_000);
    }

    function test_set_revertsWhenThresholdAboveCommittee() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsThresholdInvalid.selector, 4, 3));
        params.set(THRESHOLD, 4);
    }

    function test_set_revertsWhenThresholdNotMajority() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsThresholdInvalid.selector, 2, 4));
        params.set(K, 4);
    }

    /// Regression (attack 2): unbonding (7 days) was shorter than a dispute's DAO resolution (8+ days), so a worker
    /// could unstake when a dispute opened and be paid out before the verdict. No vote can make it so again.
    function test_set_revertsWhenUnbondingWouldNotOutlastAJobAndItsDisputes() public {
        uint256 required = 7 days + 2 days + 11 days;
        vm.startPrank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(IParameterRegistry.ParamsUnbondingTooShort.selector, required, required)
        );
        params.set(keccak256("unbondingPeriodSeconds"), required);
        vm.expectRevert(
            abi.encodeWithSelector(IParameterRegistry.ParamsUnbondingTooShort.selector, 21 days, required + 2 days)
        );
        params.set(keccak256("disputeResolutionSeconds"), 13 days);
        vm.expectRevert(
            abi.encodeWithSelector(IParameterRegistry.ParamsUnbondingTooShort.selector, 21 days, 30 days + 13 days)
        );
        params.set(keccak256("maxJobSeconds"), 30 days);
        // Lengthened together in one vote, they hold.
        bytes32[] memory keys = new bytes32[](2);
        uint256[] memory values = new uint256[](2);
        (keys[0], keys[1]) = (keccak256("maxJobSeconds"), keccak256("unbondingPeriodSeconds"));
        (values[0], values[1]) = (30 days, 44 days);
        params.setMany(keys, values);
        vm.stopPrank();
        assertEq(params.unbondingPeriodSeconds(), 44 days, "unbonding moved with the job length");
    }

    /// A dispute's panel vote and appeal window always end before its resolution time: an appeal leaves the DAO time.
    function test_set_revertsWhenPanelAndAppealOutlastTheResolution() public {
        vm.startPrank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(IParameterRegistry.ParamsDisputeStagesTooLong.selector, 11 days, 11 days)
        );
        params.set(keccak256("disputePanelSeconds"), 10 days);
        vm.expectRevert(
            abi.encodeWithSelector(IParameterRegistry.ParamsDisputeStagesTooLong.selector, 3 days, 3 days)
        );
        params.set(keccak256("disputeResolutionSeconds"), 3 days);
        params.set(keccak256("disputeAppealSeconds"), 7 days); // 2 + 7 < 11
        vm.stopPrank();
        assertEq(params.get(keccak256("disputeAppealSeconds")), 7 days, "a week to appeal");
    }

    function testFuzz_setMany_keepsUnbondingLongerThanJobAndDisputes(
        uint256 unbonding,
        uint256 maxJob,
        uint256 window,
        uint256 resolution
    ) public {
        bytes32[] memory keys = new bytes32[](4);
        uint256[] memory values = new uint256[](4);
        (keys[0], keys[1], keys[2], keys[3]) = (
            keccak256("unbondingPeriodSeconds"),
            keccak256("maxJobSeconds"),
            keccak256("disputeWindowSeconds"),
            keccak256("disputeResolutionSeconds")
        );
        (values[0], values[1], values[2], values[3]) = (
            bound(unbonding, 1 days, 90 days),
            bound(maxJob, 1 hours, 30 days),
            bound(window, 1 hours, 14 days),
            bound(resolution, 1 days, 30 days)
        );
        vm.prank(timelock);
        try params.setMany(keys, values) {} catch {}
        uint256 required = params.get(keys[1]) + params.get(keys[2]) + params.get(keys[3]);
        assertGe(params.unbondingPeriodSeconds(), required + 1, "unbonding outlasts a job and its disputes");
    }

    function test_setMany_movesCoupledParameters() public {
        bytes32[] memory keys = new bytes32[](2);
        uint256[] memory values = new uint256[](2);
        (keys[0], keys[1]) = (K, THRESHOLD);
        (values[0], values[1]) = (5, 3);
        vm.prank(timelock);
        params.setMany(keys, values);
        (uint256 k, uint256 t) = params.committee();
        assertEq(k, 5, "k");
        assertEq(t, 3, "t");
    }

    function test_setMany_revertsOnLengthMismatch() public {
        bytes32[] memory keys = new bytes32[](2);
        uint256[] memory values = new uint256[](1);
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsLengthMismatch.selector, 2, 1));
        params.setMany(keys, values);
    }

    function test_defineParameter_addsNew() public {
        vm.prank(timelock);
        params.defineParameter("maxTasksPerJob", 10_000, 1, 100_000);
        assertEq(params.get(keccak256("maxTasksPerJob")), 10_000, "defined");
        (uint256 lo, uint256 hi) = params.bounds(keccak256("maxTasksPerJob"));
        assertEq(lo, 1, "min");
        assertEq(hi, 100_000, "max");
    }

    function test_defineParameter_revertsOnRedefinition() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsAlreadyDefined.selector, EPOCH));
        params.defineParameter("epochLengthSeconds", 1 hours, 0, type(uint256).max);
    }

    function test_defineParameter_revertsOnInvalidBounds() public {
        bytes32 key = keccak256("x");
        vm.startPrank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsInvalidBounds.selector, key, 5, 4, 5));
        params.defineParameter("x", 5, 5, 4);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsInvalidBounds.selector, key, 1, 4, 5));
        params.defineParameter("x", 5, 1, 4);
        vm.stopPrank();
    }

    function test_defineParameter_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        params.defineParameter("x", 1, 0, 2);
    }

    function test_referenceTime_setReadRemove() public {
        vm.startPrank(timelock);
        params.setReferenceTime(SCENE, 12_000);
        assertEq(params.referenceTimeMs(SCENE), 12_000, "set");
        params.setReferenceTime(SCENE, 11_000);
        assertEq(params.sceneIds().length, 1, "one scene");
        params.removeScene(SCENE);
        vm.stopPrank();
        assertEq(params.sceneIds().length, 0, "removed");
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsUnknownScene.selector, SCENE));
        params.referenceTimeMs(SCENE);
    }

    function test_referenceTime_revertsOutOfBounds() public {
        vm.startPrank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsOutOfBounds.selector, SCENE, 0, 1, 86_400_000));
        params.setReferenceTime(SCENE, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IParameterRegistry.ParamsOutOfBounds.selector, SCENE, 86_400_001, 1, 86_400_000)
        );
        params.setReferenceTime(SCENE, 86_400_001);
        vm.stopPrank();
    }

    function test_referenceTime_revertsForNonOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        params.setReferenceTime(SCENE, 1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        params.removeScene(SCENE);
    }

    function test_removeScene_revertsForUnknown() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsUnknownScene.selector, SCENE));
        params.removeScene(SCENE);
    }

    function test_referenceTime_revertsPastMaxScenes() public {
        vm.startPrank(timelock);
        for (uint256 i; i < 32; ++i) {
            params.setReferenceTime(bytes32(i + 1), 1_000);
        }
        vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsTooManyScenes.selector, 32));
        params.setReferenceTime(bytes32(uint256(33)), 1_000);
        vm.stopPrank();
    }

    /// Any value inside the bounds is accepted and any value outside is rejected with the bounds.
    function testFuzz_set_respectsBounds(uint256 value) public {
        vm.prank(timelock);
        if (value < 1 hours || value > 30 days) {
            vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsOutOfBounds.selector, EPOCH, value, 1 hours, 30 days));
            params.set(EPOCH, value);
        } else {
            params.set(EPOCH, value);
            assertEq(params.epochLengthSeconds(), value, "stored");
        }
    }

    /// The role split can never pass 100%.
    function testFuzz_split_neverPassesWhole(uint256 w, uint256 v) public {
        w = bound(w, 0, 10_000);
        v = bound(v, 0, 10_000);
        bytes32[] memory keys = new bytes32[](2);
        uint256[] memory values = new uint256[](2);
        (keys[0], keys[1]) = (WORKERS, VERIFIERS);
        (values[0], values[1]) = (w, v);
        vm.prank(timelock);
        if (w + v + 250 > 10_000) {
            vm.expectRevert(abi.encodeWithSelector(IParameterRegistry.ParamsEmissionSplitTooLarge.selector, w + v + 250));
        }
        params.setMany(keys, values);
        (uint256 sw, uint256 sv, uint256 sm) = params.emissionSplitBps();
        assertLe(sw + sv + sm, 10_000, "split <= 100%");
    }
}
