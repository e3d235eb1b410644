namespace DashboardFactory.Api.Pages;

/// <summary>
/// A served page is the grain's render plus this node's asset names, so its ETag is the grain's ETag with the
/// front-end build's version appended: a new build must make browsers fetch the page again (the old hashed
/// asset names are gone), while the grain keeps answering 304 on its own part.
/// </summary>
public static class PageETag
{
    /// <summary><c>"abc"</c> and version <c>v1</c> give <c>"abc.v1"</c>.</summary>
    public static string Combine(string grainETag, string assetsVersion) =>
        grainETag.Length >= 2 && grainETag[0] == '"' && grainETag[^1] == '"'
            ? string.Concat(grainETag.AsSpan(0, grainETag.Length - 1), ".", assetsVersion, "\"")
            : grainETag;

    /// <summary>
    /// The grain's ETag inside <paramref name="ifNoneMatch"/> when it was served with these assets; null otherwise
    /// (another build, a list of tags, or anything else), which makes the grain send the page.
    /// </summary>
    public static string? GrainPart(string? ifNoneMatch, string assetsVersion)
    {
        var suffix = "." + assetsVersion + "\"";
        if (ifNoneMatch is null || ifNoneMatch.Length <= suffix.Length + 1 || ifNoneMatch[0] != '"' || !ifNoneMatch.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var inner = ifNoneMatch.AsSpan(1, ifNoneMatch.Length - 1 - suffix.Length);
        return inner.IndexOfAny('"', ',') >= 0 ? null : string.Concat("\"", inner, "\"");
    }
}
