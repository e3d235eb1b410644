using DashboardFactory.Api.Limits;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Limits;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DashboardFactory.UnitTests.RealTime;

/// <summary>
/// An API node's KPI lease book-keeping without a cluster: who counts on which feed, the limits, and which lease call
/// each change makes due; time moves on a fake clock.
/// </summary>
public sealed class KpiLeaseBookTests
{
    private const string Revenue = "revenue:minute";
    private const string Orders = "orders:minute";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly KpiSubscriptionQuota _quota = new(Options.Create(new LimitsOptions { MaxKpiSubscriptionsPerUser = 3 }));
    private readonly KpiLeaseBook _book;

    public KpiLeaseBookTests() => _book = new KpiLeaseBook(_quota, perConnection: 2, Ttl, Grace);

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void TheFirstSubscriberMakesTheLeaseDueAndTheNodeStartsReceiving()
    {
        _book.Connected("c1", "ann");

        var subscription = _book.Subscribe("c1", Revenue);

        subscription.Outcome.Should().Be(KpiSubscribeOutcome.Subscribed);
        var feed = subscription.Changed!;
        feed.Key.Should().Be(Revenue);
        feed.Group.Should().Be(CockpitHub.KpiGroup(Revenue), "the SignalR group is named once per feed");
        var step = _book.Plan(feed, Now, renew: false);
        step.Should().Be(new KpiLeaseStep(1, Call: true, StartedReceiving: true), "the grain must hear of the first subscriber");
        _book.Receiving.Should().Be(1);
        _book.Settled(feed, step.Count);
        _book.Finish(feed, step, Now).Should().BeFalse("the node keeps receiving");
        _book.Plan(feed, Now, renew: false).Should().Be(new KpiLeaseStep(1, Call: false, StartedReceiving: false), "the grain has the count already");
    }

    [Fact]
    public void ASecondSubscriptionToTheSameFeedByOneConnectionIsNotCountedTwice()
    {
        _book.Connected("c1", "ann");
        var feed = Take(_book.Subscribe("c1", Revenue).Changed!);

        var again = _book.Subscribe("c1", Revenue);

        again.Should().Be(new KpiSubscription(KpiSubscribeOutcome.Subscribed, null), "nothing changed, so no lease call");
        feed.Connections.Should().Be(1);
        _quota.Held("ann").Should().Be(1);
    }

    [Fact]
    public void TwoConnectionsOnOneFeedShareOneLeaseWithTheirCount()
    {
        _book.Connected("c1", "ann");
        _book.Connected("c2", "bob");
        var feed = Take(_book.Subscribe("c1", Revenue).Changed!);

        _book.Subscribe("c2", Revenue).Changed.Should().BeSameAs(feed);

        _book.Plan(feed, Now, renew: false).Should().Be(new KpiLeaseStep(2, Call: true, StartedReceiving: false));
        _book.Receiving.Should().Be(1, "one feed however many subscribers");
    }

    [Fact]
    public void AConnectionHoldsAtMostItsLimitOfFeeds()
    {
        _book.Connected("c1", "ann");
        _book.Subscribe("c1", Revenue);
        _book.Subscribe("c1", Orders);

        var third = _book.Subscribe("c1", "visits:minute");

        third.Should().Be(new KpiSubscription(KpiSubscribeOutcome.ConnectionFull, null));
        _quota.Held("ann").Should().Be(2, "a refused feed takes nothing from the quota");
    }

    [Fact]
    public void AUsersFeedsOnThisNodeAreBoundedAcrossConnectionsAndListeners()
    {
        _book.Connected("c1", "ann");
        _book.Connected("c2", "ann");
        _book.Subscribe("c1", Revenue);
        _book.Subscribe("c2", Revenue);
        _book.Listen(Listener(Orders, "ann")).Should().NotBeNull();

        _book.Subscribe("c2", Orders).Outcome.Should().Be(KpiSubscribeOutcome.UserFull);
        _book.Listen(Listener(Orders, "ann")).Should().BeNull("ann holds 3 feeds, the quota");
        _book.Listen(Listener(Orders, "bob")).Should().NotBeNull("the quota is per user");
    }

