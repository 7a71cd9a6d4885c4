// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721Enumerable} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721Enumerable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IGuaranteedBuyback} from "../interfaces/IGuaranteedBuyback.sol";
import {INodeLicense} from "../interfaces/INodeLicense.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {IPriceSource} from "../interfaces/IPriceSource.sol";
import {ITokenGenerationEvent} from "../interfaces/ITokenGenerationEvent.sol";
import {UsdMath} from "../libraries/UsdMath.sol";
import {ParamKeys} from "../params/ParamKeys.sol";

/// @title NodeLicense
/// @notice See `INodeLicense`.
contract NodeLicense is ERC721Enumerable, AccessControl, ReentrancyGuard, INodeLicense {
    using SafeERC20 for IERC20;

    uint256 internal constant _BPS = 10_000;
    /// @notice The share of an ETH payment escrowed for the buyback's option (b) (WP §VI-J2: 80%).
    uint256 public constant BUYBACK_ESCROW_BPS = 8_000;

    IERC20 public immutable stablecoin;
    uint8 internal immutable _stableDecimals;
    IPriceSource public immutable ethUsd;
    IParameterRegistry public immutable params;
    ITokenGenerationEvent public immutable tge;
    address public immutable treasury;

    IGuaranteedBuyback public buybackVault;
    bytes32 public whitelistRoot;

    mapping(Kind kind => Tier[]) internal _tiers;
    mapping(Kind kind => uint256) internal _tierIndex;
    mapping(Kind kind => uint256) internal _soldInTier;
    mapping(Kind kind => uint256) public soldOf;
    mapping(address account => uint256) public whitelistUsed;
    mapping(uint256 tokenId => License) internal _licenses;
    uint256 internal _lastTokenId;

    constructor(
        IERC20Metadata stablecoin_,
        IPriceSource ethUsd_,
        IParameterRegistry params_,
        ITokenGenerationEvent tge_,
        address treasury_,
        address admin
    ) ERC721("Inferix Node License", "IFXNODE") {
        stablecoin = stablecoin_;
        _stableDecimals = stablecoin_.decimals();
        ethUsd = ethUsd_;
        params = params_;
        tge = tge_;
        treasury = treasury_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ sale

    /// @inheritdoc INodeLicense
    function buy(Kind kind, bool payInEth) external payable nonReentrant returns (uint256 tokenId) {
        if (tge.executedAt() == 0) revert LicensePublicSaleNotOpen();
        return _sell(kind, payInEth, false);
    }

    /// @inheritdoc INodeLicense
    function buyWhitelisted(Kind kind, bool payInEth, uint256 quota, bytes32[] calldata proof)
        external
        payable
        nonReentrant
        returns (uint256 tokenId)
    {
        uint256 tgeAt = tge.executedAt();
        if (tgeAt != 0) revert LicenseWhitelistClosed(tgeAt);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(msg.sender, quota))));
        if (!MerkleProof.verifyCalldata(proof, whitelistRoot, leaf)) revert LicenseInvalidWhitelistProof(msg.sender, quota);
        uint256 used = whitelistUsed[msg.sender];
        if (used >= quota) revert LicenseWhitelistQuotaUsed(msg.sender, used, quota);
        whitelistUsed[msg.sender] = used + 1;
        return _sell(kind, payInEth, true);
    }

    /// @inheritdoc INodeLicense
    function quote(Kind kind, bool whitelisted)
        external
        view
        returns (uint256 usdPriceWad, uint256 tier, uint256 stableAmount, uint256 weiAmount)
    {
        (usdPriceWad, tier) = _price(kind, whitelisted);
        stableAmount = UsdMath.toStableUp(usdPriceWad, _stableDecimals);
        // The stablecoin price stands on its own: a quote still answers while the ETH price source fails closed.
        try ethUsd.usdPriceWad() returns (uint256 ethPriceWad) {
            weiAmount = UsdMath.toTokensUp(usdPriceWad, ethPriceWad, 18);
        } catch {
            weiAmount = 0;
        }
    }

    function _price(Kind kind, bool whitelisted) internal view returns (uint256 usdPriceWad, uint256 tier) {
        tier = _tierIndex[kind];
        if (tier >= _tiers[kind].length) revert LicenseNoTierAvailable(kind, soldOf[kind]);
        usdPriceWad = _tiers[kind][tier].usdPriceWad;
        if (whitelisted) usdPriceWad -= (usdPriceWad * params.get(ParamKeys.WHITELIST_DISCOUNT_BPS)) / _BPS;
    }

    function _sell(Kind kind, bool payInEth, bool whitelisted) internal returns (uint256 tokenId) {
        uint256 sold = soldOf[kind];
        uint256 cap = params.get(_capKey(kind));
        if (sold >= cap) revert LicenseSoldOut(kind, sold, cap);
        (uint256 usdPriceWad, uint256 tier) = _price(kind, whitelisted);
        _advanceTier(kind);
        soldOf[kind] = sold + 1;
        tokenId = ++_lastTokenId;

        License memory l = License({
            kind: kind,
            tier: uint16(tier), // at most a few dozen tiers per kind
            whitelisted: whitelisted,
            purchasedAt: uint64(block.timestamp),
            payToken: payInEth ? address(0) : address(stablecoin),
            usdPriceWad: uint128(usdPriceWad), // USD prices fit in 128 bits by orders of magnitude
            amountPaid: payInEth
                ? UsdMath.toTokensUp(usdPriceWad, ethUsd.usdPriceWad(), 18)
                : UsdMath.toStableUp(usdPriceWad, _stableDecimals)
        });
        _licenses[tokenId] = l;
        uint256 escrowedWei = payInEth ? (l.amountPaid * BUYBACK_ESCROW_BPS) / _BPS : 0;
        if (payInEth && msg.value < l.amountPaid) revert LicenseInsufficientEth(msg.value, l.amountPaid);
        if (!payInEth && msg.value != 0) revert LicenseUnexpectedEth(msg.value);
        _safeMint(msg.sender, tokenId);
        _emitPurchased(tokenId, l, escrowedWei);
        _collect(tokenId, l.amountPaid, escrowedWei, payInEth);
    }

    function _emitPurchased(uint256 tokenId, License memory l, uint256 escrowedWei) internal {
        emit LicensePurchased(
            tokenId, msg.sender, l.kind, l.tier, l.usdPriceWad, l.payToken, l.amountPaid, escrowedWei, l.whitelisted
        );
    }

    /// @dev Interactions last: the stablecoin to the treasury, or the ETH split between the buyback escrow and the
    ///      treasury with any excess refunded.
    function _collect(uint256 tokenId, uint256 amountPaid, uint256 escrowedWei, bool payInEth) internal {
        if (!payInEth) {
            stablecoin.safeTransferFrom(msg.sender, treasury, amountPaid);
            return;
        }
        IGuaranteedBuyback vault = buybackVault;
        if (address(vault) == address(0)) revert LicenseVaultNotSet();
        vault.escrowEth{value: escrowedWei}(tokenId);
        _sendEth(treasury, amountPaid - escrowedWei);
        if (msg.value > amountPaid) _sendEth(msg.sender, msg.value - amountPaid);
    }

    function _advanceTier(Kind kind) internal {
        uint256 inTier = _soldInTier[kind] + 1;
        if (inTier == _tiers[kind][_tierIndex[kind]].size) {
            ++_tierIndex[kind];
            inTier = 0;
        }
        _soldInTier[kind] = inTier;
    }

    function _sendEth(address to, uint256 amount) internal {
        if (amount == 0) return;
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert LicenseEthTransferFailed(to, amount);
    }

    function _capKey(Kind kind) internal pure returns (bytes32) {
        if (kind == Kind.Worker) return ParamKeys.LICENSE_CAP_WORKER;
        if (kind == Kind.Verifier) return ParamKeys.LICENSE_CAP_VERIFIER;
        return ParamKeys.LICENSE_CAP_MANAGER;
    }

    // ------------------------------------------------------------------ admin

    /// @inheritdoc INodeLicense
    function addTier(Kind kind, uint64 size, uint192 usdPriceWad) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (size == 0 || usdPriceWad == 0) revert LicenseInvalidTier(size, usdPriceWad);
        Tier[] storage table = _tiers[kind];
        if (table.length != 0) {
            uint256 last = table[table.length - 1].usdPriceWad;
            if (usdPriceWad < last) revert LicenseTierPriceDecreasing(kind, last, usdPriceWad);
        }
        table.push(Tier(size, usdPriceWad));
        emit TierAdded(kind, table.length - 1, size, usdPriceWad);
    }

    /// @inheritdoc INodeLicense
    function setWhitelistRoot(bytes32 root) external onlyRole(DEFAULT_ADMIN_ROLE) {
        whitelistRoot = root;
        emit WhitelistRootSet(root);
    }

    /// @inheritdoc INodeLicense
    function setBuybackVault(address vault) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(buybackVault) != address(0)) revert LicenseVaultAlreadySet(address(buybackVault));
        buybackVault = IGuaranteedBuyback(vault);
        emit BuybackVaultSet(vault);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc INodeLicense
    function licenseOf(uint256 tokenId) external view returns (License memory) {
        if (_ownerOf(tokenId) == address(0)) revert LicenseUnknown(tokenId);
        return _licenses[tokenId];
    }

    /// @notice The tier table of `kind`.
    function tiers(Kind kind) external view returns (Tier[] memory) {
        return _tiers[kind];
    }

    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721Enumerable, AccessControl)
        returns (bool)
    {
        return super.supportsInterface(interfaceId);
    }
}
