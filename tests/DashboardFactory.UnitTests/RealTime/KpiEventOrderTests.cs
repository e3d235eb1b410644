using DashboardFactory.Api.RealTime;

namespace DashboardFactory.UnitTests.RealTime;

/// <summary>Which out-of-order KPI events a node still forwards: ids are (bucket, point count).</summary>
public sealed class KpiEventOrderTests
{
    private const long PerBucket = 100_000_000;
    private const long Bucket = 29_000_000;

    [Fact]
    public void NewerEventsGoOutAndAnOlderOneOfTheSameBucketIsDropped()
    {
        var order = new KpiEventOrder();

        order.Admit(Id(Bucket, 1)).Should().BeTrue();
        order.Admit(Id(Bucket, 3)).Should().BeTrue();
        order.Admit(Id(Bucket, 2)).Should().BeFalse("the bucket's newer value went out already");
        order.Admit(Id(Bucket, 3)).Should().BeFalse("the same event twice goes out once");
    }

    [Fact]
    public void ABucketsFinalValueOvertakenByTheNextBucketStillGoesOutOnce()
    {
        var order = new KpiEventOrder();
        order.Admit(Id(Bucket, 4)).Should().BeTrue();
        order.Admit(Id(Bucket + 1, 1)).Should().BeTrue();

        order.Admit(Id(Bucket, 5)).Should().BeTrue("the closed bucket's final value arrives late but is news");
        order.Admit(Id(Bucket, 5)).Should().BeFalse();
        order.Admit(Id(Bucket, 4)).Should().BeFalse("older than what went out of that bucket");
    }

    private static long Id(long bucket, long count) => bucket * PerBucket + count;
}