    [Fact]
    public void ASubscribeFromAConnectionThatIsGoneChangesNothing()
    {
        _book.Subscribe("never-connected", Revenue).Should().Be(new KpiSubscription(KpiSubscribeOutcome.Gone, null));
        _book.Feeds.Should().Be(0);
    }

    [Fact]
    public void TheLastUnsubscribeMakesTheReleaseDueAndTheFeedIsForgottenOnceReleased()
    {
        _book.Connected("c1", "ann");
        var feed = Take(_book.Subscribe("c1", Revenue).Changed!);

        _book.Unsubscribe("c1", Revenue).Should().BeSameAs(feed);
        _book.Unsubscribe("c1", Revenue).Should().BeNull("the connection no longer holds it");

        var release = _book.Plan(feed, Now, renew: false);
        release.Should().Be(new KpiLeaseStep(0, Call: true, StartedReceiving: false));
        _book.Settled(feed, 0);
        _book.Finish(feed, release, Now).Should().BeTrue("the node stopped receiving the feed");
        _book.Receiving.Should().Be(0);
        _book.Feeds.Should().Be(0);
        _book.Find(Revenue).Should().BeNull("events of a feed nobody watches are dropped");
        _quota.Held("ann").Should().Be(0);
    }

    [Fact]
    public void ADisconnectReleasesEverythingTheConnectionHeldAndItsQuota()
    {
        _book.Connected("c1", "ann");
        _book.Connected("c2", "bob");
        var revenue = Take(_book.Subscribe("c1", Revenue).Changed!);
        var orders = Take(_book.Subscribe("c1", Orders).Changed!);
        _book.Subscribe("c2", Orders);

        var released = _book.Disconnected("c1");

        released.Should().BeEquivalentTo([revenue, orders]);
        _book.Plan(revenue, Now, renew: false).Count.Should().Be(0);
        _book.Plan(orders, Now, renew: false).Count.Should().Be(1, "bob still watches orders");
        _quota.Held("ann").Should().Be(0);
        _book.Disconnected("c1").Should().BeEmpty("a second report of the same close changes nothing");
        _book.Subscribe("c1", Revenue).Outcome.Should().Be(KpiSubscribeOutcome.Gone);
    }

    [Fact]
    public void EveryLiveLeaseIsRenewedEveryThirdOfItsTtl()
    {
        _book.RenewEvery.Should().Be(TimeSpan.FromSeconds(10), "one lost renewal must not let a lease lapse");
        _book.Connected("c1", "ann");
        var feed = Take(_book.Subscribe("c1", Revenue).Changed!);

        _book.All().Should().Equal(feed);
        _book.Plan(feed, Now, renew: true).Should().Be(new KpiLeaseStep(1, Call: true, StartedReceiving: false), "a renewal calls even when the count is unchanged");
        _book.Leased().Should().Equal([feed], "given back when the node stops");
    }

    [Fact]
    public void AClosedSseStreamKeepsItsPlaceForTheResumeGraceAndThenLetsGo()
    {
        var listener = Listener(Revenue, "ann");
        var feed = Take(_book.Listen(listener)!);

        var (released, until) = _book.Release(listener, linger: true, Now);

        released.Should().BeSameAs(feed);
        until.Should().Be(Now + Grace);
        _quota.Held("ann").Should().Be(0, "a lingering place is the node's, not the user's");
        _book.Plan(feed, Now, renew: false).Should().Be(new KpiLeaseStep(1, Call: false, StartedReceiving: false), "the lease holds for a reconnection");
        _clock.Advance(Grace - TimeSpan.FromMilliseconds(1));
        _book.LingersUntil(feed, Now).Should().Be(until);
        _book.Plan(feed, Now, renew: true).Count.Should().Be(1);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _book.LingersUntil(feed, Now).Should().BeNull();
        var step = _book.Plan(feed, Now, renew: false);
        step.Should().Be(new KpiLeaseStep(0, Call: true, StartedReceiving: false), "the grace is over");
        _book.Settled(feed, 0);
        _book.Finish(feed, step, Now).Should().BeTrue();
        _book.Feeds.Should().Be(0);
    }

