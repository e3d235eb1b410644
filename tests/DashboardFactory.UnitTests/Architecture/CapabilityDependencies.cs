using System.Reflection;
using System.Reflection.Emit;

namespace DashboardFactory.UnitTests.Architecture;

/// <summary>
/// Which capability (namespace <c>DashboardFactory.{Capability}</c>, one feature folder) of an assembly uses which
/// other, read by reflection from its types: base types and interfaces, field, property and signature types, and
/// every type, method and field the IL of each method body names (lambdas and async state machines included, as
/// nested types). Only types defined in the assembly itself count; the contracts of the interface project are shared
/// by everyone. Constants are inlined by the compiler and leave no trace, so using one is not seen.
/// </summary>
internal sealed class CapabilityDependencies
{
    private const string Prefix = "DashboardFactory.";

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => op.Value);

    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    public CapabilityDependencies(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (CapabilityOf(type) is not { } user)
            {
                continue;
            }

            foreach (var used in Used(type))
            {
                if (used.Assembly == assembly && CapabilityOf(used) is { } capability && capability != user)
                {
                    Edges(user).TryAdd(capability, $"{Outermost(type).Name} uses {Outermost(used).Name}");
                }
            }
        }
    }

    /// <summary>A graph given edge by edge, to test the cycle search itself.</summary>
    public CapabilityDependencies(IEnumerable<(string From, string To)> uses)
    {
        foreach (var (user, used) in uses)
        {
            Edges(user).TryAdd(used, "given");
        }
    }

    /// <summary>For each capability, the ones it uses, each with one example of a use.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Uses => _edges;

    /// <summary>Every set of capabilities that use each other round a cycle (strongly connected components of two or more).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in Edges(node).Keys)
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    cycles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in _edges.Keys.ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    /// <summary>"Cockpits → Campaigns (CockpitGrain uses CampaignSchedule)" for each use inside <paramref name="component"/>.</summary>
    public IEnumerable<string> Describe(IReadOnlyList<string> component) =>
        component.SelectMany(user => Edges(user).Where(e => component.Contains(e.Key)).Select(e => $"{user} → {e.Key} ({e.Value})"));

    private static string? CapabilityOf(Type type)
    {
        var name = type.Namespace;
        return name is not null && name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..].Split('.')[0] : null;
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private Dictionary<string, string> Edges(string user)
    {
        if (!_edges.TryGetValue(user, out var edges))
        {
            _edges[user] = edges = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return edges;
    }

    private IEnumerable<Type> Used(Type type)
    {
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(declared).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(declared).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            direct.AddRange(InBody(method));
        }

        return direct.OfType<Type>().SelectMany(Expand).Where(t => !t.IsGenericParameter);
    }

    /// <summary>Types a method's IL names: of the members it calls, reads and writes, and the types it creates, casts to or loads.</summary>
    private IEnumerable<Type> InBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                switch (member)
                {
                    case Type named:
                        yield return named;
                        break;
                    case MethodBase called:
                        yield return called.DeclaringType!;
                        if (called is MethodInfo { IsGenericMethod: true } genericCall)
                        {
                            foreach (var argument in genericCall.GetGenericArguments())
                            {
                                yield return argument;
                            }
                        }

                        break;
                    case FieldInfo field:
                        yield return field.DeclaringType!;
                        yield return field.FieldType;
                        break;
                }
            }

            at += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }
    }

    /// <summary>A type with the types it is made of: element types and generic arguments.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            return Expand(type.GetElementType()!);
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? [type.GetGenericTypeDefinition(), .. type.GetGenericArguments().SelectMany(Expand)]
            : [type];
    }
}
