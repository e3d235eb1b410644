using System.Text.Json;
using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

public sealed class KpiBatchParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static KpiBatch? Parse(string json) => KpiBatchParser.Parse(JsonDocument.Parse(json).RootElement, Now, new KpiOptions());

    [Theory]
    [InlineData("{}")]
    [InlineData("1")]
    [InlineData("null")]
    public void ABodyThatIsNotAnArrayIsNotABatch(string json) => Parse(json).Should().BeNull();

    [Fact]
    public void AnEmptyArrayIsAnEmptyBatch() => Parse("[]")!.Points.Should().BeEmpty();

    [Fact]
    public void GoodPointsKeepTheirIndexAndBadOnesGetAReason()
    {
        var batch = Parse("""
            [
              {"ts": "2026-03-01T11:59:00Z", "value": 1},
              {"id": "s", "ts": "2026-03-01T11:59:00Z", "value": "12"},
              {"id": 7, "ts": "2026-03-01T11:59:00Z", "value": 1},
              {"id": "t", "ts": 1700000000, "value": 1},
              {"id": "u", "ts": "2026-03-01T13:59:00+02:00", "value": -0.5},
              {"id": "big", "ts": "2026-03-01T11:59:00Z", "value": -1e400},
              [1, 2]
            ]
            """)!;

        batch.Points.Select(p => p.Index).Should().Equal(0, 4);
        batch.Points[1].Point.Should().Be(new KpiPoint("u", new DateTimeOffset(2026, 3, 1, 11, 59, 0, TimeSpan.Zero), -0.5));
        batch.Points[1].Point.Ts.Offset.Should().Be(TimeSpan.Zero, "timestamps are stored in UTC");
        batch.Rejections.Select(r => (r.Index, r.PointId)).Should().Equal((1, "s"), (2, "7"), (3, "t"), (5, "big"), (6, null));
        batch.Rejections.Should().OnlyContain(r => r.Reason.Length > 0);
    }

    [Fact]
    public void ATimestampWithoutAnOffsetIsTakenAsUtc() =>
        Parse("""[{"ts": "2026-03-01T11:59:00", "value": 1}]""")!.Points.Single().Point.Ts
            .Should().Be(new DateTimeOffset(2026, 3, 1, 11, 59, 0, TimeSpan.Zero));
}
