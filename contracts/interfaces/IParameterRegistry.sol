// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IParameterRegistry
/// @notice Every governed number of the protocol, owned by the DAO's timelock. Other contracts read it; none keeps its
///         own copy. Every parameter has hard bounds fixed when it is defined: governance moves a value inside its
///         bounds, never the bounds themselves.
/// @dev Keys are `keccak256(name)` of the names in `ParamKeys`. Units are part of each name.
interface IParameterRegistry {
    /// @notice No parameter is defined under `key`.
    error ParamsUnknownParameter(bytes32 key);
    /// @notice A parameter under `key` already exists; bounds are never redefined.
    error ParamsAlreadyDefined(bytes32 key);
    /// @notice `value` is outside the hard bounds of `key`.
    error ParamsOutOfBounds(bytes32 key, uint256 value, uint256 min, uint256 max);
    /// @notice The bounds given for a new parameter are inverted or its value lies outside them.
    error ParamsInvalidBounds(bytes32 key, uint256 min, uint256 max, uint256 value);
    /// @notice The emission role split (workers + verifiers + managers) exceeds 100%.
    error ParamsEmissionSplitTooLarge(uint256 sumBps);
    /// @notice The committee threshold is above the committee size or not a strict majority of it.
    error ParamsThresholdInvalid(uint256 threshold, uint256 committeeSize);
    /// @notice The unbonding period must outlast what can still slash a stake that backed a task: the longest job, its
    ///         dispute window and a dispute's resolution (`maxJobSeconds + disputeWindowSeconds +
    ///         disputeResolutionSeconds`); otherwise a worker could unstake after a bad render and be paid out first.
    error ParamsUnbondingTooShort(uint256 unbondingSeconds, uint256 requiredSeconds);
    /// @notice A dispute's panel vote and appeal window (`disputePanelSeconds + disputeAppealSeconds`) must end before
    ///         its resolution time (`disputeResolutionSeconds`), so that an appeal always leaves the DAO time to rule.
    error ParamsDisputeStagesTooLong(uint256 stagesSeconds, uint256 resolutionSeconds);
    /// @notice `setMany` got arrays of different lengths.
    error ParamsLengthMismatch(uint256 keys, uint256 values);
    /// @notice No reference time is recorded for the sample scene `sceneId`.
    error ParamsUnknownScene(bytes32 sceneId);
    /// @notice The sample scene set would exceed its maximum size.
    error ParamsTooManyScenes(uint256 max);

    /// @notice Emitted when a parameter is defined (at deployment or by governance).
    event ParameterDefined(bytes32 indexed key, string name, uint256 value, uint256 min, uint256 max);
    /// @notice Emitted after every change of a parameter's value.
    event ParameterChanged(bytes32 indexed key, uint256 oldValue, uint256 newValue);
    /// @notice Emitted after a sample scene's reference time T_G^0 (WP eq. 19) is set.
    event ReferenceTimeSet(bytes32 indexed sceneId, uint256 oldTimeMs, uint256 newTimeMs);
    /// @notice Emitted after a sample scene is removed from the benchmark set.
    event SceneRemoved(bytes32 indexed sceneId);

    /// @notice The current value of `key`; reverts for an unknown key.
    function get(bytes32 key) external view returns (uint256);
    /// @notice The hard bounds of `key`.
    function bounds(bytes32 key) external view returns (uint256 min, uint256 max);
    /// @notice Every defined key, in definition order.
    function parameterKeys() external view returns (bytes32[] memory);

    /// @notice Sets one parameter (owner only: the timelock).
    function set(bytes32 key, uint256 value) external;
    /// @notice Sets several parameters at once; cross-parameter rules are checked on the final state.
    function setMany(bytes32[] calldata keys, uint256[] calldata values) external;
    /// @notice Defines a new parameter with hard bounds (owner only). Existing parameters can never be redefined.
    function defineParameter(string calldata name, uint256 value, uint256 min, uint256 max) external;

    /// @notice Sets T_G^0 of a sample scene in milliseconds per frame (owner only), adding the scene if new.
    function setReferenceTime(bytes32 sceneId, uint256 timeMs) external;
    /// @notice Removes a sample scene from the benchmark set (owner only).
    function removeScene(bytes32 sceneId) external;
    /// @notice T_G^0 of `sceneId` in milliseconds; reverts for an unknown scene.
    function referenceTimeMs(bytes32 sceneId) external view returns (uint256);
    /// @notice The sample scenes of the IB benchmark.
    function sceneIds() external view returns (bytes32[] memory);

    /// @notice Epoch length in seconds (WP §VI-D: 72 h by default).
    function epochLengthSeconds() external view returns (uint256);
    /// @notice E_p of WP eq. 18: IFX wei minted per IBM of verified work.
    function emissionRatePerIbm() external view returns (uint256);
    /// @notice The multiplier of WP eq. 21 in basis points (20,000 = the WP's factor 2).
    function stakeMultiplierBps() external view returns (uint256);
    /// @notice The emission role split in basis points; the rest goes to the ecosystem/DAO.
    function emissionSplitBps() external view returns (uint256 workersBps, uint256 verifiersBps, uint256 managersBps);
    /// @notice The verifier committee size k and its signature threshold (WP §III-F3).
    function committee() external view returns (uint256 size, uint256 threshold);
    /// @notice The share of spent fees that buys and burns IFX, in basis points; the rest goes to the foundation.
    function burnShareBps() external view returns (uint256);
    /// @notice The share of a node's stake slashed for a rejected task, in basis points.
    function slashBps() external view returns (uint256);
    /// @notice The unbonding period of unstaked IFX, in seconds.
    function unbondingPeriodSeconds() external view returns (uint256);
}
