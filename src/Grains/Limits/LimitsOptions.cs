namespace DashboardFactory.Limits;

/// <summary>
/// The "Limits" section: how big a request, a document or a release may be and how many live KPI feeds one client may
/// hold. Read by silos (documents and releases are checked in the grains, so a caller that skips the API meets the
/// same limits) and by API nodes (bodies and subscriptions): set them alike on both. Every default lets the embedded
/// mode and the demo work untouched.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest request body of an endpoint without a limit of its own (users, votes, reasons, ...); 413 beyond.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest body of POST /api/cockpits and PATCH /api/cockpits/{id} (a merge patch may carry whole widgets).</summary>
    public int MaxCockpitBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of POST /api/features/{id}/releases (widget html, css and script).</summary>
    public int MaxReleaseBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of POST /api/kpis/{code}/points (Kpis:MaxBatch bounds the points in it).</summary>
    public int MaxKpiBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Characters of a widget's html, in a cockpit document and in a release.</summary>
    public int MaxWidgetHtmlChars { get; set; } = 64 * 1024;

    /// <summary>Characters of a widget's css and of the theme css.</summary>
    public int MaxWidgetCssChars { get; set; } = 64 * 1024;

    /// <summary>Characters of a widget's script.</summary>
    public int MaxWidgetScriptChars { get; set; } = 64 * 1024;

    /// <summary>Bytes of a widget's config as JSON.</summary>
    public int MaxWidgetConfigBytes { get; set; } = 16 * 1024;

    /// <summary>Bytes of a whole cockpit document as stored (UTF-8 JSON of title, theme and widgets).</summary>
    public int MaxDocumentBytes { get; set; } = 1024 * 1024;

    /// <summary>Characters of a release's migrationGuide and of its deprecationNotice.</summary>
    public int MaxReleaseNoteChars { get; set; } = 16 * 1024;

    /// <summary>Features one release may depend on.</summary>
    public int MaxDependencies { get; set; } = 32;

    /// <summary>Cohorts of a cockpit and of a release.</summary>
    public int MaxCohorts { get; set; } = 32;

    /// <summary>KPI feeds (code, period) one hub connection may subscribe to at once.</summary>
    public int MaxKpiSubscriptionsPerConnection { get; set; } = 256;

    /// <summary>KPI feeds one user may hold at once on one API node: hub subscriptions, SSE streams and GraphQL subscriptions together.</summary>
    public int MaxKpiSubscriptionsPerUser { get; set; } = 4096;

    public const string Rule =
        "Limits: body sizes from 1 KiB to 64 MiB (MaxBodyBytes, MaxCockpitBodyBytes, MaxReleaseBodyBytes, MaxKpiBodyBytes); widget html, css and "
        + "script 1..1048576 characters, MaxWidgetConfigBytes 2..1048576, MaxDocumentBytes 1 KiB..64 MiB, MaxReleaseNoteChars 1..1048576, "
        + "MaxDependencies and MaxCohorts 0..1000, MaxKpiSubscriptionsPerConnection 1..100000 and at most MaxKpiSubscriptionsPerUser (at most 1000000).";

    public bool IsValid() =>
        Body(MaxBodyBytes) && Body(MaxCockpitBodyBytes) && Body(MaxReleaseBodyBytes) && Body(MaxKpiBodyBytes)
        && Text(MaxWidgetHtmlChars) && Text(MaxWidgetCssChars) && Text(MaxWidgetScriptChars) && Text(MaxReleaseNoteChars)
        && MaxWidgetConfigBytes is >= 2 and <= 1024 * 1024
        && Body(MaxDocumentBytes)
        && MaxDependencies is >= 0 and <= 1000
        && MaxCohorts is >= 0 and <= 1000
        && MaxKpiSubscriptionsPerConnection is >= 1 and <= 100_000
        && MaxKpiSubscriptionsPerUser >= MaxKpiSubscriptionsPerConnection && MaxKpiSubscriptionsPerUser <= 1_000_000;

    private static bool Body(int bytes) => bytes is >= 1024 and <= 64 * 1024 * 1024;

    private static bool Text(int chars) => chars is >= 1 and <= 1024 * 1024;
}
