// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIFXToken} from "../interfaces/IIFXToken.sol";
import {ITokenGenerationEvent} from "../interfaces/ITokenGenerationEvent.sol";
import {TrancheVestingWallet} from "./TrancheVestingWallet.sol";

/// @title TokenGenerationEvent
/// @notice WP §VI-G as code. The allocation of Fig. 17 and the schedules of Table II:
///
///      | tranche            | share  | IFX         | at TGE     | then                         |
///      |--------------------|--------|-------------|------------|------------------------------|
///      | seed               | 7.5%   | 75,000,000  | 0          | 6-month cliff, 12 linear     |
///      | strategic          | 10%    | 100,000,000 | 0          | 6-month cliff, 12 linear     |
///      | KOLs               | 2%     | 20,000,000  | 10%        | 3-month cliff, 15 linear     |
///      | public sale        | 3%     | 30,000,000  | 10%        | 3-month cliff, 4 linear      |
///      | liquidity          | 0.6%   | 6,000,000   | 100%       | -                            |
///      | community airdrop  | 0.3%   | 3,000,000   | 100%       | Merkle claim                 |
///      | community (DAO)    | 14.1%  | 141,000,000 | 100% (DAO) | spent by DAO vote            |
///      | foundation         | 12.5%  | 125,000,000 | 0          | 12-month lock, 24 linear     |
///      | ecosystem          | 50%    | 500,000,000 | not minted | BMW, buyback fund, grants    |
///
/// @dev Every vesting wallet is flagged non-voting on the token as it is created (`IIFXToken`, "Votable supply"):
///      nobody knows its address before the TGE runs. The other holders are flagged by the deployment.
///      The WP's text gives investors 22.5% in total but not the split among its four rounds (Fig. 17 is a chart);
///      the split above is ours and sums to 22.5%. A month is 365 days / 12, so 12 months is exactly a year.
contract TokenGenerationEvent is ITokenGenerationEvent {
    uint64 internal constant _MONTH = 365 days / 12;
    uint256 internal constant _TRANCHES = 8;

    IIFXToken public immutable token;
    /// @inheritdoc ITokenGenerationEvent
    uint256 public immutable notBefore;
    /// @inheritdoc ITokenGenerationEvent
    uint256 public executedAt;

    Holders internal _holders;
    address[_TRANCHES] internal _recipients;

    constructor(IIFXToken token_, Holders memory holders_, uint256 notBefore_) {
        token = token_;
        notBefore = notBefore_;
        _holders = holders_;
        Allocation[] memory table = allocations();
        uint256 sum;
        for (uint256 i; i < table.length; ++i) {
            if (table[i].holder == address(0)) revert TgeZeroHolder(i);
            sum += table[i].amount;
        }
        uint256 expected = token_.TGE_ALLOCATION();
        if (sum != expected) revert TgeAllocationMismatch(sum, expected);
    }

    /// @inheritdoc ITokenGenerationEvent
    function allocations() public view returns (Allocation[] memory table) {
        Holders memory h = _holders;
        table = new Allocation[](_TRANCHES);
        table[0] = Allocation("seed", h.seed, 75_000_000e18, 0, 6 * _MONTH, 12 * _MONTH);
        table[1] = Allocation("strategic", h.strategic, 100_000_000e18, 0, 6 * _MONTH, 12 * _MONTH);
        table[2] = Allocation("kol", h.kol, 20_000_000e18, 1_000, 3 * _MONTH, 15 * _MONTH);
        table[3] = Allocation("publicSale", h.publicSale, 30_000_000e18, 1_000, 3 * _MONTH, 4 * _MONTH);
        table[4] = Allocation("liquidity", h.liquidity, 6_000_000e18, 10_000, 0, 0);
        table[5] = Allocation("communityAirdrop", h.airdrop, 3_000_000e18, 10_000, 0, 0);
        table[6] = Allocation("communityTreasury", h.communityTreasury, 141_000_000e18, 10_000, 0, 0);
        table[7] = Allocation("foundation", h.foundation, 125_000_000e18, 0, 12 * _MONTH, 24 * _MONTH);
    }

    /// @inheritdoc ITokenGenerationEvent
    function execute() external {
        if (executedAt != 0) revert TgeAlreadyExecuted(executedAt);
        if (block.timestamp < notBefore) revert TgeTooEarly(block.timestamp, notBefore);
        executedAt = block.timestamp;
        Allocation[] memory table = allocations();
        for (uint256 i; i < table.length; ++i) {
            Allocation memory a = table[i];
            address recipient = a.holder;
            if (a.tgeUnlockBps < 10_000) {
                // Narrowing is safe: block timestamps fit in uint64 for billions of years.
                recipient = address(
                    new TrancheVestingWallet(a.holder, uint64(block.timestamp), a.tgeUnlockBps, a.cliffSeconds, a.linearSeconds)
                );
                // A vesting wallet cannot vote: its tokens join the votable supply as its beneficiary releases them.
                token.setNonVoting(recipient, true);
            }
            _recipients[i] = recipient;
            token.mint(recipient, a.amount);
            emit AllocationMinted(i, a.name, a.holder, recipient, a.amount, a.tgeUnlockBps, a.cliffSeconds, a.linearSeconds);
        }
        emit TgeExecuted(block.timestamp, token.totalMinted());
    }

    /// @inheritdoc ITokenGenerationEvent
    function recipientOf(uint256 index) external view returns (address) {
        return _recipients[index];
    }
}
