namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>Where the built hosts are, for tests that run them as real processes.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever this test assembly was built as, so the hosts match it.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string SiloDll => HostDll("Silo", "DashboardFactory.Silo.dll");

    public static string ApiDll => HostDll("Api", "DashboardFactory.Api.dll");

    private static string HostDll(string project, string dll)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution first (./test.sh does).", path);
    }

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
