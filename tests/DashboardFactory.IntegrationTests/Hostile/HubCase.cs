namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>One hub invocation: the method name sent (maybe one the hub lacks), its arguments, and what is hostile about them.</summary>
public sealed record HubCase(int Number, string Method, string Kind, object?[] Arguments, bool ClosesConnection = false)
{
    public override string ToString() => $"#{Number} HUB {Method} [{Kind}]";

    /// <summary>The call as a browser's console would make it on a started connection.</summary>
    public string ToCall() =>
        $"connection.invoke({System.Text.Json.JsonSerializer.Serialize(Method)}{string.Concat(Arguments.Select(a => ", " + Shorten(System.Text.Json.JsonSerializer.Serialize(a))))})";

    private static string Shorten(string json) => json.Length <= 200 ? json : json[..120] + $"… ({json.Length:N0} chars)";
}
