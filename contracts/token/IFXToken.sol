// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IIFXToken} from "../interfaces/IIFXToken.sol";

/// @title IFXToken
/// @notice $IFX (WP §VI-G): max supply 1,000,000,000 IFX on cumulative minting; votes on a timestamp clock.
/// @dev Timestamps, not block numbers (DESIGN "Clock"): epochs and votes are wall time on any chain or L2.
///      The one addition to OpenZeppelin's votes is a checkpointed total of the balances of non-voting holders, so
///      that the governor's quorum counts the supply that can vote (`IIFXToken`, "Votable supply").
contract IFXToken is ERC20, ERC20Burnable, ERC20Permit, ERC20Votes, AccessControl, IIFXToken {
    using Checkpoints for Checkpoints.Trace208;

    /// @inheritdoc IIFXToken
    uint256 public constant MAX_SUPPLY = 1_000_000_000e18;
    /// @inheritdoc IIFXToken
    uint256 public constant TGE_ALLOCATION = 500_000_000e18;
    /// @inheritdoc IIFXToken
    uint256 public constant ECOSYSTEM_ALLOCATION = MAX_SUPPLY - TGE_ALLOCATION;

    address internal immutable _configurer;
    bool internal _mintersInitialized;
    /// @dev The TGE minter: it may flag the holders it creates (vesting wallets) as non-voting.
    address internal _tgeMinter;

    /// @inheritdoc IIFXToken
    uint256 public totalMinted;
    /// @inheritdoc IIFXToken
    mapping(address minter => uint256 remaining) public mintAllowance;
    /// @inheritdoc IIFXToken
    mapping(address holder => bool) public isNonVoting;
    Checkpoints.Trace208 internal _nonVotingCheckpoints;

    /// @dev The deployer configures the minters and holds the admin role (flags non-voting holders) until the deploy
    ///      module hands it to the timelock.
    constructor() ERC20("Inferix", "IFX") ERC20Permit("Inferix") {
        _configurer = msg.sender;
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
    }

    // ------------------------------------------------------------------ minting

    /// @inheritdoc IIFXToken
    function initializeMinters(address tge, address ecosystem) external {
        if (msg.sender != _configurer) revert TokenNotConfigurer(msg.sender, _configurer);
        if (_mintersInitialized) revert TokenMintersAlreadyInitialized();
        if (tge == address(0)) revert TokenInvalidMinter(tge);
        if (ecosystem == address(0) || ecosystem == tge) revert TokenInvalidMinter(ecosystem);
        _mintersInitialized = true;
        _tgeMinter = tge;
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

    // ------------------------------------------------------------------ votable supply

    /// @inheritdoc IIFXToken
    function setNonVoting(address holder, bool nonVoting) external {
        if (msg.sender != _tgeMinter && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert TokenNotNonVotingRegistrar(msg.sender);
        }
        if (holder == address(0)) revert TokenInvalidNonVotingHolder(holder);
        // People are never flagged: only contracts (vesting wallets, the treasury, pools, protocol vaults) hold
        // supply that cannot vote by construction.
        if (nonVoting && holder.code.length == 0) revert TokenInvalidNonVotingHolder(holder);
        if (isNonVoting[holder] == nonVoting) return;
        uint256 balance = balanceOf(holder);
        if (nonVoting && delegates(holder) != address(0)) {
            // Its votes leave its delegate first, so that no vote ever counts supply outside the votable supply.
            super._delegate(holder, address(0));
        }
        isNonVoting[holder] = nonVoting;
        uint256 total = _nonVotingCheckpoints.latest();
        total = nonVoting ? total + balance : total - balance;
        // Narrowing: at most the supply, below 2^208 (ERC20Votes caps the supply there).
        _nonVotingCheckpoints.push(clock(), uint208(total));
        emit NonVotingSet(holder, nonVoting, balance, total);
    }

    /// @inheritdoc IIFXToken
    function nonVotingSupply() external view returns (uint256) {
        return _nonVotingCheckpoints.latest();
    }

    /// @inheritdoc IIFXToken
    function getPastNonVotingSupply(uint256 timepoint) public view returns (uint256) {
        return _nonVotingCheckpoints.upperLookupRecent(_validateTimepoint(timepoint));
    }

    /// @inheritdoc IIFXToken
    function getPastVotableSupply(uint256 timepoint) external view returns (uint256) {
        return getPastTotalSupply(timepoint) - getPastNonVotingSupply(timepoint);
    }

    // ------------------------------------------------------------------ clock and overrides

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

    /// @dev A non-voting holder cannot delegate: its balance is outside the votable supply, so it must carry no votes.
    function _delegate(address account, address delegatee) internal override {
        if (isNonVoting[account]) revert TokenNonVotingHolder(account);
        super._delegate(account, delegatee);
    }

    /// @dev Keeps the non-voting total in step with every transfer, mint and burn that crosses the flag.
    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
        bool fromNonVoting = isNonVoting[from];
        if (fromNonVoting == isNonVoting[to] || value == 0) return;
        uint256 total = _nonVotingCheckpoints.latest();
        // Narrowing: at most the supply, below 2^208.
        _nonVotingCheckpoints.push(clock(), uint208(fromNonVoting ? total - value : total + value));
    }
}
