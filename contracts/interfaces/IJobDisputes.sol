// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IJobMarket} from "./IJobMarket.sol";

/// @title IJobDisputes
/// @notice An artist's dispute of an accepted task (WP §I-A step 7), judged without a DAO vote in the common case:
///         1. `openDispute` (the artist, within the job's dispute window, while the settlement's fee is held): posts
///            the governed bond and holds back the disputed task's share of the fee, never the whole job's.
///         2. `drawPanel` (anyone, once the block after the opening is mined): a fresh panel of `disputePanelSize`
///            verifiers, none of the job's committee, drawn from a block hash nobody knew when the dispute opened.
///         3. `vote` (each panel member, from the operator key it had at the draw, within `disputePanelSeconds`): a
///            strict majority of the panel rules.
///         4. `appeal` (the losing side, within `disputeAppealSeconds` of the ruling, or either side when the panel
///            did not rule): the ruling then waits for the DAO until the resolution time ends.
///         5. `resolveDispute` (the DAO, the last appeal, until the dispute is final: the end of the appeal window when
///            nobody appealed, the end of the resolution time when someone did) or `finalize` (anyone, after that).
///         Upheld: the held fee and the bond go back to the artist and the worker is slashed. Dismissed: the bond and
///         the held fee are spent (burn and foundation) and the manager is credited the task's work. Lapsed (no ruling
///         at all): the bond goes back, the held fee is spent. Nothing stays held past `disputeResolutionSeconds`.
interface IJobDisputes {
    enum DisputeState {
        None,
        Open,
        Resolved
    }

    enum Ruling {
        None,
        Upheld,
        Dismissed
    }

    /// @notice A dispute as stored. `panelSize` is 0 until the panel is drawn; until then `seal` is the job's committee
    ///         hash (which the draw excludes), then the panel's hash (`keccak256(abi.encode(panel))`). `upheldSeats` and
    ///         `dismissedSeats` have a bit per panel seat that voted so.
    struct Dispute {
        DisputeState state;
        Ruling ruling;
        bool appealed;
        uint8 panelSize;
        uint32 openedAt;
        uint32 ruledAt;
        uint32 upheldSeats;
        uint32 dismissedSeats;
        uint64 seedBlock;
        address artist;
        uint32 managerId;
        uint96 bondWad;
        uint96 heldFee;
        uint128 workWad;
        uint128 creditWorkWad;
        uint256 workerId;
        bytes32 seal;
    }

    error DisputesZeroAddress();
    error DisputeExists(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex);
    error DisputeNotOpen(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex);
    /// @notice The panel is drawn from the hash of `seedBlock`, which is not mined yet.
    error DisputePanelSeedNotReady(uint256 seedBlock, uint256 blockNumber);
    error DisputePanelAlreadyDrawn(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex);
    /// @notice The committee given to `drawPanel`, or the panel given to `vote`, is not the one stored.
    error DisputeWrongSeats(bytes32 expected, bytes32 given);
    /// @notice Too few online verifiers outside the job's committee to seat a panel: the DAO rules, or the dispute lapses.
    error DisputePanelUnavailable(uint256 verifiers, uint256 panelSize);
    error DisputePanelNotDrawn(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex);
    /// @notice The caller is not the operator of panel seat `seat`.
    error DisputeNotPanelSeat(uint256 seat, address caller);
    error DisputeAlreadyVoted(uint256 seat);
    /// @notice The panel's vote closed at `deadline`, or the panel already ruled.
    error DisputeVotingClosed(uint256 deadline, uint256 nowTimestamp);
    /// @notice Only the losing side may appeal, once, within the appeal window `[from, until]`.
    error DisputeNotAppealable(address caller, uint256 from, uint256 until, uint256 nowTimestamp);
    /// @notice The dispute became final at `deadline` (see `finalAt`): it can only be finalized now.
    error DisputeResolutionOver(uint256 deadline, uint256 nowTimestamp);
    /// @notice The outcome can still change until `finalAt` (a vote, an appeal or the DAO).
    error DisputeNotFinal(uint256 finalAt, uint256 nowTimestamp);

