namespace DashboardFactory.Cockpits;

/// <summary>Change types as they appear on the wire: "safe", "reviewed", "breaking".</summary>
public static class ChangeTypes
{
    public static string ToWire(ChangeType type) => type switch
    {
        ChangeType.Reviewed => "reviewed",
        ChangeType.Breaking => "breaking",
        _ => "safe",
    };

    public static bool TryParse(string? text, out ChangeType type)
    {
        switch (text)
        {
            case "safe": type = ChangeType.Safe; return true;
            case "reviewed": type = ChangeType.Reviewed; return true;
            case "breaking": type = ChangeType.Breaking; return true;
            default: type = default; return false;
        }
    }
}
