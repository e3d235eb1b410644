using System.IO.Hashing;
using System.Text;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Campaigns;

/// <summary>One campaign per release: "{featureId}-v{version}", hashed down when that would pass the 64-character id limit.</summary>
public static class CampaignIds
{
    public static string For(FeatureRelease release) => For(release.FeatureId, release.Version);

    public static string For(string featureId, string version)
    {
        var id = $"{featureId}-v{version}";
        return id.Length <= 64 ? id : $"{featureId[..40]}-{XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(id)):x16}";
    }
}
