// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IEcosystemFund} from "../interfaces/IEcosystemFund.sol";
import {IEpochClock} from "../interfaces/IEpochClock.sol";
import {IGuaranteedBuyback} from "../interfaces/IGuaranteedBuyback.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";
import {ITokenGenerationEvent} from "../interfaces/ITokenGenerationEvent.sol";
import {UsdMath} from "../libraries/UsdMath.sol";

/// @title GuaranteedBuyback
/// @notice See `IGuaranteedBuyback`. Also the vault of the ETH escrowed for option (b).
/// @dev Participation for the buyback is the node's active completed epochs over its completed epochs since
///      registration, but never over fewer epochs than the six months from TGE to the window: a license registered a
///      week before the window, active in one epoch, has 1 / 60 epochs, not 100%. The buyback guarantees those who ran
///      nodes through the period, not a late purchase. The epochs from TGE to the window are counted on the epoch
///      clock's history (`IEpochClock.epochAt`), as they were run: a later change of the governed epoch length changes
///      neither side of the ratio, so no vote can take a node's eligibility away after the fact.
///      Option (a) converts the license's USD price to IFX at the IFX/USD TWAP, rounded down, mints it from the
///      ecosystem fund's 10,000,000 IFX buyback reserve (which reverts when exhausted) and vests it here, linearly over
///      30 days, O(1) per license.
contract GuaranteedBuyback is ReentrancyGuard, IGuaranteedBuyback {
    using SafeERC20 for IERC20;

    uint256 internal constant _BPS = 10_000;
    /// @notice "Over 66.7%" (WP §VI-J2): participation must be strictly above this.
    uint256 public constant MIN_PARTICIPATION_BPS = 6_670;
    uint256 public constant WINDOW_OPENS_AFTER_TGE = 365 days / 2;
    uint256 public constant WINDOW_SECONDS = 7 days;
    uint256 public constant VESTING_SECONDS = 30 days;

    INodeLicense public immutable license;
    INodeRegistry public immutable registry;
    INodeStaking public immutable staking;
    IEcosystemFund public immutable ecosystemFund;
    IERC20 public immutable ifx;
    IPriceSource public immutable ifxUsd;
    ITokenGenerationEvent public immutable tge;
    /// @notice The clock the registry counts participation on.
    IEpochClock public immutable clock;
    address public immutable treasury;

    mapping(uint256 tokenId => uint256) public escrowOf;
    /// @inheritdoc IGuaranteedBuyback
    uint256 public totalEscrowed;
    mapping(uint256 tokenId => bool) public boughtBack;
    mapping(uint256 tokenId => Vesting) internal _vestings;

    constructor(
        INodeLicense license_,
        INodeRegistry registry_,
        INodeStaking staking_,
        IEcosystemFund ecosystemFund_,
        IERC20 ifx_,
        IPriceSource ifxUsd_,
        ITokenGenerationEvent tge_,
        IEpochClock clock_,
        address treasury_
    ) {
        license = license_;
        registry = registry_;
        staking = staking_;
        ecosystemFund = ecosystemFund_;
        ifx = ifx_;
        ifxUsd = ifxUsd_;
        tge = tge_;
        clock = clock_;
        treasury = treasury_;
    }

    /// @inheritdoc IGuaranteedBuyback
    function escrowEth(uint256 tokenId) external payable {
        if (msg.sender != address(license)) revert BuybackOnlyLicense(msg.sender);
        uint256 tgeAt = tge.executedAt();
        if (tgeAt != 0 && block.timestamp >= tgeAt + WINDOW_OPENS_AFTER_TGE + WINDOW_SECONDS) {
            // The only window has closed: nothing can ever be owed for this license.
            emit EscrowReleasedToTreasury(tokenId, msg.value);
            _sendEth(treasury, msg.value);
            return;
        }
        escrowOf[tokenId] += msg.value;
        totalEscrowed += msg.value;
        emit EthEscrowed(tokenId, msg.value, totalEscrowed);
    }

    /// @inheritdoc IGuaranteedBuyback
    function buyback(uint256 tokenId, Option option) external nonReentrant {
        (uint256 opensAt, uint256 closesAt) = window();
        if (block.timestamp < opensAt || block.timestamp >= closesAt) {
            revert BuybackOutsideWindow(block.timestamp, opensAt, closesAt);
        }
        if (boughtBack[tokenId]) revert BuybackAlreadyDone(tokenId);
        address holder = IERC721(address(license)).ownerOf(tokenId);
        if (msg.sender != holder) revert BuybackNotHolder(tokenId, msg.sender, holder);
        (bool eligible, uint256 participation) = eligibility(tokenId);
        if (!eligible) revert BuybackNotEligible(tokenId, participation, registry.status(tokenId).blacklisted);
        uint256 escrowed = escrowOf[tokenId];
        if (option == Option.Eth && escrowed == 0) revert BuybackNoEthPaid(tokenId);

        boughtBack[tokenId] = true;
        escrowOf[tokenId] = 0;
        totalEscrowed -= escrowed;
        uint256 usdPriceWad = license.licenseOf(tokenId).usdPriceWad;
        uint256 ifxAmount;
        if (option == Option.Ifx) {
            ifxAmount = UsdMath.toTokensDown(usdPriceWad, ifxUsd.usdPriceWad(), 18);
            // Narrowing: at most the 10,000,000 IFX fund.
            _vestings[tokenId] = Vesting(holder, uint64(block.timestamp), uint128(ifxAmount), 0);
        }
        emit BoughtBack(tokenId, holder, option, usdPriceWad, ifxAmount, option == Option.Eth ? escrowed : 0, participation);

        // Interactions: the license to the treasury, the node out of service, then the payment.
        IERC721(address(license)).transferFrom(holder, treasury, tokenId);
        registry.retire(tokenId);
        staking.exitForBuyback(tokenId, holder);
        if (option == Option.Ifx) {
            ecosystemFund.releaseBuyback(address(this), ifxAmount, bytes32(tokenId));
            if (escrowed != 0) {
                emit EscrowReleasedToTreasury(tokenId, escrowed);
                _sendEth(treasury, escrowed);
            }
        } else {
            _sendEth(holder, escrowed);
        }
    }

    /// @inheritdoc IGuaranteedBuyback
    function claimVested(uint256 tokenId) external nonReentrant returns (uint256 amount) {
        Vesting storage v = _vestings[tokenId];
        uint256 elapsed = block.timestamp - v.startedAt;
        uint256 vested = elapsed >= VESTING_SECONDS ? v.total : (uint256(v.total) * elapsed) / VESTING_SECONDS;
        amount = vested - v.released;
        if (amount == 0) revert BuybackNothingToClaim(tokenId);
        v.released = uint128(vested);
        emit VestedClaimed(tokenId, v.beneficiary, amount, vested);
        ifx.safeTransfer(v.beneficiary, amount);
    }

    /// @inheritdoc IGuaranteedBuyback
    function sweepAfterWindow() external nonReentrant {
        (, uint256 closesAt) = window();
        if (block.timestamp < closesAt) revert BuybackWindowNotClosed(block.timestamp, closesAt);
        uint256 amount = address(this).balance;
        totalEscrowed = 0;
        emit EscrowSwept(amount);
        _sendEth(treasury, amount);
    }

    /// @inheritdoc IGuaranteedBuyback
    function window() public view returns (uint256 opensAt, uint256 closesAt) {
        uint256 tgeAt = tge.executedAt();
        if (tgeAt == 0) revert BuybackTgeNotExecuted();
        opensAt = tgeAt + WINDOW_OPENS_AFTER_TGE;
        closesAt = opensAt + WINDOW_SECONDS;
    }

    /// @inheritdoc IGuaranteedBuyback
    function eligibility(uint256 tokenId) public view returns (bool eligible, uint256 participationBps) {
        INodeRegistry.NodeStatus memory n = registry.status(tokenId);
        (uint256 active, uint256 completed) = registry.participation(tokenId);
        uint256 programEpochs = programEpochCount();
        uint256 measured = completed > programEpochs ? completed : programEpochs;
        participationBps = (active * _BPS) / measured;
        eligible = !boughtBack[tokenId] && n.registered && !n.retired && !n.blacklisted
            && participationBps > MIN_PARTICIPATION_BPS;
    }

    /// @inheritdoc IGuaranteedBuyback
    function programEpochCount() public view returns (uint256) {
        uint256 tgeAt = tge.executedAt();
        if (tgeAt == 0) return 0;
        return clock.epochAt(tgeAt + WINDOW_OPENS_AFTER_TGE) - clock.epochAt(tgeAt);
    }

    /// @inheritdoc IGuaranteedBuyback
    function vestingOf(uint256 tokenId) external view returns (Vesting memory) {
        return _vestings[tokenId];
    }

    function _sendEth(address to, uint256 amount) internal {
        if (amount == 0) return;
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert BuybackEthTransferFailed(to, amount);
    }
}
