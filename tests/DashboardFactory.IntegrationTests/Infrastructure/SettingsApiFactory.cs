namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>The embedded API of <see cref="ApiFactory"/> with settings of the test's own on top (null removes one).</summary>
public class SettingsApiFactory(IDictionary<string, string?> extra) : ApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>(base.Settings);
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            return settings;
        }
    }
}
