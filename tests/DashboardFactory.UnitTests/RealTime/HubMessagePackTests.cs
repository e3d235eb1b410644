using System.Text.Json;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Kpis;
using MessagePack;

namespace DashboardFactory.UnitTests.RealTime;

/// <summary>
/// API.md: the hub's two protocols carry the same field names and values, and on MessagePack times are ISO 8601
/// strings too. Each pushed message is written with the hub's MessagePack settings, read back as JSON, and compared
/// with what the JSON protocol (System.Text.Json, web defaults) writes: the same text, times included.
/// </summary>
public sealed class HubMessagePackTests
{
    private static readonly DateTimeOffset Bucket = new(2026, 11, 30, 23, 40, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Published = new DateTimeOffset(2026, 11, 30, 23, 40, 12, 345, TimeSpan.Zero).AddTicks(6789);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Messages => ["kpiValue", "kpiValue answered", "cockpitUpdated", "alert"];

    [Theory]
    [MemberData(nameof(Messages))]
    public void MessagePackCarriesWhatJsonCarries(string name)
    {
        var (msgpack, json) = Both(name);

        JsonElement.DeepEquals(msgpack, json).Should().BeTrue("{0} on MessagePack, read as JSON, is\n{1}\nand on JSON\n{2}", name, msgpack, json);
    }

    [Fact]
    public void PublishedAtIsAnIsoStringOnMessagePackToo()
    {
        foreach (var name in new[] { "kpiValue", "cockpitUpdated" })
        {
            var (msgpack, _) = Both(name);
            var publishedAt = msgpack.GetProperty("publishedAt");

            publishedAt.ValueKind.Should().Be(JsonValueKind.String, "{0}'s optional time is a time like its others, not MessagePack's [ticks, offset] pair", name);
            publishedAt.GetDateTimeOffset().Should().Be(Published, "the text keeps every tick");
        }
    }

    [Fact]
    public void AnAbsentPublishedAtIsNilOnMessagePack()
    {
        var answered = KpiValueMessage.From(Value());
        var read = JsonDocument.Parse(MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(answered, HubMessagePack.Options))).RootElement;

        read.GetProperty("publishedAt").ValueKind.Should().Be(JsonValueKind.Null, "API.md: absent optional fields are nil on MessagePack");
    }

    private static (JsonElement MessagePack, JsonElement Json) Both(string name)
    {
        object message = name switch
        {
            "kpiValue" => KpiValueMessage.From(Value(), Published),
            // Built the way SubscribeKpi's answer is (no publishedAt), then given one: JSON leaves a null out where
            // MessagePack writes nil, which AnAbsentPublishedAtIsNilOnMessagePack covers.
            "kpiValue answered" => KpiValueMessage.From(Value()) with { PublishedAt = Published },
            "cockpitUpdated" => new CockpitUpdatedMessage("cockpit-001", "v7", ["kpi_chart"], [], Bucket, "rollout", Published),
            "alert" => new AlertMessage("kpi.stale", "KPI 'otif' is stale.", "kpi_chart", "cockpit-001"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var type = message.GetType();
        var msgpack = JsonDocument.Parse(MessagePackSerializer.ConvertToJson(MessagePackSerializer.Serialize(type, message, HubMessagePack.Options))).RootElement;
        var json = JsonDocument.Parse(JsonSerializer.Serialize(message, type, Json)).RootElement;
        return (msgpack, json);
    }

    private static KpiValue Value() =>
        new("otif", KpiPeriod.Minute, Bucket, 91.5, 88, 97.25, 4, 366, 97.25, Bucket.AddSeconds(12), Stale: false);
}
