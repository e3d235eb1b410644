using System.Reflection;
using DashboardFactory.Api.RealTime;
using Microsoft.AspNetCore.Mvc;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// Hostile invocations of every method of <see cref="CockpitHub"/>, found by reflection (a new method is fuzzed as soon
/// as it exists): each argument in turn gets every hostile id and string, values of the wrong type, and the call gets
/// too few and too many arguments; then methods the hub does not have, and a message over SignalR's size limit.
/// </summary>
public static class HubCases
{
    private static readonly Type[] Supported = [typeof(string), typeof(int), typeof(long), typeof(double), typeof(bool)];

    public static IReadOnlyList<MethodInfo> Methods() =>
        [.. typeof(CockpitHub).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(CockpitHub) && !m.IsSpecialName)
            .OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>The client-supplied parameters: not [FromServices], not a CancellationToken.</summary>
    public static IReadOnlyList<ParameterInfo> Arguments(MethodInfo method) =>
        [.. method.GetParameters().Where(p => p.GetCustomAttribute<FromServicesAttribute>() is null && p.ParameterType != typeof(CancellationToken))];

    /// <summary>Parameters no generator knows how to fill, named.</summary>
    public static IEnumerable<string> Unsupported() =>
        Methods().SelectMany(m => Arguments(m).Where(p => !Supported.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Select(p => $"{m.Name}({p.ParameterType.Name} {p.Name})"));

    public static List<HubCase> Generate(int firstNumber)
    {
        var cases = new List<HubCase>();
        void Add(string method, string kind, object?[] arguments, bool closes = false) =>
            cases.Add(new HubCase(firstNumber + cases.Count, method, kind, arguments, closes));

        foreach (var method in Methods())
        {
            var parameters = Arguments(method);
            var canary = parameters.Select(Canary).ToArray();
            Add(method.Name, "canary arguments", canary);
            Add(method.Name, "no arguments", []);
            Add(method.Name, "one argument too many", [.. canary, "hz-extra"]);
            for (var i = 0; i < parameters.Count; i++)
            {
                var values = Values(parameters[i]);
                foreach (var (kind, value) in values)
                {
                    var arguments = (object?[])canary.Clone();
                    arguments[i] = value;
                    Add(method.Name, $"{parameters[i].Name} = {kind}", arguments);
                }
            }
        }

        foreach (var name in new[] { "NoSuchMethod", " ", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "joincockpit", "JOINCOCKPIT", "JoinCockpit\u0000" })
        {
            Add(name, "a method the hub does not have", ["hz"]);
        }

        // A target that is not text cannot even be read: SignalR closes the connection, as it does for any unreadable message.
        Add("\ud800", "a method name that is not Unicode text", ["hz"], closes: true);

        // SignalR closes a connection whose message exceeds its maximum (32 KB by default): a refusal, not a fault.
        Add(Methods()[0].Name, "a 100,000-character argument (over SignalR's message limit)", [new string('x', 100_000)], closes: true);
        return cases;
    }

    private static object? Canary(ParameterInfo parameter) => parameter.Name switch
    {
        "cockpitId" => HostileApp.CockpitId,
        "code" => HostileApp.KpiCode,
        "period" => "minute",
        _ => Type.GetTypeCode(Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) switch
        {
            TypeCode.String => "hz",
            TypeCode.Boolean => true,
            TypeCode.Double => 1.5,
            _ => 1,
        },
    };

    private static IEnumerable<(string Kind, object? Value)> Values(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var values = new List<(string, object?)> { ("null", null) };
        if (type == typeof(string))
        {
            values.AddRange(HostileValues.Ids.Select(v => (Show(v), (object?)v)));
            values.AddRange(new[] { "", "minute ", "MINUTE", "hour\u0000", "\ud800", "week", new string('a', 20_000) }.Select(v => (Show(v), (object?)v)));
            values.AddRange(new object?[] { 0, -1, 1.5, double.MaxValue, true, new[] { "a" }, new Dictionary<string, object> { ["a"] = 1 }, new object[] { new object[] { } } }
                .Select(v => ($"a {v!.GetType().Name} instead of text", (object?)v)));
        }
        else
        {
            values.AddRange(new object?[] { "1", "NaN", "", true, long.MaxValue, double.MaxValue, -1, new[] { 1 }, new Dictionary<string, object>() }
                .Select(v => ($"{System.Text.Json.JsonSerializer.Serialize(v)}", (object?)v)));
        }

        return values;
    }

    private static string Show(string value)
    {
        var shown = value.Length > 40 ? value[..20] + $"… {value.Length:N0} chars" : value;
        return "\"" + string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c > 0x7E ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }
}
