using DashboardFactory.Cockpits;

namespace DashboardFactory.UnitTests.Architecture;

/// <summary>
/// Grains stay thin: state, calls into plain classes, persistence, publishing. A grain's files (its class and any
/// partial parts, <c>{Grain}.cs</c> and <c>{Grain}.*.cs</c>) hold at most 300 lines each; logic beyond that belongs in a
/// plain class beside it, unit-tested without a cluster.
/// </summary>
public sealed class GrainFileSizeTests
{
    private const int MaxLines = 300;

    private static readonly Type[] GrainTypes =
    [
        .. typeof(CockpitGrain).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(Grain).IsAssignableFrom(t)),
    ];

    [Fact]
    public void NoGrainFileIsLongerThan300Lines()
    {
        var tooLong = GrainTypes.SelectMany(FilesOf)
            .Select(path => (Path: SourceFiles.Relative(path), Lines: File.ReadLines(path).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.Path}: {f.Lines} lines")
            .ToList();

        tooLong.Should().BeEmpty("a grain file holds at most {0} lines; move a responsibility into a plain class", MaxLines);
    }

    [Fact]
    public void EveryGrainIsFoundInAFileNamedAfterIt()
    {
        GrainTypes.Should().Contain(typeof(CockpitGrain));
        GrainTypes.Where(t => !FilesOf(t).Any()).Select(t => t.FullName).Should().BeEmpty("the size check finds a grain by its file name");
    }

    private static IEnumerable<string> FilesOf(Type grain) =>
        Directory.EnumerateFiles(Path.Combine(SourceFiles.Root, "src", "Grains"), grain.Name + "*.cs", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) == grain.Name + ".cs" || Path.GetFileName(path).StartsWith(grain.Name + ".", StringComparison.Ordinal))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
}
