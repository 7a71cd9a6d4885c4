// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {ParamKeys} from "./ParamKeys.sol";

/// @title ParameterRegistry
/// @notice The one home of every governed number (DESIGN "Contracts: principles"), owned by the timelock.
/// @dev Defaults and bounds, with their WP sources:
///      - epoch length 72 h (WP §VI-D), bounds 1 h .. 30 days;
///      - E_p (WP eq. 18) 1 IFX per IBM, bounds 0 .. 1,000 IFX: the WP leaves E_p to the emission plan that the DAO
///        tunes by IBME (WP §VI-E2); 1 IFX per IBM is a starting point, 0 halts emission;
///      - stake multiplier 2x (WP eq. 21), bounds 1x .. 10x. The WP's own $72 example computes
///        0.5 IB x $2/h x 4320 min / 60 and so omits the factor 2; eq. 21 is taken as normative and the factor is
///        governed;
///      - emission split workers 75% / verifiers 15% / managers 2.5% of each epoch's emission (WP §VI-I: workers 75% of
///        the ecosystem fund, verifiers 7.5% and managers 1.25% of total supply = 15% and 2.5% of the 50% fund); the
///        remaining 7.5% goes to the ecosystem/DAO;
///      - committee k = 3, threshold 2 (WP §III-F3: two agreeing verdicts), threshold a strict majority of k, so two
///        disjoint quorums can never sign conflicting settlements;
///      - burn share 80%, foundation 20% (WP §VI-D), burn share bounds 50% .. 100%;
///      - slash 10% of stake per rejected task, bounds 0 .. 50%; unbonding 21 days, bounds 1 .. 90 days, always longer
///        than a job (at most 7 days, bounds 1 hour .. 30 days), its dispute window and a dispute's resolution (11
///        days, bounds 1 .. 30 days) together, so a stake that backed a task stays slashable whatever its owner does;
///      - a dispute is judged by a fresh panel of 3 verifiers (bounds 1 .. 21) that votes within 2 days (bounds 1 hour
///        .. 14 days); its ruling can be appealed to the DAO within 1 day (bounds 1 hour .. 7 days). Panel and appeal
///        always end before the resolution time does: at the defaults the DAO keeps 8 days after the latest appeal,
///        the length of one vote at its default settings (1 + 5 + 2 days);
///      - T_G^0 per sample scene (WP eq. 19), 1 ms .. 1 day per frame, at most 32 scenes;
///      - license caps (WP §VI-H, §VI-I): workers 1,000,000, verifiers 25,000, managers 2,500; whitelist discount 20%;
///      - IB (WP eq. 19): a new node starts at 1 IB (a standard unit node, so its S(n) is not understated before its
///        first benchmark); one update moves IB by at most 2x either way;
///      - blacklist after 3 rejections in one epoch (WP §VI-I4); TWAP window of the price oracles 30 minutes;
///      - dispute window after a job's settlement 2 days (WP §I-A step 7), bounds 1 hour .. 14 days; a dispute's bond
///        5 ifxDollar (returned when upheld or when nobody rules in time), bounds 0 .. 10,000;
///      - cancelling a job once its committee can be computed (its seed block is mined) costs 5% of the escrow, bounds
///        0 .. 20%: the artist cannot redraw a committee it dislikes for free;
///      - buy-and-burn (WP §VI-D): at most 1% below the TWAP per batch (bounds 0.1% .. 10%), a batch once $100 has
///        accrued or a day has passed since the last one.
contract ParameterRegistry is Ownable, IParameterRegistry {
    using EnumerableSet for EnumerableSet.Bytes32Set;

    struct Parameter {
        uint256 value;
        uint256 min;
        uint256 max;
        bool defined;
    }

    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _MAX_SCENES = 32;
    uint256 internal constant _MIN_REFERENCE_MS = 1;
    uint256 internal constant _MAX_REFERENCE_MS = 86_400_000;

    mapping(bytes32 key => Parameter) internal _params;
    bytes32[] internal _keys;
    mapping(bytes32 sceneId => uint256 timeMs) internal _referenceTimeMs;
    EnumerableSet.Bytes32Set internal _scenes;

    /// @param timelock The DAO timelock, owner from the first block.
    constructor(address timelock) Ownable(timelock) {
        _define("epochLengthSeconds", 72 hours, 1 hours, 30 days);
        _define("emissionRatePerIbm", 1e18, 0, 1_000e18);
        _define("stakeMultiplierBps", 20_000, 10_000, 100_000);
        _define("workerShareBps", 7_500, 0, _BPS);
        _define("verifierShareBps", 1_500, 0, _BPS);
        _define("managerShareBps", 250, 0, _BPS);
        _define("committeeSize", 3, 2, 21);
        _define("committeeThreshold", 2, 2, 21);
        _define("burnShareBps", 8_000, 5_000, _BPS);
        _define("slashBps", 1_000, 0, 5_000);
        _define("unbondingPeriodSeconds", 21 days, 1 days, 90 days);
        _define("licenseCapWorker", 1_000_000, 0, 10_000_000);
        _define("licenseCapVerifier", 25_000, 0, 100_000);
        _define("licenseCapManager", 2_500, 0, 10_000);
        _define("whitelistDiscountBps", 2_000, 0, 5_000);
        _define("maxIbChangeBps", 20_000, 10_001, 100_000);
        _define("initialIbWad", 1e18, 1e15, 100e18);
        _define("blacklistRejections", 3, 1, 100);
        _define("twapWindowSeconds", 30 minutes, 5 minutes, 1 days);
        _define("disputeWindowSeconds", 2 days, 1 hours, 14 days);
        _define("burnMaxSlippageBps", 100, 10, 1_000);
        _define("burnMinBatchUsdWad", 100e18, 1e18, 1_000_000e18);
        _define("burnIntervalSeconds", 1 days, 1 hours, 30 days);
        _define("maxJobSeconds", 7 days, 1 hours, 30 days);
        _define("disputeResolutionSeconds", 11 days, 1 days, 30 days);
        _define("disputeBondWad", 5e18, 0, 10_000e18);
        _define("cancelFeeBps", 500, 0, 2_000);
        _define("disputePanelSize", 3, 1, 21);
        _define("disputePanelSeconds", 2 days, 1 hours, 14 days);
        _define("disputeAppealSeconds", 1 days, 1 hours, 7 days);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IParameterRegistry
    function set(bytes32 key, uint256 value) external onlyOwner {
        _set(key, value);
        _checkCrossRules();
    }

    /// @inheritdoc IParameterRegistry
    function setMany(bytes32[] calldata keys, uint256[] calldata values) external onlyOwner {
        if (keys.length != values.length) revert ParamsLengthMismatch(keys.length, values.length);
        for (uint256 i; i < keys.length; ++i) {
            _set(keys[i], values[i]);
        }
        _checkCrossRules();
    }

    /// @inheritdoc IParameterRegistry
    function defineParameter(string calldata name, uint256 value, uint256 min, uint256 max) external onlyOwner {
        _define(name, value, min, max);
    }

    /// @inheritdoc IParameterRegistry
    function setReferenceTime(bytes32 sceneId, uint256 timeMs) external onlyOwner {
        if (timeMs < _MIN_REFERENCE_MS || timeMs > _MAX_REFERENCE_MS) {
            revert ParamsOutOfBounds(sceneId, timeMs, _MIN_REFERENCE_MS, _MAX_REFERENCE_MS);
        }
        if (_scenes.add(sceneId) && _scenes.length() > _MAX_SCENES) revert ParamsTooManyScenes(_MAX_SCENES);
        uint256 old = _referenceTimeMs[sceneId];
        _referenceTimeMs[sceneId] = timeMs;
        emit ReferenceTimeSet(sceneId, old, timeMs);
    }

    /// @inheritdoc IParameterRegistry
    function removeScene(bytes32 sceneId) external onlyOwner {
        if (!_scenes.remove(sceneId)) revert ParamsUnknownScene(sceneId);
        delete _referenceTimeMs[sceneId];
        emit SceneRemoved(sceneId);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IParameterRegistry
    function get(bytes32 key) public view returns (uint256) {
        Parameter storage p = _params[key];
        if (!p.defined) revert ParamsUnknownParameter(key);
        return p.value;
    }

    /// @inheritdoc IParameterRegistry
    function bounds(bytes32 key) external view returns (uint256 min, uint256 max) {
        Parameter storage p = _params[key];
        if (!p.defined) revert ParamsUnknownParameter(key);
        return (p.min, p.max);
    }

    /// @inheritdoc IParameterRegistry
    function parameterKeys() external view returns (bytes32[] memory) {
        return _keys;
    }

    /// @inheritdoc IParameterRegistry
    function referenceTimeMs(bytes32 sceneId) external view returns (uint256) {
        if (!_scenes.contains(sceneId)) revert ParamsUnknownScene(sceneId);
        return _referenceTimeMs[sceneId];
    }

    /// @inheritdoc IParameterRegistry
    function sceneIds() external view returns (bytes32[] memory) {
        return _scenes.values();
    }

    /// @inheritdoc IParameterRegistry
    function epochLengthSeconds() external view returns (uint256) {
        return _params[ParamKeys.EPOCH_LENGTH_SECONDS].value;
    }

    /// @inheritdoc IParameterRegistry
    function emissionRatePerIbm() external view returns (uint256) {
        return _params[ParamKeys.EMISSION_RATE_PER_IBM].value;
    }

    /// @inheritdoc IParameterRegistry
    function stakeMultiplierBps() external view returns (uint256) {
        return _params[ParamKeys.STAKE_MULTIPLIER_BPS].value;
    }

    /// @inheritdoc IParameterRegistry
    function emissionSplitBps() external view returns (uint256 workersBps, uint256 verifiersBps, uint256 managersBps) {
        return (
            _params[ParamKeys.WORKER_SHARE_BPS].value,
            _params[ParamKeys.VERIFIER_SHARE_BPS].value,
            _params[ParamKeys.MANAGER_SHARE_BPS].value
        );
    }

    /// @inheritdoc IParameterRegistry
    function committee() external view returns (uint256 size, uint256 threshold) {
        return (_params[ParamKeys.COMMITTEE_SIZE].value, _params[ParamKeys.COMMITTEE_THRESHOLD].value);
    }

    /// @inheritdoc IParameterRegistry
    function burnShareBps() external view returns (uint256) {
        return _params[ParamKeys.BURN_SHARE_BPS].value;
    }

    /// @inheritdoc IParameterRegistry
    function slashBps() external view returns (uint256) {
        return _params[ParamKeys.SLASH_BPS].value;
    }

    /// @inheritdoc IParameterRegistry
    function unbondingPeriodSeconds() external view returns (uint256) {
        return _params[ParamKeys.UNBONDING_PERIOD_SECONDS].value;
    }

    // ------------------------------------------------------------------ internals

    function _define(string memory name, uint256 value, uint256 min, uint256 max) internal {
        bytes32 key = keccak256(bytes(name));
        if (_params[key].defined) revert ParamsAlreadyDefined(key);
        if (min > max || value < min || value > max) revert ParamsInvalidBounds(key, min, max, value);
        _params[key] = Parameter({value: value, min: min, max: max, defined: true});
        _keys.push(key);
        emit ParameterDefined(key, name, value, min, max);
    }

    function _set(bytes32 key, uint256 value) internal {
        Parameter storage p = _params[key];
        if (!p.defined) revert ParamsUnknownParameter(key);
        if (value < p.min || value > p.max) revert ParamsOutOfBounds(key, value, p.min, p.max);
        uint256 old = p.value;
        p.value = value;
        emit ParameterChanged(key, old, value);
    }

    /// @dev Rules that tie parameters together, checked after every change so that `setMany` can move several
    ///      parameters through states that would be invalid one at a time.
    function _checkCrossRules() internal view {
        uint256 splitBps = _params[ParamKeys.WORKER_SHARE_BPS].value + _params[ParamKeys.VERIFIER_SHARE_BPS].value
            + _params[ParamKeys.MANAGER_SHARE_BPS].value;
        if (splitBps > _BPS) revert ParamsEmissionSplitTooLarge(splitBps);
        uint256 size = _params[ParamKeys.COMMITTEE_SIZE].value;
        uint256 threshold = _params[ParamKeys.COMMITTEE_THRESHOLD].value;
        if (threshold > size || 2 * threshold <= size) revert ParamsThresholdInvalid(threshold, size);
        uint256 unbonding = _params[ParamKeys.UNBONDING_PERIOD_SECONDS].value;
        uint256 required = _params[ParamKeys.MAX_JOB_SECONDS].value + _params[ParamKeys.DISPUTE_WINDOW_SECONDS].value
            + _params[ParamKeys.DISPUTE_RESOLUTION_SECONDS].value;
        if (unbonding <= required) revert ParamsUnbondingTooShort(unbonding, required);
        uint256 stages = _params[ParamKeys.DISPUTE_PANEL_SECONDS].value + _params[ParamKeys.DISPUTE_APPEAL_SECONDS].value;
        uint256 resolution = _params[ParamKeys.DISPUTE_RESOLUTION_SECONDS].value;
        if (stages >= resolution) revert ParamsDisputeStagesTooLong(stages, resolution);
    }
}
