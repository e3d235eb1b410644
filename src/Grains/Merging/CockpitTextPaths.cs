namespace DashboardFactory.Merging;

/// <summary>
/// The cockpit fields that are source text (CSS, widget HTML and script) rather than values: those are merged line by line,
/// so an operator's tweak to one rule survives a factory update that touched another.
/// </summary>
public static class CockpitTextPaths
{
    public static bool IsText(string path)
    {
        var keys = JsonMergePath.Parse(path);
        if (keys is null)
        {
            return false;
        }

        return keys switch
        {
            ["theme", "css"] => true,
            ["widgets", _, "html" or "css" or "script"] => true,
            _ => false,
        };
    }
}