    [Fact]
    public void AListenerClosedForGoodLetsGoAtOnceAndOnlyOnce()
    {
        var listener = Listener(Revenue, "ann");
        var feed = Take(_book.Listen(listener)!);

        _book.Release(listener, linger: false, Now).Should().Be((feed, (DateTimeOffset?)null));
        _book.Release(listener, linger: false, Now).Should().Be(((KpiFeed?)null, (DateTimeOffset?)null));

        _book.Plan(feed, Now, renew: false).Count.Should().Be(0);
        feed.ListenerArray.Should().BeEmpty();
        _quota.Held("ann").Should().Be(0);
    }

    [Fact]
    public void ListenersAreForwardedToFromAnArrayThatIsReplacedNotChanged()
    {
        var first = Listener(Revenue, "ann");
        var feed = _book.Listen(first)!;
        var before = feed.ListenerArray;

        var second = Listener(Revenue, "bob");
        _book.Listen(second);

        before.Should().Equal([first], "a forward already under way keeps the array it read");
        feed.ListenerArray.Should().BeEquivalentTo([first, second]);
        _book.Find(Revenue).Should().BeSameAs(feed);
    }

    [Fact]
    public void TheLastLeaseCallToFinishLeavesTheLeaseMatchingTheFinalCount()
    {
        // Calls run one at a time per feed and each reads the count when it starts: a subscribe, an unsubscribe and
        // another subscribe racing each other end with the grain holding the count as it is after all of them.
        _book.Connected("c1", "ann");
        _book.Connected("c2", "bob");
        var feed = _book.Subscribe("c1", Revenue).Changed!;
        var first = _book.Plan(feed, Now, renew: false);

        _book.Subscribe("c2", Revenue);
        _book.Unsubscribe("c1", Revenue);
        _book.Settled(feed, first.Count);
        _book.Finish(feed, first, Now);

        var second = _book.Plan(feed, Now, renew: false);
        second.Should().Be(new KpiLeaseStep(1, Call: false, StartedReceiving: false), "the grain holds 1, which is the count now");

        _book.Unsubscribe("c2", Revenue);
        var third = _book.Plan(feed, Now, renew: false);
        _book.Connected("c3", "cat");
        _book.Subscribe("c3", Revenue).Changed.Should().BeSameAs(feed, "the feed is not forgotten while a call is under way");
        _book.Settled(feed, third.Count);
        _book.Finish(feed, third, Now).Should().BeTrue("that call released the lease");

        var fourth = _book.Plan(feed, Now, renew: false);
        fourth.Should().Be(new KpiLeaseStep(1, Call: true, StartedReceiving: true), "the release left the grain at 0 while cat watches");
        _book.Settled(feed, fourth.Count);
        _book.Finish(feed, fourth, Now).Should().BeFalse();
        feed.Leased.Should().Be(1);
        _book.Receiving.Should().Be(1);
    }

    [Fact]
    public void AFailedReleaseLeavesNothingLeasedOrReceived()
    {
        _book.Connected("c1", "ann");
        var feed = Take(_book.Subscribe("c1", Revenue).Changed!);
        _book.Disconnected("c1");

        var release = _book.Plan(feed, Now, renew: false);
        _book.Settled(feed, 0); // the grain did not answer: its lease lapses by itself

        _book.Finish(feed, release, Now).Should().BeTrue();
        _book.Leased().Should().BeEmpty();
        _book.Receiving.Should().Be(0);
    }

    private static KpiListener Listener(string key, string user) => new(key, user, (_, _) => Task.CompletedTask);

    /// <summary>Runs the lease call the change made due, as the relay does, and returns the feed.</summary>
    private KpiFeed Take(KpiFeed feed)
    {
        var step = _book.Plan(feed, Now, renew: false);
        _book.Settled(feed, step.Count);
        _book.Finish(feed, step, Now);
        return feed;
    }
}
