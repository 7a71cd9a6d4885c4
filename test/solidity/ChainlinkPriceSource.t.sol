// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {IAggregatorV3} from "../../contracts/interfaces/external/IAggregatorV3.sol";
import {ChainlinkPriceSource} from "../../contracts/oracles/ChainlinkPriceSource.sol";

/// Chainlink's oracle network cannot run here: this feed replays rounds the test writes, with the feed's own ABI.
contract RecordedFeed is IAggregatorV3 {
    uint8 public immutable decimals;
    uint80 internal _round;
    int256 internal _answer;
    uint256 internal _updatedAt;
    uint80 internal _answeredIn;

    constructor(uint8 decimals_) {
        decimals = decimals_;
    }

    function record(uint80 round, int256 answer, uint256 updatedAt, uint80 answeredIn) external {
        (_round, _answer, _updatedAt, _answeredIn) = (round, answer, updatedAt, answeredIn);
    }

    function description() external pure returns (string memory) {
        return "ETH / USD";
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (_round, _answer, _updatedAt, _updatedAt, _answeredIn);
    }
}

contract ChainlinkPriceSourceTest is Test {
    RecordedFeed internal feed;
    ChainlinkPriceSource internal source;
    address internal constant WETH = address(0xE7);

    function setUp() public {
        vm.warp(1_800_000_000);
        feed = new RecordedFeed(8);
        source = new ChainlinkPriceSource(feed, WETH, 1 hours + 5 minutes);
        feed.record(10, 3_000e8, block.timestamp, 10);
    }

    function test_usdPriceWad_scalesToWad() public view {
        assertEq(source.usdPriceWad(), 3_000e18, "8 decimals to 18");
        assertEq(source.asset(), WETH, "asset");
    }

    function test_usdPriceWad_revertsWhenStale() public {
        uint256 updatedAt = block.timestamp;
        vm.warp(updatedAt + 1 hours + 5 minutes + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ChainlinkPriceSource.FeedStale.selector, updatedAt, 1 hours + 5 minutes, block.timestamp)
        );
        source.usdPriceWad();
    }

    function test_usdPriceWad_revertsOnNonPositiveAnswer() public {
        feed.record(11, 0, block.timestamp, 11);
        vm.expectRevert(abi.encodeWithSelector(ChainlinkPriceSource.FeedInvalidAnswer.selector, int256(0)));
        source.usdPriceWad();
        feed.record(12, -1, block.timestamp, 12);
        vm.expectRevert(abi.encodeWithSelector(ChainlinkPriceSource.FeedInvalidAnswer.selector, int256(-1)));
        source.usdPriceWad();
    }

    function test_usdPriceWad_revertsOnIncompleteRound() public {
        feed.record(13, 3_000e8, block.timestamp, 12);
        vm.expectRevert(abi.encodeWithSelector(ChainlinkPriceSource.FeedIncompleteRound.selector, uint80(13), uint80(12)));
        source.usdPriceWad();
    }

    function test_constructor_revertsAbove18Decimals() public {
        RecordedFeed wide = new RecordedFeed(19);
        vm.expectRevert(abi.encodeWithSelector(ChainlinkPriceSource.FeedUnsupportedDecimals.selector, uint8(19)));
        new ChainlinkPriceSource(wide, WETH, 1 hours);
    }

    function testFuzz_usdPriceWad_exactForAnyDecimals(uint8 decimals, uint256 answer) public {
        decimals = uint8(bound(decimals, 0, 18));
        answer = bound(answer, 1, 1e30);
        RecordedFeed f = new RecordedFeed(decimals);
        f.record(1, int256(answer), block.timestamp, 1);
        ChainlinkPriceSource s = new ChainlinkPriceSource(f, WETH, 1 hours);
        assertEq(s.usdPriceWad(), answer * 10 ** (18 - decimals), "scaled exactly");
    }
}
