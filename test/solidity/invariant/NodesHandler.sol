// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Vm} from "../utils/Vm.sol";
import {DevStablecoin} from "../../../contracts/dev/DevStablecoin.sol";
import {EpochClock} from "../../../contracts/epochs/EpochClock.sol";
import {UniswapV2TwapOracle} from "../../../contracts/oracles/UniswapV2TwapOracle.sol";
import {NodeLicense} from "../../../contracts/nodes/NodeLicense.sol";
import {NodeRegistry} from "../../../contracts/nodes/NodeRegistry.sol";
import {NodeStaking} from "../../../contracts/nodes/NodeStaking.sol";
import {PenaltyPool} from "../../../contracts/nodes/PenaltyPool.sol";
import {GuaranteedBuyback} from "../../../contracts/nodes/GuaranteedBuyback.sol";
import {INodeLicense} from "../../../contracts/interfaces/INodeLicense.sol";
import {INodeRegistry} from "../../../contracts/interfaces/INodeRegistry.sol";
import {INodeStaking} from "../../../contracts/interfaces/INodeStaking.sol";
import {IGuaranteedBuyback} from "../../../contracts/interfaces/IGuaranteedBuyback.sol";

/// @notice Drives the node contracts in random order: license purchases in ETH and dUSD, registration, benchmarks,
///         stakes, unstakes, withdrawals, slashes, verification credits, penalty claims and roll-overs, time (with the
///         market reporting the diligent nodes active in every epoch it crosses, and both oracles kept fresh), and
///         buybacks of both options inside the window. At most 8 licenses, so every loop is bounded. The handler holds
///         the market's and a benchmark manager's roles; three actors hold the licenses.
contract NodesHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant MAX_LICENSES = 8;
    uint256 internal constant _EPOCH = 72 hours;

    struct Deps {
        NodeLicense license;
        NodeRegistry registry;
        NodeStaking staking;
        PenaltyPool pool;
        GuaranteedBuyback buyback;
        DevStablecoin usd;
        UniswapV2TwapOracle ethUsd;
        UniswapV2TwapOracle ifxUsd;
        EpochClock clock;
        bytes32 scene;
    }

    NodeLicense internal immutable _license;
    NodeRegistry internal immutable _registry;
    NodeStaking internal immutable _staking;
    PenaltyPool internal immutable _pool;
    GuaranteedBuyback internal immutable _buyback;
    DevStablecoin internal immutable _usd;
    UniswapV2TwapOracle internal immutable _ethUsd;
    UniswapV2TwapOracle internal immutable _ifxUsd;
    EpochClock internal immutable _clock;
    bytes32 internal immutable _scene;

    address[3] internal _actors = [address(0xAC01), address(0xAC02), address(0xAC03)];

    uint256[] internal _ids;
    mapping(uint256 licenseId => bool) public diligent;
    mapping(uint256 licenseId => uint256) public escrowGhost;

    /// @notice Sum over licenses escrowed and not bought back of 80% of the ETH they paid.
    uint256 public ghostEscrowed;
    uint256 public ghostBuybacksIfx;
    uint256 public ghostBuybacksEth;
    uint256 public ghostReleases;
    uint256 public ghostReleasedIfx;
    uint256 public ghostSlashes;
    uint256 public ghostWithdrawals;
    uint256 public ghostSweeps;
    uint256 public ghostVestedClaims;

    constructor(Deps memory d) {
        _license = d.license;
        _registry = d.registry;
        _staking = d.staking;
        _pool = d.pool;
        _buyback = d.buyback;
        _usd = d.usd;
        _ethUsd = d.ethUsd;
        _ifxUsd = d.ifxUsd;
        _clock = d.clock;
        _scene = d.scene;
    }

    // ------------------------------------------------------------------ views for the invariants

    function actors() external view returns (address[3] memory) {
        return _actors;
    }

    function idsLength() external view returns (uint256) {
        return _ids.length;
    }

    function idAt(uint256 i) external view returns (uint256) {
        return _ids[i];
    }

    // ------------------------------------------------------------------ sale and registration

    function buy(uint256 seed) external {
        if (_ids.length >= MAX_LICENSES) return;
        address actor = _actors[seed % 3];
        (bool found, INodeLicense.Kind kind) = _availableKind(seed >> 8);
        if (!found) return;
        uint256 id;
        if ((seed >> 16) & 1 == 1) {
            (,,, uint256 weiAmount) = _license.quote(kind, false);
            vm.deal(actor, actor.balance + weiAmount);
            vm.prank(actor);
            id = _license.buy{value: weiAmount}(kind, true);
            (, uint256 closesAt) = _buyback.window();
            if (block.timestamp < closesAt) {
                uint256 escrowed = (weiAmount * 8_000) / 10_000;
                escrowGhost[id] = escrowed;
                ghostEscrowed += escrowed;
            }
        } else {
            _usd.faucet(actor, 10_000e6);
            vm.startPrank(actor);
            _usd.approve(address(_license), type(uint256).max);
            id = _license.buy(kind, false);
            vm.stopPrank();
        }
        _ids.push(id);
        diligent[id] = (seed >> 24) % 4 != 0; // three in four nodes keep working
    }

    function register(uint256 seed) external {
        uint256 n = _ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _ids[(seed + k) % n];
            if (_registry.node(id).registered) continue;
            address holder = _license.ownerOf(id);
            if (!_isActor(holder)) continue;
            bool worker = _license.licenseOf(id).kind == INodeLicense.Kind.Worker;
            bytes memory key = abi.encodePacked(bytes1(0x02), keccak256(abi.encode(id)));
            vm.startPrank(holder);
            _registry.register(id, address(uint160(0x0E0000 + id)), key, worker ? 0.05e18 : 0, "ipfs://node");
            _registry.setActive(id, true);
            vm.stopPrank();
            return;
        }
    }

    function benchmark(uint256 seed) external {
        INodeRegistry.Benchmark[] memory b = new INodeRegistry.Benchmark[](_ids.length);
        uint256 count;
        for (uint256 k; k < _ids.length; ++k) {
            uint256 id = _ids[k];
            if (!_isLive(id)) continue;
            uint256 frameTimeMs = 2_000 + (uint256(keccak256(abi.encode(seed, k))) % 40_000);
            b[count++] = INodeRegistry.Benchmark(id, _scene, frameTimeMs);
        }
        if (count == 0) return;
        assembly {
            mstore(b, count)
        }
        _registry.postBenchmarks(b);
    }

    // ------------------------------------------------------------------ staking

    function stake(uint256 seed, uint256 amount) external {
        uint256 n = _ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _ids[(seed + k) % n];
            INodeRegistry.Node memory node = _registry.node(id);
            if (!node.registered || node.retired) continue;
            address holder = _license.ownerOf(id);
            if (!_isActor(holder)) continue;
            vm.prank(holder);
            _staking.stake(id, 1 + (amount % 50_000e18));
            return;
        }
    }

    function requestUnstake(uint256 seed, uint256 amount) external {
        uint256 n = _ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _ids[(seed + k) % n];
            uint256 staked = _staking.stakeOf(id);
            if (staked == 0) continue;
            address holder = _license.ownerOf(id);
            if (!_isActor(holder)) continue;
            vm.prank(holder);
            _staking.requestUnstake(id, 1 + (amount % staked));
            return;
        }
    }

    function withdraw(uint256 seed) external {
        uint256 n = _ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _ids[(seed + k) % n];
            address beneficiary = _actors[(seed + k) % 3];
            INodeStaking.Unbonding memory u = _staking.unbondingOf(id, beneficiary);
            if (u.amount == 0 || block.timestamp < u.releaseAt) continue;
            _staking.withdraw(id, beneficiary);
            ++ghostWithdrawals;
            return;
        }
    }

    function slash(uint256 seed) external {
        uint256 n = _ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _ids[(seed + k) % n];
            if (!_registry.node(id).registered) continue;
            uint256 amount = _staking.slash(id);
            if (amount != 0) ++ghostSlashes;
            return;
        }
    }

    // ------------------------------------------------------------------ penalty pool

    /// @notice The epoch minter's release of everything pending (the handler holds the releaser role).
    function releasePenalties() external {
        uint256 pending = _pool.pending();
        uint256 balanceBefore = IERC20(address(_pool.ifx())).balanceOf(address(this));
        uint256 released = _pool.release();
        if (released != pending) revert("released != pending");
        if (IERC20(address(_pool.ifx())).balanceOf(address(this)) - balanceBefore != released) revert("not received");
        if (released != 0) ++ghostReleases;
        ghostReleasedIfx += released;
    }

    // ------------------------------------------------------------------ time

    function warp(uint256 dt) external {
        _advanceTo(block.timestamp + 1 hours + (dt % 9 days));
    }

    /// @notice Jumps into the buyback window (if it has not opened yet), the market reporting the diligent nodes
    ///         active in every epoch on the way.
    function jumpToWindow(uint256 seed) external {
        (uint256 opensAt,) = _buyback.window();
        if (block.timestamp >= opensAt) return;
        _advanceTo(opensAt + (seed % 5 days));
    }

    // ------------------------------------------------------------------ buyback

    function buyback(uint256 seed, bool inEth) external {
        (uint256 opensAt, uint256 closesAt) = _buyback.window();
        if (block.timestamp < opensAt || block.timestamp >= closesAt) return;
        uint256 n = _ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _ids[(seed + k) % n];
            (bool eligible,) = _buyback.eligibility(id);
            if (!eligible) continue;
            address holder = _license.ownerOf(id);
            if (!_isActor(holder)) continue;
            bool eth = inEth && _buyback.escrowOf(id) != 0;
            vm.startPrank(holder);
            _license.approve(address(_buyback), id);
            _buyback.buyback(id, eth ? IGuaranteedBuyback.Option.Eth : IGuaranteedBuyback.Option.Ifx);
            vm.stopPrank();
            ghostEscrowed -= escrowGhost[id];
            escrowGhost[id] = 0;
            if (eth) ++ghostBuybacksEth;
            else ++ghostBuybacksIfx;
            return;
        }
    }

    function claimVested(uint256 seed) external {
        uint256 n = _ids.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = _ids[(seed + k) % n];
            IGuaranteedBuyback.Vesting memory v = _buyback.vestingOf(id);
            if (v.total == 0 || v.released == v.total || block.timestamp == v.startedAt) continue;
            _buyback.claimVested(id);
            ++ghostVestedClaims;
            return;
        }
    }

    function sweep() external {
        (, uint256 closesAt) = _buyback.window();
        if (block.timestamp < closesAt) return;
        _buyback.sweepAfterWindow();
        ++ghostSweeps;
    }

    // ------------------------------------------------------------------ internals

    function _advanceTo(uint256 target) internal {
        while (block.timestamp + _EPOCH < target) {
            vm.warp(block.timestamp + _EPOCH);
            _markDiligentActive();
        }
        vm.warp(target);
        _markDiligentActive();
        // Keep both TWAPs usable: an observation now and one a window later.
        _ethUsd.update();
        _ifxUsd.update();
        vm.warp(target + 30 minutes);
        _ethUsd.update();
        _ifxUsd.update();
    }

    function _markDiligentActive() internal {
        for (uint256 k; k < _ids.length; ++k) {
            uint256 id = _ids[k];
            if (diligent[id] && _isLive(id)) _registry.markActive(id);
        }
    }

    function _isLive(uint256 id) internal view returns (bool) {
        INodeRegistry.Node memory node = _registry.node(id);
        return node.registered && !node.retired && !node.blacklisted;
    }

    function _isActor(address who) internal view returns (bool) {
        return who == _actors[0] || who == _actors[1] || who == _actors[2];
    }

    /// @dev A kind with a tier left (workers 5, verifiers 10, managers 2), starting from `seed`.
    function _availableKind(uint256 seed) internal view returns (bool, INodeLicense.Kind) {
        uint256[3] memory capacity = [uint256(5), 10, 2];
        for (uint256 k; k < 3; ++k) {
            uint256 i = (seed + k) % 3;
            INodeLicense.Kind kind = INodeLicense.Kind(i);
            if (_license.soldOf(kind) < capacity[i]) return (true, kind);
        }
        return (false, INodeLicense.Kind.Worker);
    }
}
