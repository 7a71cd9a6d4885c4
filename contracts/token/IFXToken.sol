// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IIFXToken} from "../interfaces/IIFXToken.sol";

/// @title IFXToken
/// @notice $IFX (WP §VI-G): max supply 1,000,000,000 IFX on cumulative minting; votes on a timestamp clock.
/// @dev Timestamps, not block numbers (DESIGN "Clock"): epochs and votes are wall time on any chain or L2.
contract IFXToken is ERC20, ERC20Burnable, ERC20Permit, ERC20Votes, IIFXToken {
    /// @inheritdoc IIFXToken
    uint256 public constant MAX_SUPPLY = 1_000_000_000e18;
    /// @inheritdoc IIFXToken
    uint256 public constant TGE_ALLOCATION = 500_000_000e18;
    /// @inheritdoc IIFXToken
    uint256 public constant ECOSYSTEM_ALLOCATION = MAX_SUPPLY - TGE_ALLOCATION;

    address internal immutable _configurer;
    bool internal _mintersInitialized;

    /// @inheritdoc IIFXToken
    uint256 public totalMinted;
    /// @inheritdoc IIFXToken
    mapping(address minter => uint256 remaining) public mintAllowance;

    constructor() ERC20("Inferix", "IFX") ERC20Permit("Inferix") {
        _configurer = msg.sender;
    }

    /// @inheritdoc IIFXToken
    function initializeMinters(address tge, address ecosystem) external {
        if (msg.sender != _configurer) revert TokenNotConfigurer(msg.sender, _configurer);
        if (_mintersInitialized) revert TokenMintersAlreadyInitialized();
        if (tge == address(0)) revert TokenInvalidMinter(tge);
        if (ecosystem == address(0) || ecosystem == tge) revert TokenInvalidMinter(ecosystem);
        _mintersInitialized = true;
        mintAllowance[tge] = TGE_ALLOCATION;
        mintAllowance[ecosystem] = ECOSYSTEM_ALLOCATION;
        emit MintersInitialized(tge, TGE_ALLOCATION, ecosystem, ECOSYSTEM_ALLOCATION);
    }

    /// @inheritdoc IIFXToken
    /// @dev No separate cap check: the two allowances start at allocations that sum to MAX_SUPPLY and only decrease,
    ///      so `totalMinted <= MAX_SUPPLY` always holds (the invariant suite checks it).
    function mint(address to, uint256 amount) external {
        uint256 remaining = mintAllowance[msg.sender];
        if (amount > remaining) revert TokenMintAllowanceExceeded(msg.sender, remaining, amount);
        unchecked {
            // amount <= remaining was checked above.
            mintAllowance[msg.sender] = remaining - amount;
        }
        totalMinted += amount;
        _mint(to, amount);
        emit Minted(msg.sender, to, amount, totalMinted);
    }

    /// @inheritdoc IIFXToken
    function burn(uint256 amount) public override(ERC20Burnable, IIFXToken) {
        super.burn(amount);
    }

    /// @notice ERC-6372 clock: block timestamps.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice ERC-6372 clock mode.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
