// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IEcosystemFund} from "../interfaces/IEcosystemFund.sol";
import {IIFXToken} from "../interfaces/IIFXToken.sol";
import {ITokenGenerationEvent} from "../interfaces/ITokenGenerationEvent.sol";

/// @title EcosystemFund
/// @notice Holds the ecosystem half of the supply as a right to mint, released by the schedule of `IEcosystemFund`.
contract EcosystemFund is AccessControl, IEcosystemFund {
    bytes32 public constant EPOCH_MINTER_ROLE = keccak256("EPOCH_MINTER_ROLE");
    bytes32 public constant BUYBACK_ROLE = keccak256("BUYBACK_ROLE");

    /// @inheritdoc IEcosystemFund
    uint256 public constant ALLOCATION = 500_000_000e18;
    /// @inheritdoc IEcosystemFund
    uint256 public constant BUYBACK_FUND = 10_000_000e18;
    /// @inheritdoc IEcosystemFund
    uint256 public constant RELEASE_DURATION = 4 * 365 days;

    uint8 internal constant _CHANNEL_EPOCH = 0;
    uint8 internal constant _CHANNEL_BUYBACK = 1;
    uint8 internal constant _CHANNEL_GRANT = 2;

    IIFXToken public immutable token;
    ITokenGenerationEvent public immutable tge;

    /// @inheritdoc IEcosystemFund
    uint256 public releasedScheduled;
    /// @inheritdoc IEcosystemFund
    uint256 public releasedBuyback;

    /// @param admin Temporary admin during deployment; the deploy module hands it to the timelock and renounces.
    constructor(IIFXToken token_, ITokenGenerationEvent tge_, address admin) {
        token = token_;
        tge = tge_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IEcosystemFund
    function unlocked() public view returns (uint256) {
        uint256 startedAt = tge.executedAt();
        if (startedAt == 0) return 0;
        uint256 elapsed = block.timestamp - startedAt;
        uint256 scheduled = ALLOCATION - BUYBACK_FUND;
        if (elapsed >= RELEASE_DURATION) return scheduled;
        return (scheduled * elapsed) / RELEASE_DURATION;
    }

    /// @inheritdoc IEcosystemFund
    function releaseEpochRewards(address to, uint256 maxAmount, bytes32 memo)
        external
        onlyRole(EPOCH_MINTER_ROLE)
        returns (uint256 released)
    {
        _checkRelease(to, maxAmount);
        uint256 room = unlocked() - releasedScheduled;
        released = maxAmount < room ? maxAmount : room;
        if (released == 0) return 0;
        releasedScheduled += released;
        token.mint(to, released);
        emit Released(_CHANNEL_EPOCH, to, released, memo);
    }

    /// @inheritdoc IEcosystemFund
    function grant(address to, uint256 amount, bytes32 memo) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _releaseScheduled(_CHANNEL_GRANT, to, amount, memo);
    }

    /// @inheritdoc IEcosystemFund
    function releaseBuyback(address to, uint256 amount, bytes32 memo) external onlyRole(BUYBACK_ROLE) {
        _checkRelease(to, amount);
        if (releasedBuyback + amount > BUYBACK_FUND) {
            revert EcosystemExceedsBuybackFund(BUYBACK_FUND, releasedBuyback, amount);
        }
        releasedBuyback += amount;
        token.mint(to, amount);
        emit Released(_CHANNEL_BUYBACK, to, amount, memo);
    }

    function _releaseScheduled(uint8 channel, address to, uint256 amount, bytes32 memo) internal {
        _checkRelease(to, amount);
        uint256 unlockedNow = unlocked();
        if (releasedScheduled + amount > unlockedNow) {
            revert EcosystemExceedsUnlocked(unlockedNow, releasedScheduled, amount);
        }
        releasedScheduled += amount;
        token.mint(to, amount);
        emit Released(channel, to, amount, memo);
    }

    function _checkRelease(address to, uint256 amount) internal view {
        if (tge.executedAt() == 0) revert EcosystemTgeNotExecuted();
        if (to == address(0) || amount == 0) revert EcosystemInvalidRelease(to, amount);
    }
}
