// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {IPenaltyPool} from "../interfaces/IPenaltyPool.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";
import {UsdMath} from "../libraries/UsdMath.sol";

/// @title NodeStaking
/// @notice See `INodeStaking`.
/// @dev S(n) in USD = multiplierBps / 10^4 x E x IB(n) x P(n), with E = epoch length in minutes (72 h -> 4320),
///      IB a WAD (1e18 = 1 IB) and P(n) USD per IBM as a WAD. Example: 0.5 IB at $0.0667 per IBM ($2 per hour at
///      0.5 IB), 2x, 4320 min: 2 x 4320 x 0.5 x 0.0667 = $288. Rounded up, then converted to IFX at the TWAP rounded
///      up: a node never counts as staked with less than its minimum.
contract NodeStaking is AccessControl, ReentrancyGuard, INodeStaking {
    using SafeERC20 for IERC20;

    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    bytes32 public constant BUYBACK_ROLE = keccak256("BUYBACK_ROLE");

    uint256 internal constant _BPS = 10_000;
    uint256 internal constant _WAD = 1e18;

    IERC20 public immutable ifx;
    INodeRegistry public immutable registry;
    IParameterRegistry public immutable params;
    IPriceSource public immutable ifxUsd;
    IPenaltyPool public immutable penaltyPool;
    IEpochClock public immutable clock;

    mapping(uint256 licenseId => uint256) public stakeOf;
    /// @dev A node's unbonding stake, all beneficiaries together, and the shares they hold of it: a slash lowers
    ///      `amount` and so every beneficiary's claim pro rata, in O(1) (Cosmos SDK's validator shares, for unbonding).
    mapping(uint256 licenseId => UnbondingPool) internal _pools;
    mapping(uint256 licenseId => mapping(address beneficiary => Claim)) internal _claims;
    struct UnbondingPool {
        uint128 amount;
        uint128 shares;
    }

    struct Claim {
        uint128 shares;
        uint64 releaseAt;
    }

    /// @inheritdoc INodeStaking
    uint256 public totalStaked;
    /// @inheritdoc INodeStaking
    uint256 public totalUnbonding;

    constructor(
        IERC20 ifx_,
        INodeRegistry registry_,
        IParameterRegistry params_,
        IPriceSource ifxUsd_,
        IPenaltyPool penaltyPool_,
        IEpochClock clock_,
        address admin
    ) {
        ifx = ifx_;
        registry = registry_;
        params = params_;
        ifxUsd = ifxUsd_;
        penaltyPool = penaltyPool_;
        clock = clock_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ owners

    /// @inheritdoc INodeStaking
    function stake(uint256 licenseId, uint256 amount) external nonReentrant {
        if (amount == 0) revert StakeZeroAmount();
        INodeRegistry.NodeStatus memory n = registry.status(licenseId);
        if (!n.registered) revert StakeNotRegistered(licenseId);
        if (n.retired) revert StakeNodeRetired(licenseId);
        uint256 staked = stakeOf[licenseId] + amount;
        stakeOf[licenseId] = staked;
        totalStaked += amount;
        emit Staked(licenseId, msg.sender, amount, staked);
        ifx.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc INodeStaking
    function requestUnstake(uint256 licenseId, uint256 amount) external {
        if (amount == 0) revert StakeZeroAmount();
        address owner = registry.ownerOf(licenseId);
        if (msg.sender != owner) revert StakeNotOwner(licenseId, msg.sender, owner);
        uint256 staked = stakeOf[licenseId];
        if (amount > staked) revert StakeExceedsStaked(licenseId, staked, amount);
        unchecked {
            // amount <= staked was checked above.
            stakeOf[licenseId] = staked - amount;
        }
        _startUnbonding(licenseId, amount, owner);
    }

    /// @inheritdoc INodeStaking
    function withdraw(uint256 licenseId, address beneficiary) external nonReentrant {
        Claim memory c = _claims[licenseId][beneficiary];
        if (c.shares == 0) revert StakeNothingUnbonding(licenseId, beneficiary);
        if (block.timestamp < c.releaseAt) {
            revert StakeUnbondingNotDue(licenseId, beneficiary, c.releaseAt, block.timestamp);
        }
        UnbondingPool memory p = _pools[licenseId];
        // The last claim takes what rounding left behind, so a pool never keeps tokens without shares.
        uint256 amount = c.shares == p.shares ? p.amount : (uint256(c.shares) * p.amount) / p.shares;
        delete _claims[licenseId][beneficiary];
        // Narrowing: amount <= p.amount and c.shares <= p.shares, both uint128.
        _pools[licenseId] = UnbondingPool(p.amount - uint128(amount), p.shares - c.shares);
        totalUnbonding -= amount;
        emit Withdrawn(licenseId, beneficiary, amount);
        ifx.safeTransfer(beneficiary, amount);
    }

    // ------------------------------------------------------------------ protocol roles

    /// @inheritdoc INodeStaking
    function slash(uint256 licenseId) external onlyRole(SLASHER_ROLE) nonReentrant returns (uint256 amount) {
        uint256 staked = stakeOf[licenseId];
        // Whoever holds the license now and whoever requested its unbonding answer together: unstaking or moving the
        // license before a slash shelters nothing while the unbonding lasts (INodeStaking).
        UnbondingPool storage p = _pools[licenseId];
        uint256 unbonding = p.amount;
        amount = ((staked + unbonding) * params.slashBps()) / _BPS;
        uint256 fromStake = Math.min(amount, staked);
        uint256 fromUnbonding = amount - fromStake; // <= unbonding: slashBps <= 50%
        stakeOf[licenseId] = staked - fromStake;
        totalStaked -= fromStake;
        p.amount = uint128(unbonding - fromUnbonding);
        totalUnbonding -= fromUnbonding;
        emit Slashed(licenseId, amount, staked - fromStake, unbonding - fromUnbonding, clock.currentEpoch());
        registry.recordRejection(licenseId);
        if (amount != 0) {
            ifx.safeTransfer(address(penaltyPool), amount);
            penaltyPool.notifySlashed(amount);
        }
    }

    /// @inheritdoc INodeStaking
    function exitForBuyback(uint256 licenseId, address beneficiary) external onlyRole(BUYBACK_ROLE) {
        uint256 staked = stakeOf[licenseId];
        if (staked == 0) return;
        stakeOf[licenseId] = 0;
        _startUnbonding(licenseId, staked, beneficiary);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc INodeStaking
    function unbondingOf(uint256 licenseId, address beneficiary) external view returns (Unbonding memory) {
        Claim memory c = _claims[licenseId][beneficiary];
        if (c.shares == 0) return Unbonding(0, 0);
        UnbondingPool memory p = _pools[licenseId];
        uint256 amount = c.shares == p.shares ? p.amount : (uint256(c.shares) * p.amount) / p.shares;
        return Unbonding(uint128(amount), c.releaseAt);
    }

    /// @inheritdoc INodeStaking
    function unbondingOfNode(uint256 licenseId) external view returns (uint256) {
        return _pools[licenseId].amount;
    }

    /// @inheritdoc INodeStaking
    function minStakeUsdWad(uint256 licenseId) public view returns (uint256) {
        INodeRegistry.NodeStatus memory n = registry.status(licenseId);
        uint256 epochMinutes = params.epochLengthSeconds() / 60;
        uint256 ibPriceWad = Math.mulDiv(n.ibWad, n.pricePerIbmWad, _WAD, Math.Rounding.Ceil);
        return Math.mulDiv(ibPriceWad * epochMinutes, params.stakeMultiplierBps(), _BPS, Math.Rounding.Ceil);
    }

    /// @inheritdoc INodeStaking
    function minStake(uint256 licenseId) public view returns (uint256) {
        uint256 usd = minStakeUsdWad(licenseId);
        if (usd == 0) return 0;
        return UsdMath.toTokensUp(usd, ifxUsd.usdPriceWad(), 18);
    }

    /// @inheritdoc INodeStaking
    function coversMinimumAt(uint256 licenseId, uint256 ifxUsdPriceWad) external view returns (bool) {
        uint256 usd = minStakeUsdWad(licenseId);
        return usd == 0 || stakeOf[licenseId] >= UsdMath.toTokensUp(usd, ifxUsdPriceWad, 18);
    }

    /// @inheritdoc INodeStaking
    function eligibility(uint256 licenseId, uint256 ibFloorWad) public view returns (Eligibility) {
        (Eligibility e,,) = _eligibility(licenseId, ibFloorWad);
        return e;
    }

    /// @inheritdoc INodeStaking
    function requireEligible(uint256 licenseId, uint256 ibFloorWad) external view {
        (Eligibility e, uint256 staked, uint256 minimum) = _eligibility(licenseId, ibFloorWad);
        if (e != Eligibility.Eligible) revert StakeNotEligible(licenseId, e, staked, minimum);
    }

    function _eligibility(uint256 licenseId, uint256 ibFloorWad)
        internal
        view
        returns (Eligibility, uint256 staked, uint256 minimum)
    {
        INodeRegistry.NodeStatus memory n = registry.status(licenseId);
        if (!n.registered) return (Eligibility.NotRegistered, 0, 0);
        if (n.retired) return (Eligibility.Retired, 0, 0);
        if (n.blacklisted) return (Eligibility.Blacklisted, 0, 0);
        if (!n.active) return (Eligibility.Inactive, 0, 0);
        if (n.ibWad == 0 || n.ibWad < ibFloorWad) return (Eligibility.IbBelowFloor, 0, 0);
        staked = stakeOf[licenseId];
        try this.minStake(licenseId) returns (uint256 m) {
            minimum = m;
        } catch {
            return (Eligibility.PriceUnavailable, staked, 0);
        }
        if (staked < minimum) return (Eligibility.StakeBelowMinimum, staked, minimum);
        return (Eligibility.Eligible, staked, minimum);
    }

    function _startUnbonding(uint256 licenseId, uint256 amount, address beneficiary) internal {
        UnbondingPool memory p = _pools[licenseId];
        // Shares at the pool's rate, rounded down (the pool's favour); the first claim sets the rate at 1:1. A pool
        // is never emptied by slashes (at most half of it a slash), so a pool with shares has tokens.
        uint256 shares = p.shares == 0 ? amount : (amount * p.shares) / p.amount;
        Claim storage c = _claims[licenseId][beneficiary];
        uint256 releaseAt = block.timestamp + params.unbondingPeriodSeconds();
        // Narrowing: IFX supply is below 2^128, and so are shares (at most the tokens ever put in at 1:1 or better).
        c.shares = uint128(c.shares + shares);
        c.releaseAt = uint64(releaseAt);
        uint256 pooled = p.amount + amount;
        _pools[licenseId] = UnbondingPool(uint128(pooled), uint128(p.shares + shares));
        totalStaked -= amount;
        totalUnbonding += amount;
        emit UnstakeRequested(licenseId, beneficiary, amount, pooled, releaseAt);
    }
}
