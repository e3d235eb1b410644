namespace DashboardFactory.UnitTests.Architecture;

/// <summary>The product's C# sources (src/, without build output), found from the test's own location.</summary>
internal static class SourceFiles
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> Product() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DashboardFactory.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DashboardFactory.sln not found above " + AppContext.BaseDirectory);
    }
}
