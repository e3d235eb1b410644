namespace DashboardFactory.Api.Demo;

/// <summary>The "Demo" section: seed a demo fleet so a new user sees something at once.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; } = true;
}
