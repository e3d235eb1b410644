using System.Collections.Concurrent;
using System.Diagnostics;
using DashboardFactory.Merging;
using Xunit.Abstractions;

namespace DashboardFactory.UnitTests.Merging;

public sealed class Diff3GitCorpusTests(ITestOutputHelper output)
{
    private const int DefaultCases = 600;
    private const int FirstSeed = 20_000;

    // DF_DIFF3_CASES widens the corpus when hunting for a rare divergence without slowing the normal run.
    private static readonly int Cases =
        int.TryParse(Environment.GetEnvironmentVariable("DF_DIFF3_CASES"), out var cases) && cases > 0 ? cases : DefaultCases;

    [Fact]
    public void EveryGeneratedCaseMergesExactlyLikeGitMergeFile()
    {
        var root = Path.Combine(Path.GetTempPath(), "df-diff3-corpus-" + Guid.NewGuid().ToString("N"));
        var mismatches = new ConcurrentBag<string>();
        var clean = 0;
        var conflicting = 0;
        var watch = Stopwatch.StartNew();
        try
        {
            Parallel.For(
                0,
                Cases,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2) },
                i =>
                {
                    var seed = FirstSeed + i;
                    var (@base, ours, theirs) = Case(seed);
                    var mismatch = Check(Path.Combine(root, seed.ToString()), @base, ours, theirs, out var conflicted);
                    if (mismatch is not null)
                    {
                        mismatches.Add($"seed {seed}: {mismatch}\n  base:   {Show(@base)}\n  ours:   {Show(ours)}\n  theirs: {Show(theirs)}");
                    }

                    Interlocked.Increment(ref conflicted ? ref conflicting : ref clean);
                });
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        output.WriteLine($"{Cases} cases checked against git merge-file in {watch.Elapsed.TotalSeconds:F1} s: {clean} clean, {conflicting} conflicting.");
        foreach (var mismatch in mismatches.OrderBy(m => m, StringComparer.Ordinal))
        {
            output.WriteLine(mismatch);
        }

        mismatches.Should().BeEmpty();

        // A corpus that stopped producing one kind of case would stop testing it.
        clean.Should().BeGreaterThan(Cases / 5);
        conflicting.Should().BeGreaterThan(Cases / 5);
    }

    [Fact]
    public void LargeTextsWhoseDiffsHitTheSearchCostLimitMergeExactlyLikeGitMergeFile()
    {
        // Thousands of scattered edits make xdiff give up on an optimal script and take its furthest-reaching
        // path instead; the small corpus never gets there.
        var root = Path.Combine(Path.GetTempPath(), "df-diff3-large-" + Guid.NewGuid().ToString("N"));
        var mismatches = new ConcurrentBag<string>();
        try
        {
            Parallel.For(0, 4, i =>
            {
                var seed = 70_000 + i;
                var (@base, ours, theirs) = LargeCase(seed);
                var mismatch = Check(Path.Combine(root, seed.ToString()), @base, ours, theirs, out _);
                if (mismatch is not null)
                {
                    mismatches.Add($"large seed {seed}: {mismatch[..Math.Min(mismatch.Length, 400)]}");
                }
            });
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        mismatches.Should().BeEmpty();
    }

    private static (string Base, string Ours, string Theirs) Case(int seed)
    {
        var generator = new GeneratedText(seed);
        var @base = generator.Base();
        var ours = generator.Edit(@base);

        // Deriving theirs from ours now and then produces identical changes on both sides next to different ones.
        var theirs = seed % 10 == 0 ? generator.Edit(ours) : generator.Edit(@base);
        return (@base.ToString(), ours.ToString(), theirs.ToString());
    }

    private static (string Base, string Ours, string Theirs) LargeCase(int seed)
    {
        var random = new Random(seed);
        string Line() => random.Next(100) < 70 ? "w" + random.Next(40) : "u" + random.Next(100_000);
        List<string> Edit(List<string> lines)
        {
            var edited = new List<string>(lines);
            for (var e = 0; e < 300; e++)
            {
                var at = random.Next(edited.Count + 1);
                var kind = random.Next(3);
                if (kind != 0)
                {
                    edited.RemoveRange(at, Math.Min(1 + random.Next(8), edited.Count - at));
                }

                if (kind != 1)
                {
                    edited.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => Line()));
                }
            }

            return edited;
        }

        static string Join(List<string> lines) => string.Concat(lines.Select(l => l + "\n"));
        var @base = Enumerable.Range(0, 3000).Select(_ => Line()).ToList();
        return (Join(@base), Join(Edit(@base)), Join(Edit(@base)));
    }

    private static string? Check(string directory, string @base, string ours, string theirs, out bool conflicted)
    {
        var merge = Diff3.Merge(@base, ours, theirs);
        var (gitText, gitConflicts) = GitMergeFile.Run(directory, @base, ours, theirs, favorOurs: false);
        conflicted = gitConflicts > 0;

        if (Math.Min(merge.Conflicts, 127) != gitConflicts)
        {
            return $"conflicts: ours {merge.Conflicts}, git {gitConflicts}; text {Show(merge.Text)}";
        }

        if (gitConflicts > 0)
        {
            (gitText, _) = GitMergeFile.Run(directory, @base, ours, theirs, favorOurs: true);
        }

        return GitMergeFile.Bytes(merge.Text).AsSpan().SequenceEqual(gitText)
            ? null
            : $"text differs ({gitConflicts} conflicts)\n  ours:   {Show(merge.Text)}\n  git:    {Show(System.Text.Encoding.UTF8.GetString(gitText))}";
    }

    private static string Show(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n") + "\"";
}
