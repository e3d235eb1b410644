using DashboardFactory.Rendering;
using DashboardFactory.Telemetry;

namespace DashboardFactory.Cockpits;

/// <summary>
/// A cockpit's rendered page, made on the first read after a change and kept until the next change: reads far
/// outnumber changes, and rendering (sanitizing every widget) is the expensive part of a read.
/// </summary>
public sealed class CockpitPageCache(string cockpitId, string contentSecurityPolicy)
{
    private RenderedPage? _page;

    public RenderedPage Get(CockpitState state)
    {
        if (_page is null)
        {
            _page = CockpitRenderer.Render(cockpitId, state.Version, CockpitDocument.Parse(state.DocumentJson), contentSecurityPolicy);
            CockpitMetrics.Renders.Add(1, new KeyValuePair<string, object?>("cockpit.id", cockpitId));
        }

        return _page;
    }

    /// <summary>The document changed: the next read renders it again.</summary>
    public void Invalidate() => _page = null;
}
