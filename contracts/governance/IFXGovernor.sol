// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IIFXToken} from "../interfaces/IIFXToken.sol";

/// @title IFXGovernor
/// @notice The Inferix DAO (WP §VI-H): $IFX holders vote with delegated, checkpointed balances; passed proposals run
///         through the timelock. OpenZeppelin's Governor with its standard extensions; ours is only the quorum's base.
/// @dev The token's clock is timestamps, so delay and period are seconds. Defaults, all changeable by governance:
///      voting delay 1 day, voting period 5 days, proposal threshold 100,000 IFX (0.01% of supply), quorum 4% of the
///      supply that can vote at the snapshot.
///
///      Quorum on the votable supply. OpenZeppelin's `GovernorVotesQuorumFraction` takes its fraction of the total
///      supply. At TGE 500M IFX exist but ~491M of them sit in vesting wallets and the DAO treasury, which cannot
///      vote: 4% of the total (20M) is more than can ever vote in the first months (~14M), so no proposal could pass,
///      legitimate or not. Here the fraction applies to `IIFXToken.getPastVotableSupply` (total minus the balances of
///      flagged non-voting contracts) at the proposal's snapshot. Why this keeps a small coalition out:
///      - the base is what can actually vote, so quorum is reachable by a legitimate majority at any time, and it
///        grows by itself as tranches vest and are released (a release moves tokens out of a flagged wallet);
///      - a flagged holder cannot delegate, so the base always contains every vote that could be cast: a coalition
///        needs the fraction of everything that could oppose it, and (GovernorCountingSimple) more For than Against;
///      - flags are set by the TGE for its own wallets and otherwise only by the admin (the timelock: a vote), and
///        only contracts can be flagged, so nobody can shrink the base by disenfranchising holders;
///      - moving one's own tokens into a non-voting vault (staking) lowers the base and one's own votes alike.
///      The quorum is rounded up (the protocol's favour). `scripts/sim/governanceQuorum.ts` reports, at TGE, 6 months
///      and 2 years, the supply, the votable supply, the quorum and the threshold (docs/governance.md).
contract IFXGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    constructor(
        IVotes token,
        TimelockController timelock,
        uint48 votingDelaySeconds,
        uint32 votingPeriodSeconds,
        uint256 proposalThresholdVotes,
        uint256 quorumPercent
    )
        Governor("Inferix DAO")
        GovernorSettings(votingDelaySeconds, votingPeriodSeconds, proposalThresholdVotes)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(quorumPercent)
        GovernorTimelockControl(timelock)
    {}

    /// @notice The quorum at `timepoint`: the quorum fraction of the supply that could vote then, rounded up.
    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        uint256 votable = IIFXToken(address(token())).getPastVotableSupply(timepoint);
        return Math.mulDiv(votable, quorumNumerator(timepoint), quorumDenominator(), Math.Rounding.Ceil);
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
