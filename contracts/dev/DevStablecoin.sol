// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title DevStablecoin
/// @notice The USD stablecoin of local and test chains: a plain ERC20 with 6 decimals like USDC and USDT, and an open
///         faucet. The deploy module deploys it only when no stablecoin address is given; on a real network the
///         protocol uses the real one.
contract DevStablecoin is ERC20, ERC20Permit {
    uint256 public constant FAUCET_LIMIT = 1_000_000e6;

    error DevFaucetLimit(uint256 requested, uint256 limit);

    constructor() ERC20("Dev USD", "dUSD") ERC20Permit("Dev USD") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints up to 1,000,000 dUSD per call to anyone.
    function faucet(address to, uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert DevFaucetLimit(amount, FAUCET_LIMIT);
        _mint(to, amount);
    }
}
