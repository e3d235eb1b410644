using System.Diagnostics;
using System.Text;

namespace DashboardFactory.UnitTests.Merging;

/// <summary>Runs the real <c>git merge-file</c>, the specification <see cref="DashboardFactory.Merging.Diff3"/> is held to.</summary>
internal static class GitMergeFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The merged bytes and git's exit code, which is the number of conflicts (capped at 127).</summary>
    public static (byte[] Output, int ExitCode) Run(string directory, string @base, string ours, string theirs, bool favorOurs)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "base"), @base, Utf8);
        File.WriteAllText(Path.Combine(directory, "ours"), ours, Utf8);
        File.WriteAllText(Path.Combine(directory, "theirs"), theirs, Utf8);

        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in favorOurs
                     ? new[] { "merge-file", "-p", "--ours", "ours", "base", "theirs" }
                     : new[] { "merge-file", "-p", "ours", "base", "theirs" })
        {
            start.ArgumentList.Add(argument);
        }

        // merge-file reads merge.conflictstyle from config when run inside a repository, and diff3 style changes
        // how conflicts are counted, so keep every config file and any enclosing repository out of it.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var errors = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode < 0 || process.ExitCode > 127)
        {
            throw new InvalidOperationException($"git merge-file failed ({process.ExitCode}): {errors.Result}");
        }

        return (output.ToArray(), process.ExitCode);
    }

    public static byte[] Bytes(string text) => Utf8.GetBytes(text);
}
