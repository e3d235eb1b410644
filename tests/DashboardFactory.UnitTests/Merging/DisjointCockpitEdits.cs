using System.Text.Json.Nodes;

namespace DashboardFactory.UnitTests.Merging;

/// <summary>
/// A cockpit and two edited copies that never touch the same value: the operator changes some values and may add a
/// widget; the factory changes others, may add a widget and may remove one the operator left alone.
/// </summary>
internal sealed class DisjointCockpitEdits
{
    public DisjointCockpitEdits(int seed)
    {
        Generator = new GeneratedCockpit(seed);
        Base = Generator.Document();
        Ours = Base.DeepClone().AsObject();
        Theirs = Base.DeepClone().AsObject();

        var widgetIds = Base["widgets"]!.AsObject().Select(w => w.Key).ToList();
        RemovedWidget = widgetIds.Count > 1 && Generator.Next(3) == 0 ? widgetIds[Generator.Next(widgetIds.Count)] : null;

        Untouched = Generator.Shuffle(JsonKeys.Leaves(Base).Where(leaf => !(leaf[0] == "widgets" && leaf[1] == RemovedWidget)));
        OurLeaves = Take(1 + Generator.Next(4));
        TheirLeaves = Take(Generator.Next(5));

        foreach (var leaf in OurLeaves)
        {
            JsonKeys.Set(Ours, leaf, Generator.NewValue(JsonKeys.Get(Base, leaf)));
        }

        foreach (var leaf in TheirLeaves)
        {
            JsonKeys.Set(Theirs, leaf, Generator.NewValue(JsonKeys.Get(Base, leaf)));
        }

        if (RemovedWidget is not null)
        {
            Theirs["widgets"]!.AsObject().Remove(RemovedWidget);
        }

        if (Generator.Next(2) == 0)
        {
            OurWidget = "mine-" + seed;
            Ours["widgets"]![OurWidget] = Generator.Widget();
        }

        if (Generator.Next(2) == 0)
        {
            TheirWidget = "factory-" + seed;
            Theirs["widgets"]![TheirWidget] = Generator.Widget();
        }
    }

    public GeneratedCockpit Generator { get; }

    public JsonObject Base { get; }

    public JsonObject Ours { get; }

    public JsonObject Theirs { get; }

    public List<string[]> OurLeaves { get; }

    public List<string[]> TheirLeaves { get; }

    /// <summary>Leaves neither side changed, in random order.</summary>
    public List<string[]> Untouched { get; }

    public string? RemovedWidget { get; }

    public string? OurWidget { get; }

    public string? TheirWidget { get; }

    private List<string[]> Take(int count)
    {
        var taken = Untouched.Take(count).ToList();
        Untouched.RemoveRange(0, taken.Count);
        return taken;
    }
}
