using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// The hub's MessagePack settings: SignalR's own resolvers (enums as strings, contractless objects) behind ISO 8601
/// times. The messages name their keys in camelCase (<see cref="KeyAttribute"/>), so a MessagePack client sees the
/// same field names and values as a JSON one.
/// </summary>
/// <remarks>
/// Optional times (<c>publishedAt</c>) need their own entry: MessagePack's built-in resolver answers
/// <c>DateTimeOffset?</c> itself, with its [ticks, offset] form, before a formatter for <c>DateTimeOffset</c> is asked.
/// </remarks>
public static class HubMessagePack
{
    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(
            [IsoDateTimeOffsetFormatter.Instance, new StaticNullableFormatter<DateTimeOffset>(IsoDateTimeOffsetFormatter.Instance)],
            [DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);
}
