// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title INodeLicense
/// @notice Node licenses (WP §VI-J1, §VI-I): ERC-721 tokens of three kinds, sold in tiers whose USD price rises with
///         the order of sale, paid in the USD stablecoin or in ETH at the ETH/USD price of a price source. Before TGE
///         only whitelisted buyers may buy (Merkle proof of a per-address quota, consumed, at a discount); from TGE the
///         sale is public.
/// @dev Every license records what the Guaranteed Node Buyback needs. 80% of every ETH payment is escrowed in the
///      buyback vault for that license, the rest goes to the treasury; stablecoin payments go to the treasury.
interface INodeLicense {
    enum Kind {
        Worker,
        Verifier,
        Manager
    }

    /// @param size Licenses sold at this price before the next tier starts.
    /// @param usdPriceWad Price of one license in USD, 18 decimals.
    struct Tier {
        uint64 size;
        uint192 usdPriceWad;
    }

    /// @notice What a license recorded at purchase (all the buyback needs).
    struct License {
        Kind kind;
        uint16 tier;
        bool whitelisted;
        uint64 purchasedAt;
        address payToken;
        uint128 usdPriceWad;
        uint256 amountPaid;
    }

    error LicenseSoldOut(Kind kind, uint256 sold, uint256 cap);
    error LicenseNoTierAvailable(Kind kind, uint256 sold);
    error LicenseInvalidTier(uint256 size, uint256 usdPriceWad);
    error LicenseTierPriceDecreasing(Kind kind, uint256 lastUsdPriceWad, uint256 usdPriceWad);
    error LicenseWhitelistClosed(uint256 tgeExecutedAt);
    error LicensePublicSaleNotOpen();
    error LicenseInvalidWhitelistProof(address account, uint256 quota);
    error LicenseWhitelistQuotaUsed(address account, uint256 used, uint256 quota);
    error LicenseInsufficientEth(uint256 sent, uint256 required);
    error LicenseEthTransferFailed(address to, uint256 amount);
    error LicenseUnexpectedEth(uint256 sent);
    error LicenseUnknown(uint256 tokenId);
    error LicenseVaultAlreadySet(address vault);
    error LicenseVaultNotSet();

    event TierAdded(Kind indexed kind, uint256 index, uint256 size, uint256 usdPriceWad);
    event WhitelistRootSet(bytes32 root);
    event BuybackVaultSet(address vault);
    /// @notice Emitted after every sale, with every field the indexer and the buyback need.
    event LicensePurchased(
        uint256 indexed tokenId,
        address indexed buyer,
        Kind indexed kind,
        uint256 tier,
        uint256 usdPriceWad,
        address payToken,
        uint256 amountPaid,
        uint256 escrowedWei,
        bool whitelisted
    );

    /// @notice Buys one license in the public sale (from TGE). With `payInEth`, send at least `quote(...).weiAmount`;
    ///         the excess is refunded.
    function buy(Kind kind, bool payInEth) external payable returns (uint256 tokenId);
    /// @notice Buys one license in the whitelist phase (before TGE): `quota` licenses for `msg.sender` proven against
    ///         the whitelist root, at the whitelist discount.
    function buyWhitelisted(Kind kind, bool payInEth, uint256 quota, bytes32[] calldata proof)
        external
        payable
        returns (uint256 tokenId);

    /// @notice The next license's price for `kind`: USD, tier, and the amounts in the stablecoin and in wei (0 while the
    ///         ETH price source cannot give a price: paying in ETH would revert then).
    function quote(Kind kind, bool whitelisted)
        external
        view
        returns (uint256 usdPriceWad, uint256 tier, uint256 stableAmount, uint256 weiAmount);
    /// @notice What `tokenId` recorded at purchase.
    function licenseOf(uint256 tokenId) external view returns (License memory);
    /// @notice Licenses of `kind` sold so far.
    function soldOf(Kind kind) external view returns (uint256);
    /// @notice Licenses of `account` bought through the whitelist.
    function whitelistUsed(address account) external view returns (uint256);

    /// @notice Appends a tier for `kind` (DEFAULT_ADMIN_ROLE); prices never decrease along the table.
    function addTier(Kind kind, uint64 size, uint192 usdPriceWad) external;
    /// @notice Sets the whitelist Merkle root (DEFAULT_ADMIN_ROLE).
    function setWhitelistRoot(bytes32 root) external;
    /// @notice Wires the buyback vault, once (DEFAULT_ADMIN_ROLE).
    function setBuybackVault(address vault) external;
}
