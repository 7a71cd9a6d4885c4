// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IIFXDollar} from "../interfaces/IIFXDollar.sol";
import {IJobDisputes} from "../interfaces/IJobDisputes.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {INodeStaking} from "../interfaces/INodeStaking.sol";
import {IParameterRegistry} from "../interfaces/IParameterRegistry.sol";
import {CommitteeDraw} from "../libraries/CommitteeDraw.sol";
import {ParamKeys} from "../params/ParamKeys.sol";

/// @title JobDisputes
/// @notice See `IJobDisputes`.
/// @dev Holds each open dispute's bond and held fee: `credits.balanceOf(this)` equals the sum over open disputes of
///      `bondWad + heldFee` (an invariant of the test suite). The job market checks a dispute against the job's trail
///      and hands over the task's share of the fee (`IJobMarket.holdDisputedTask`); everything after that happens
///      here, so the market keeps one job in four storage words.
///
///      Why a panel and not the DAO: a DAO vote takes 8 days at its default settings and asks every token holder to
///      judge a frame; a panel of verifiers, none of whom judged the task before, re-verifies it like a committee does
///      (WP §III-F3) within `disputePanelSeconds`. The panel is drawn from the hash of the block after the opening, so
///      neither the artist (who picks when to open) nor the manager can pick it; a dispute cannot be cancelled and
///      reopened, so the draw cannot be re-rolled. The DAO stays the last appeal.
contract JobDisputes is AccessControl, ReentrancyGuardTransient, IJobDisputes {
    IJobMarket public immutable market;
    IIFXDollar public immutable credits;
    INodeRegistry public immutable registry;
    INodeStaking public immutable staking;
    IParameterRegistry public immutable params;

    mapping(bytes32 disputeKey => Dispute) internal _disputes;

    constructor(
        IJobMarket market_,
        IIFXDollar credits_,
        INodeRegistry registry_,
        INodeStaking staking_,
        IParameterRegistry params_,
        address admin
    ) {
        if (address(market_) == address(0) || admin == address(0)) revert DisputesZeroAddress();
        market = market_;
        credits = credits_;
        registry = registry_;
        staking = staking_;
        params = params_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ opening and the panel

    /// @inheritdoc IJobDisputes
    function openDispute(
        bytes32 jobId,
        uint256 settlementIndex,
        IJobMarket.TaskOutcome calldata o,
        bytes32[] calldata proof,
        IJobMarket.Seat[] calldata committee,
        bytes32[] calldata roots,
        IJobMarket.ResultProof calldata result
    ) external nonReentrant {
        Dispute storage d = _disputes[_key(jobId, settlementIndex, o.taskIndex)];
        if (d.state != DisputeState.None) revert DisputeExists(jobId, settlementIndex, o.taskIndex);
        IJobMarket.HeldTask memory h =
            market.holdDisputedTask(msg.sender, jobId, settlementIndex, o, proof, committee, roots, result);
        uint256 bond = params.get(ParamKeys.DISPUTE_BOND_WAD);
        _store(d, o, h, bond, keccak256(abi.encode(committee)));
        emit DisputeOpened(jobId, settlementIndex, o.taskIndex, o.workerId, o.workWad, bond, h.heldFee);
        emit DisputePanelSeeded(jobId, settlementIndex, o.taskIndex, block.number + 1);
        if (bond != 0) credits.move(msg.sender, address(this), bond);
    }

    /// @dev The panel will be drawn from the next block's hash, unknown to the artist when it opens the dispute.
    function _store(
        Dispute storage d,
        IJobMarket.TaskOutcome calldata o,
        IJobMarket.HeldTask memory h,
        uint256 bond,
        bytes32 committeeHash
    ) internal {
        // Narrowing: the bond is at most 10,000e18 (its bound); the held fee and the task's work fit the market's
        // 96-bit job fields; manager ids are below 2^32 (the market's own packing).
        d.state = DisputeState.Open;
        d.openedAt = uint32(block.timestamp);
        d.seedBlock = uint64(block.number + 1);
        d.artist = msg.sender;
        d.managerId = uint32(h.managerId);
        d.bondWad = uint96(bond);
        d.heldFee = uint96(h.heldFee);
        d.workWad = o.workWad;
        d.creditWorkWad = uint128(h.creditWorkWad);
        d.workerId = o.workerId;
        d.seal = committeeHash;
    }

    /// @inheritdoc IJobDisputes
    function drawPanel(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex, IJobMarket.Seat[] calldata committee)
        external
    {
        Dispute storage d = _open(jobId, settlementIndex, taskIndex);
        if (d.panelSize != 0) revert DisputePanelAlreadyDrawn(jobId, settlementIndex, taskIndex);
        uint256 votingEnds = d.openedAt + params.get(ParamKeys.DISPUTE_PANEL_SECONDS);
        if (block.timestamp > votingEnds) revert DisputeVotingClosed(votingEnds, block.timestamp);
        uint256 seedBlock = d.seedBlock;
        if (block.number <= seedBlock) revert DisputePanelSeedNotReady(seedBlock, block.number);
        bytes32 committeeHash = keccak256(abi.encode(committee));
        if (committeeHash != d.seal) revert DisputeWrongSeats(d.seal, committeeHash);
        bytes32 anchor = blockhash(seedBlock);
        if (anchor == bytes32(0)) {
            // The seed block left the 256-block window unused: anchor the draw on a new future block.
            d.seedBlock = uint64(block.number + 1);
            emit DisputePanelSeeded(jobId, settlementIndex, taskIndex, block.number + 1);
            return;
        }
        bytes32 seed = keccak256(abi.encode(anchor, jobId, settlementIndex, taskIndex));
        uint256 size = params.get(ParamKeys.DISPUTE_PANEL_SIZE);
        (IJobMarket.Seat[] memory panel, bool full) = CommitteeDraw.draw(registry, seed, size, committee);
        if (!full) revert DisputePanelUnavailable(registry.verifierCount(), size);
        d.panelSize = uint8(size); // size <= 21 (its bound)
        d.seal = keccak256(abi.encode(panel));
        emit DisputePanelDrawn(jobId, settlementIndex, taskIndex, panel, seed);
    }

    /// @inheritdoc IJobDisputes
    function vote(
        bytes32 jobId,
        uint256 settlementIndex,
        uint32 taskIndex,
        IJobMarket.Seat[] calldata panel,
        uint256 seat,
        bool upheld
    ) external {
        Dispute storage d = _open(jobId, settlementIndex, taskIndex);
        uint256 size = d.panelSize;
        if (size == 0) revert DisputePanelNotDrawn(jobId, settlementIndex, taskIndex);
        uint256 votingEnds = d.openedAt + params.get(ParamKeys.DISPUTE_PANEL_SECONDS);
        if (block.timestamp > votingEnds || d.ruling != Ruling.None) {
            revert DisputeVotingClosed(votingEnds, block.timestamp);
        }
        bytes32 panelHash = keccak256(abi.encode(panel));
        if (panelHash != d.seal) revert DisputeWrongSeats(d.seal, panelHash);
        if (seat >= size || panel[seat].operator != msg.sender) revert DisputeNotPanelSeat(seat, msg.sender);
        uint32 bit = uint32(1 << seat);
        (uint32 up, uint32 down) = (d.upheldSeats, d.dismissedSeats);
        if ((up | down) & bit != 0) revert DisputeAlreadyVoted(seat);
        if (upheld) up |= bit;
        else down |= bit;
        (d.upheldSeats, d.dismissedSeats) = (up, down);
        emit DisputeVoted(jobId, settlementIndex, taskIndex, panel[seat].verifierId, upheld);
        // A strict majority of the panel rules: two disjoint majorities cannot both rule.
        if (2 * _popCount(upheld ? up : down) > size) {
            (d.ruling, d.ruledAt) = (upheld ? Ruling.Upheld : Ruling.Dismissed, uint32(block.timestamp));
            emit DisputeRuled(jobId, settlementIndex, taskIndex, upheld);
        }
    }

    // ------------------------------------------------------------------ appeal and the end

    /// @inheritdoc IJobDisputes
    function appeal(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external {
        Dispute storage d = _open(jobId, settlementIndex, taskIndex);
        (uint256 from, uint256 until) = _appealWindow(d);
        Ruling ruling = d.ruling;
        // The losing side appeals: the worker an upheld ruling would slash, the artist a dismissal would cost its bond;
        // either side when the panel did not rule.
        bool mayAppeal = msg.sender == d.artist
            ? ruling != Ruling.Upheld
            : ruling != Ruling.Dismissed && _speaksForWorker(msg.sender, d.workerId);
        if (d.appealed || !mayAppeal || block.timestamp < from || block.timestamp > until) {
            revert DisputeNotAppealable(msg.sender, from, until, block.timestamp);
        }
        d.appealed = true;
        emit DisputeAppealed(jobId, settlementIndex, taskIndex, msg.sender);
    }

    /// @inheritdoc IJobDisputes
    function resolveDispute(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex, bool upheld)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        nonReentrant
    {
        Dispute storage d = _open(jobId, settlementIndex, taskIndex);
        // Until the dispute is final: an unappealed ruling (or lapse) is final once its appeal window is over, so that
        // `finalize` and the DAO never race; an appeal keeps it open for the DAO until the resolution time ends.
        uint256 finalAt_ = _finalAt(d);
        if (block.timestamp > finalAt_) revert DisputeResolutionOver(finalAt_, block.timestamp);
        _close(jobId, settlementIndex, taskIndex, d, upheld, false, true);
    }

    /// @inheritdoc IJobDisputes
    function finalize(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external nonReentrant {
        Dispute storage d = _open(jobId, settlementIndex, taskIndex);
        uint256 finalAt_ = _finalAt(d);
        if (block.timestamp <= finalAt_) revert DisputeNotFinal(finalAt_, block.timestamp);
        Ruling ruling = d.ruling;
        _close(jobId, settlementIndex, taskIndex, d, ruling == Ruling.Upheld, ruling == Ruling.None, false);
    }

    /// @dev Upheld: the task's held fee and the bond go back to the artist and the worker is slashed. Dismissed: the
    ///      bond is spent with the held fee (a frivolous dispute costs its bond). Lapsed: the bond goes back and the
    ///      held fee is spent. A spent held fee credits the manager the task's work, as a release would have.
    function _close(
        bytes32 jobId,
        uint256 settlementIndex,
        uint32 taskIndex,
        Dispute storage d,
        bool upheld,
        bool lapsed,
        bool byDao
    ) internal {
        d.state = DisputeState.Resolved; // never reopened
        (uint256 bond, uint256 held) = (d.bondWad, d.heldFee);
        uint256 toArtist = upheld ? held + bond : lapsed ? bond : 0;
        uint256 spent = held + bond - toArtist;
        emit DisputeResolved(
            jobId, settlementIndex, taskIndex, upheld, upheld ? held : 0, upheld || lapsed ? bond : 0, lapsed, byDao
        );
        if (toArtist != 0) credits.move(address(this), d.artist, toArtist);
        if (upheld) {
            staking.slash(d.workerId);
            return;
        }
        uint256 work = d.creditWorkWad;
        if (work != 0) market.creditDisputedWork(d.managerId, work);
        if (spent != 0) credits.spend(address(this), spent);
    }

    // ------------------------------------------------------------------ views and helpers

    /// @inheritdoc IJobDisputes
    function dispute(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external view returns (Dispute memory) {
        return _disputes[_key(jobId, settlementIndex, taskIndex)];
    }

    /// @inheritdoc IJobDisputes
    function finalAt(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external view returns (uint256) {
        Dispute storage d = _disputes[_key(jobId, settlementIndex, taskIndex)];
        return d.state == DisputeState.Open ? _finalAt(d) : 0;
    }

    /// @dev After this, nothing can change the outcome: no vote, no appeal, no DAO ruling. An appealed dispute waits for
    ///      the DAO until the resolution time ends; otherwise the appeal window closes it.
    function _finalAt(Dispute storage d) internal view returns (uint256) {
        uint256 end = d.openedAt + params.get(ParamKeys.DISPUTE_RESOLUTION_SECONDS);
        if (d.appealed) return end;
        (, uint256 until) = _appealWindow(d);
        return Math.min(until, end);
    }

    /// @dev From the ruling (or from the end of the panel's vote when it did not rule) for `disputeAppealSeconds`.
    function _appealWindow(Dispute storage d) internal view returns (uint256 from, uint256 until) {
        from = d.ruling != Ruling.None ? d.ruledAt : d.openedAt + params.get(ParamKeys.DISPUTE_PANEL_SECONDS);
        until = from + params.get(ParamKeys.DISPUTE_APPEAL_SECONDS);
    }

    /// @dev An operator key bound to the worker's license, or the license's owner (none once the license is burned).
    function _speaksForWorker(address caller, uint256 workerId) internal view returns (bool) {
        if (registry.boundLicenseOf(caller) == workerId) return true;
        try IERC721(address(registry.license())).ownerOf(workerId) returns (address owner) {
            return owner == caller;
        } catch {
            return false;
        }
    }

    function _open(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) internal view returns (Dispute storage d) {
        d = _disputes[_key(jobId, settlementIndex, taskIndex)];
        if (d.state != DisputeState.Open) revert DisputeNotOpen(jobId, settlementIndex, taskIndex);
    }

    function _key(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) internal pure returns (bytes32) {
        return keccak256(abi.encode(jobId, settlementIndex, taskIndex));
    }

    function _popCount(uint256 x) internal pure returns (uint256 count) {
        for (; x != 0; x &= x - 1) {
            ++count;
        }
    }
}