    /// @notice An artist disputed an accepted task of `workWad` IBM: `bond` ifxDollar posted, `heldFee` of the job's
    ///         pending fee held back until the dispute ends (the task's share; the rest is released on time).
    event DisputeOpened(
        bytes32 indexed jobId,
        uint256 indexed settlementIndex,
        uint32 taskIndex,
        uint256 workerId,
        uint256 workWad,
        uint256 bond,
        uint256 heldFee
    );
    /// @notice The panel will be drawn from the hash of `seedBlock` (again when the first seed left the 256-block window).
    event DisputePanelSeeded(bytes32 indexed jobId, uint256 indexed settlementIndex, uint32 taskIndex, uint256 seedBlock);
    event DisputePanelDrawn(
        bytes32 indexed jobId, uint256 indexed settlementIndex, uint32 taskIndex, IJobMarket.Seat[] panel, bytes32 seed
    );
    event DisputeVoted(
        bytes32 indexed jobId, uint256 indexed settlementIndex, uint32 taskIndex, uint256 verifierId, bool upheld
    );
    /// @notice A strict majority of the panel ruled; final after the appeal window unless appealed.
    event DisputeRuled(bytes32 indexed jobId, uint256 indexed settlementIndex, uint32 taskIndex, bool upheld);
    event DisputeAppealed(bytes32 indexed jobId, uint256 indexed settlementIndex, uint32 taskIndex, address appellant);
    /// @notice A dispute ended: `refunded` of the held fee and `bondReturned` went back to the artist; `lapsed` when
    ///         nobody ruled (then the bond is returned and the held fee spent); `byDao` when the DAO ruled. A held fee
    ///         that is spent (dismissed or lapsed) credits the job's manager min(workWad, heldFee / price) of work.
    event DisputeResolved(
        bytes32 indexed jobId,
        uint256 indexed settlementIndex,
        uint32 taskIndex,
        bool upheld,
        uint256 refunded,
        uint256 bondReturned,
        bool lapsed,
        bool byDao
    );

    /// @notice Disputes an accepted task (the job's artist). `outcome` and `proof` prove the task's leaf under settlement
    ///         `settlementIndex`; `committee` and `roots` (every root of the job, in order) hash to the job's trail;
    ///         `result` is the outcome worker's own signed result of the task (the proof that it rendered it: only that
    ///         worker can be slashed). Posts `disputeBondWad` ifxDollar.
    function openDispute(
        bytes32 jobId,
        uint256 settlementIndex,
        IJobMarket.TaskOutcome calldata outcome,
        bytes32[] calldata proof,
        IJobMarket.Seat[] calldata committee,
        bytes32[] calldata roots,
        IJobMarket.ResultProof calldata result
    ) external;
    /// @notice Draws the dispute's panel (anyone), excluding `committee`, the job's committee.
    function drawPanel(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex, IJobMarket.Seat[] calldata committee)
        external;
    /// @notice A panel member's vote (from seat `seat`'s operator key), within `disputePanelSeconds` of the opening.
    function vote(
        bytes32 jobId,
        uint256 settlementIndex,
        uint32 taskIndex,
        IJobMarket.Seat[] calldata panel,
        uint256 seat,
        bool upheld
    ) external;
    /// @notice Sends the panel's ruling to the DAO (the losing side: the artist when dismissed; the worker's owner or
    ///         operator when upheld; either when the panel did not rule).
    function appeal(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external;
    /// @notice The DAO's ruling (DEFAULT_ADMIN_ROLE), final, until the dispute is final (`finalAt`): an appeal gives it
    ///         until the resolution time ends.
    function resolveDispute(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex, bool upheld) external;
    /// @notice Ends a dispute whose outcome can no longer change (anyone): the panel's ruling once its appeal window
    ///         passed unappealed, or at the end of the resolution time; a lapse when there is no ruling.
    function finalize(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external;

    function dispute(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external view returns (Dispute memory);
    /// @notice When `finalize` may end the dispute (0 when it is not open).
    function finalAt(bytes32 jobId, uint256 settlementIndex, uint32 taskIndex) external view returns (uint256);
}
