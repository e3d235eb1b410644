using System.Text.RegularExpressions;

namespace DashboardFactory.Rendering;

/// <summary>
/// Settings of cockpit pages (section <c>Rendering</c>), read by silos (which render) and API nodes (which send
/// the same policy as a header): set them alike on both.
/// </summary>
public sealed partial class RenderingOptions
{
    public const string Section = "Rendering";

    /// <summary>
    /// Where widget images may come from besides this site and <c>data:</c> URLs: CSP source expressions such as
    /// <c>https://cdn.example.com</c> or <c>https://*.example.com</c>. Empty by default, so a widget cannot make
    /// a viewer's browser call out to any host (tracking pixels, leaking that a cockpit is open).
    /// </summary>
    public string[] ImageSources { get; set; } = [];

    /// <summary>The page's Content-Security-Policy with <see cref="ImageSources"/> in img-src.</summary>
    public string Policy => CockpitRenderer.Policy(ImageSources);

    /// <summary>A source expression without quotes, spaces, ';' or ',' (which would end or add directives).</summary>
    public bool IsValid => ImageSources.All(s => s is not null && Source().IsMatch(s));

    [GeneratedRegex(@"^(https?:|(https?://)?(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:([0-9]{1,5}|\*))?(/[A-Za-z0-9._~/-]*)?)\z")]
    private static partial Regex Source();
}
