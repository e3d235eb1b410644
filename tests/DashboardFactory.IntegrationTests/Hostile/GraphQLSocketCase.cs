namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// One hostile graphql-transport-ws exchange: optionally a valid connection_init first, then the frames (text, or
/// binary when a frame starts with "binary:"). The socket must then either answer (and still answer a ping) or close
/// with one of the protocol's refusal codes, never 4500 or 1011, and no error may be INTERNAL.
/// </summary>
public sealed record GraphQLSocketCase(int Number, string Kind, bool Init, IReadOnlyList<string> Frames)
{
    public override string ToString() => $"#{Number} GRAPHQL socket [{Kind}]";

    public string ToFrames() => string.Join(" | ", (Init ? ["{\"type\":\"connection_init\",\"payload\":{\"token\":\"$ADMIN_TOKEN\"}}"] : Array.Empty<string>())
        .Concat(Frames.Select(f => f.Length <= 200 ? f : f[..120] + $"… ({f.Length:N0} chars)")));
}
