// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IIFXDollar} from "../interfaces/IIFXDollar.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";

/// @title IFXDollar
/// @notice Prepaid, non-transferable service credit (WP §VI-D). See `IIFXDollar`.
/// @dev Solvency: stablecoin held x creditsPerStableUnit >= credits outstanding + spent credit not yet distributed.
///      Refunds burn exactly `stableAmount x creditsPerStableUnit` credits and distribution pays only whole stablecoin
///      units of spent credit, so rounding never takes from the backing of a balance.
contract IFXDollar is AccessControl, ReentrancyGuard, IIFXDollar {
    using SafeERC20 for IERC20;

    bytes32 public constant MARKET_ROLE = keccak256("MARKET_ROLE");
    uint256 internal constant _BPS = 10_000;

    string public constant name = "Inferix Dollar";
    string public constant symbol = "ifxUSD";
    uint8 public constant decimals = 18;

    IERC20 internal immutable _stablecoin;
    /// @inheritdoc IIFXDollar
    uint256 public immutable creditsPerStableUnit;
    IParameterRegistry public immutable params;

    mapping(address account => uint256 credits) internal _balances;
    /// @inheritdoc IIFXDollar
    uint256 public totalSupply;
    /// @inheritdoc IIFXDollar
    uint256 public totalSpentCredits;
    /// @inheritdoc IIFXDollar
    uint256 public distributedStable;

    address public burnReceiver;
    address public foundation;

    /// @param admin Temporary admin during deployment; the deploy module hands it to the timelock and renounces.
    constructor(IERC20Metadata stablecoin_, IParameterRegistry params_, address admin) {
        uint8 d = stablecoin_.decimals();
        if (d > 18) revert CreditsUnsupportedDecimals(d);
        _stablecoin = stablecoin_;
        creditsPerStableUnit = 10 ** (18 - d);
        params = params_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ users

    /// @inheritdoc IIFXDollar
    function topUp(address account, uint256 stableAmount) external nonReentrant returns (uint256 credits) {
        if (account == address(0)) revert CreditsInvalidAccount(account);
        if (stableAmount == 0) revert CreditsInvalidAmount(stableAmount);
        uint256 before = _stablecoin.balanceOf(address(this));
        _stablecoin.safeTransferFrom(msg.sender, address(this), stableAmount);
        uint256 received = _stablecoin.balanceOf(address(this)) - before;
        if (received != stableAmount) revert CreditsTransferShortfall(stableAmount, received);
        credits = stableAmount * creditsPerStableUnit;
        _balances[account] += credits;
        totalSupply += credits;
        emit ToppedUp(msg.sender, account, stableAmount, credits);
    }

    /// @inheritdoc IIFXDollar
    function refund(uint256 stableAmount, address to) external nonReentrant returns (uint256 credits) {
        if (to == address(0)) revert CreditsInvalidAccount(to);
        if (stableAmount == 0) revert CreditsInvalidAmount(stableAmount);
        credits = stableAmount * creditsPerStableUnit;
        _burn(msg.sender, credits);
        _stablecoin.safeTransfer(to, stableAmount);
        emit Refunded(msg.sender, to, credits, stableAmount);
    }

    // ------------------------------------------------------------------ market

    /// @inheritdoc IIFXDollar
    function move(address from, address to, uint256 credits) external onlyRole(MARKET_ROLE) {
        if (to == address(0)) revert CreditsInvalidAccount(to);
        uint256 balance = _balances[from];
        if (balance < credits) revert CreditsInsufficientBalance(from, balance, credits);
        unchecked {
            // balance >= credits was checked above; the sum of balances is totalSupply, so `to` cannot overflow.
            _balances[from] = balance - credits;
            _balances[to] += credits;
        }
        emit CreditsMoved(from, to, credits);
    }

    /// @inheritdoc IIFXDollar
    function spend(address from, uint256 credits) external onlyRole(MARKET_ROLE) {
        if (credits == 0) revert CreditsInvalidAmount(credits);
        _burn(from, credits);
        totalSpentCredits += credits;
        emit CreditsSpent(from, credits, totalSpentCredits);
    }

    // ------------------------------------------------------------------ fee split

    /// @inheritdoc IIFXDollar
    function pendingSpentStable() public view returns (uint256) {
        return totalSpentCredits / creditsPerStableUnit - distributedStable;
    }

    /// @inheritdoc IIFXDollar
    function distributeSpent() external nonReentrant returns (uint256 burnAmount, uint256 foundationAmount) {
        address burnTo = burnReceiver;
        address foundationTo = foundation;
        if (burnTo == address(0) || foundationTo == address(0)) revert CreditsReceiverNotSet();
        uint256 amount = pendingSpentStable();
        if (amount == 0) revert CreditsNothingToDistribute();
        // The burn share rounds down and the foundation takes the remainder: every unit is paid exactly once.
        burnAmount = (amount * params.burnShareBps()) / _BPS;
        foundationAmount = amount - burnAmount;
        distributedStable += amount;
        if (burnAmount != 0) _stablecoin.safeTransfer(burnTo, burnAmount);
        if (foundationAmount != 0) _stablecoin.safeTransfer(foundationTo, foundationAmount);
        emit SpentDistributed(burnTo, burnAmount, foundationTo, foundationAmount);
    }

    /// @inheritdoc IIFXDollar
    function setReceivers(address burnReceiver_, address foundation_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (burnReceiver_ == address(0)) revert CreditsInvalidAccount(burnReceiver_);
        if (foundation_ == address(0)) revert CreditsInvalidAccount(foundation_);
        burnReceiver = burnReceiver_;
        foundation = foundation_;
        emit ReceiversSet(burnReceiver_, foundation_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IIFXDollar
    function stablecoin() external view returns (address) {
        return address(_stablecoin);
    }

    /// @inheritdoc IIFXDollar
    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    function _burn(address from, uint256 credits) internal {
        uint256 balance = _balances[from];
        if (balance < credits) revert CreditsInsufficientBalance(from, balance, credits);
        unchecked {
            // balance >= credits, and totalSupply >= every balance.
            _balances[from] = balance - credits;
            totalSupply -= credits;
        }
    }
}
