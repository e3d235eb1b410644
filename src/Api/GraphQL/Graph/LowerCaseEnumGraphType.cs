using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>An enum whose values are the lower-case words API.md puts on the wire (REST and GraphQL agree).</summary>
public abstract class LowerCaseEnumGraphType<TEnum> : EnumerationGraphType<TEnum>
    where TEnum : Enum
{
    protected override string ChangeEnumCase(string val) => val.ToLowerInvariant();
}
