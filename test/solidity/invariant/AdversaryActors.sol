// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AdversaryAttacks} from "./AdversaryAttacks.sol";
import {INodeStaking} from "../../../contracts/interfaces/INodeStaking.sol";
import {ParamKeys} from "../../../contracts/params/ParamKeys.sol";

/// @notice Workers that unstake everything, move their license to fresh wallets, rotate keys and withdraw around
///         slashes; the DAO moving governed parameters across their bounds mid-epoch, blacklisting and clearing.
abstract contract AdversaryActors is AdversaryAttacks {
    bytes internal constant _ENC_KEY = abi.encodePacked(bytes1(0x02), keccak256("encryption key"));

    mapping(uint256 licenseId => address[]) internal _beneficiaries;
    mapping(uint256 licenseId => mapping(address => bool)) internal _isBeneficiary;
    uint256 internal _fresh;

    // ------------------------------------------------------------------ workers dodging slashes

    /// @notice A worker's owner (whoever holds the license now) requests the unstake of all of its stake.
    function unstakeAll(uint256 w) external {
        _attempt("unstakeAll");
        uint256 id = _workerIds[w % 2];
        uint256 staked = _staking.stakeOf(id);
        if (staked == 0) return;
        address owner = _license.ownerOf(id);
        vm.prank(owner);
        try _staking.requestUnstake(id, staked) {
            if (!_isBeneficiary[id][owner]) {
                _isBeneficiary[id][owner] = true;
                _beneficiaries[id].push(owner);
            }
            _success("unstakeAll");
        } catch {
            _honestFailed("unstakeAll");
        }
    }

    /// @notice The worker's owner moves its license to a fresh wallet.
    function transferLicense(uint256 w) external {
        _attempt("transferLicense");
        uint256 id = _workerIds[w % 2];
        address owner = _license.ownerOf(id);
        address fresh = address(uint160(0xF4E50000 + ++_fresh));
        vm.prank(owner);
        try _license.transferFrom(owner, fresh, id) {
            _success("transferLicense");
        } catch {
            _honestFailed("transferLicense");
        }
    }

    /// @notice Withdraws a beneficiary's unbonding when due (which must work), or tries before (which must not).
    function withdraw(uint256 w, uint256 seed) external {
        _attempt("withdraw");
        uint256 id = _workerIds[w % 2];
        address[] storage bens = _beneficiaries[id];
        if (bens.length == 0) return;
        address ben = bens[seed % bens.length];
        INodeStaking.Unbonding memory u = _staking.unbondingOf(id, ben);
        if (u.releaseAt == 0) return;
        bool due = block.timestamp >= u.releaseAt;
        uint256 before = _ifx.balanceOf(ben);
        try _staking.withdraw(id, ben) {
            uint256 amount = _ifx.balanceOf(ben) - before;
            ghostBacking[id] -= amount;
            ghostWithdrawn += amount;
            if (!due) ++ghostWrongAccepts;
            _success("withdraw");
        } catch {
            if (due) _honestFailed("withdraw");
        }
    }

    /// @notice The owner stakes fresh IFX (from the DAO treasury) on the worker.
    function restake(uint256 w, uint256 amount) external {
        _attempt("restake");
        uint256 id = _workerIds[w % 2];
        amount = 1e18 + (amount % 2_000e18);
        address owner = _license.ownerOf(id);
        vm.prank(_dao);
        _ifx.transfer(owner, amount);
        vm.startPrank(owner);
        _ifx.approve(address(_staking), amount);
        try _staking.stake(id, amount) {
            ghostBacking[id] += amount;
            ghostDeposited += amount;
            _success("restake");
        } catch {
            _honestFailed("restake");
        }
        vm.stopPrank();
    }

    /// @notice The owner rotates the worker's operator key; results signed with the old key stay its own.
    function rotateKey(uint256 w) external {
        _attempt("rotateKey");
        uint256 i = w % 2;
        uint256 id = _workerIds[i];
        if (_registry.status(id).blacklisted) return;
        uint256 pk = _ROTATED_PK_0 + ++_rotations;
        vm.prank(_license.ownerOf(id));
        try _registry.update(id, vm.addr(pk), _ENC_KEY, _PRICE, "") {
            _workerKeys[i].push(pk);
            _success("rotateKey");
        } catch {
            _honestFailed("rotateKey");
        }
    }

    // ------------------------------------------------------------------ the DAO

    /// @notice One governed parameter set anywhere in its bounds (the committee size mostly within the three verifiers,
    ///         so that jobs still draw); the registry refuses combinations that break its cross-rules.
    function daoSet(uint256 which, uint256 value) external {
        _attempt("daoSet");
        bytes32 key = _governedKey(which);
        (uint256 min, uint256 max) = _params.bounds(key);
        uint256 v = min + (value % (max - min + 1));
        if (key == ParamKeys.COMMITTEE_SIZE && value % 4 != 0) v = 2 + (value >> 8) % 2;
        vm.prank(_dao);
        try _params.set(key, v) {
            _success("daoSet");
        } catch {}
    }

    /// @notice Several parameters at once, through states invalid one at a time: the committee (size and a threshold
    ///         near a majority) or the timing (unbonding, longest job, dispute window and resolution).
    function daoSetMany(uint256 a, uint256 b, uint256 c, uint256 d) external {
        _attempt("daoSetMany");
        bytes32[] memory keys;
        uint256[] memory values;
        if (a % 2 == 0) {
            uint256 size = (a >> 8) % 4 == 0 ? 2 + b % 20 : 2 + b % 2;
            (keys, values) = (new bytes32[](2), new uint256[](2));
            (keys[0], keys[1]) = (ParamKeys.COMMITTEE_SIZE, ParamKeys.COMMITTEE_THRESHOLD);
            (values[0], values[1]) = (size, size / 2 + (c % 3));
        } else {
            (keys, values) = (new bytes32[](4), new uint256[](4));
            (keys[0], keys[1]) = (ParamKeys.UNBONDING_PERIOD_SECONDS, ParamKeys.MAX_JOB_SECONDS);
            (keys[2], keys[3]) = (ParamKeys.DISPUTE_WINDOW_SECONDS, ParamKeys.DISPUTE_RESOLUTION_SECONDS);
            (values[0], values[1]) = (1 days + b % 90 days, 1 hours + c % 30 days);
            (values[2], values[3]) = (1 hours + d % 14 days, 1 days + (d >> 64) % 30 days);
        }
        vm.prank(_dao);
        try _params.setMany(keys, values) {
            _success("daoSetMany");
        } catch {}
    }

    function _governedKey(uint256 which) internal pure returns (bytes32) {
        bytes32[11] memory keys = [
            ParamKeys.EPOCH_LENGTH_SECONDS,
            ParamKeys.SLASH_BPS,
            ParamKeys.COMMITTEE_SIZE,
            ParamKeys.COMMITTEE_THRESHOLD,
            ParamKeys.UNBONDING_PERIOD_SECONDS,
            ParamKeys.MAX_JOB_SECONDS,
            ParamKeys.DISPUTE_WINDOW_SECONDS,
            ParamKeys.DISPUTE_RESOLUTION_SECONDS,
            ParamKeys.DISPUTE_BOND_WAD,
            ParamKeys.CANCEL_FEE_BPS,
            ParamKeys.BLACKLIST_REJECTIONS
        ];
        return keys[which % keys.length];
    }

    /// @notice The DAO votes a license onto the blacklist.
    function daoBlacklist(uint256 seed) external {
        _attempt("daoBlacklist");
        uint256 id = _ids[seed % 6];
        if (_registry.status(id).blacklisted) return;
        vm.prank(_dao);
        try _registry.blacklist(id) {
            ghostBlacklisted[id] = true;
            _success("daoBlacklist");
        } catch {
            _honestFailed("daoBlacklist");
        }
    }

    /// @notice The DAO clears a blacklisted license, whose owner puts it back online.
    function daoClear(uint256 seed) external {
        _attempt("daoClear");
        for (uint256 k; k < 6; ++k) {
            uint256 id = _ids[(seed + k) % 6];
            if (!_registry.status(id).blacklisted) continue;
            vm.prank(_dao);
            try _registry.clearBlacklist(id) {
                (ghostBlacklisted[id], _rejCount[id]) = (false, 0);
                _success("daoClear");
            } catch {
                return _honestFailed("daoClear");
            }
            vm.prank(_license.ownerOf(id));
            try _registry.setActive(id, true) {} catch {
                _honestFailed("setActive");
            }
            return;
        }
    }
}
